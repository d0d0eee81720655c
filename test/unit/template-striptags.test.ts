// Jinja2's striptags ends with Python's html.unescape. Bronze reads character references and the Latin-1 and XML
// names; another name with its ';' may be one of HTML5's, which Bronze refuses by name rather than leave as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment } from '../../server/src/template/index';

const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
const render = (t: string) => env.render(t, 'case.sql', {}).output;

test('striptags refuses an HTML5 entity name it does not know, naming it', () => {
  assert.throws(() => render('{{ "a &hellip; b" | striptags }}'), /&hellip; is not supported by Bronze/);
});

test('striptags leaves an ampersand that starts no known name as it is, and reads a Latin-1 name at a word start', () => {
  assert.equal(render('{{ "<b>AT&T</b> &copyright &eacute;t&eacute; &#x2014; &#151;" | striptags }}'), 'AT&T ©right été — —');
});
