import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { webviewPage } from '../../client/src/panel/webview-page';

const opts = { cspSource: 'vscode-resource:', nonce: 'n0nce', domScriptUri: '/m/dom.js', scriptUri: '/m/page.js', styleUri: '/m/page.css', title: 'T <x>' };

test('a webview page loads the shared DOM helpers before its own script, both under the nonce and nothing else', () => {
  const html = webviewPage(opts, '<main></main>');
  const scripts = [...html.matchAll(/<script([^>]*)><\/script>/g)].map((m) => m[1]);
  assert.deepEqual(scripts, [' nonce="n0nce" src="/m/dom.js"', ' nonce="n0nce" src="/m/page.js"']);
  assert.match(html, /script-src 'nonce-n0nce'[;"]/);
  assert.match(html, /<title>T &lt;x&gt;<\/title>/);
});

test('the pages take the element builder from media/dom.js, which defines it once', () => {
  const dom = readFileSync(new URL('../../media/dom.js', import.meta.url), 'utf8');
  assert.match(dom, /bronzeDom = Object\.freeze\(\{ el \}\)/);
  for (const page of ['audit.js', 'results.js']) {
    const text = readFileSync(new URL(`../../media/${page}`, import.meta.url), 'utf8');
    assert.match(text, /const \{ el \} = .*\.bronzeDom/, page);
    assert.doesNotMatch(text, /function el\(/, `${page} defines its own el()`);
  }
});
