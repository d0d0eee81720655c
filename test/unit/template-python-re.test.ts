// dbt's modules.re is Python's re (https://docs.python.org/3/library/re.html). Before, it was a thin wrapper on
// JavaScript's RegExp: findall gave whole matches instead of the groups, search/match gave a string instead of a
// Match object, flags (re.IGNORECASE) were ignored and `(?ix)` verbose patterns (dbt_project_evaluator's
// find_all_hard_coded_references) failed with "Invalid regular expression".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment, render, type RenderRequest } from '../../server/src/template/index';

function run(text: string): string {
  const req: RenderRequest = {
    phase: 'execute',
    text: `{% set re = modules.re %}${text}`,
    file: '/proj/models/m.sql',
    target: { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'local', schema: 'main' },
    projectName: 'proj',
    vars: { cli: {}, project: {} },
    resolveRef: () => ({ database: 'd', schema: 's', identifier: 'i' }),
    resolveSource: () => ({ database: 'd', schema: 's', identifier: 'i' }),
    fullRefresh: false,
    invocationId: 'i',
    runStartedAt: new Date(0),
    env: {},
  };
  return render(new JinjaEnvironment({ rootPackage: 'proj' }), req).sql;
}

test('findall returns the groups: a tuple per match with several, the group with one, the match with none', () => {
  assert.equal(run(String.raw`{% for m in re.findall('(\w+)=(\d+)?', 'a=1, b=') %}{{ m[0] }}:{{ m[1] }};{% endfor %}`), 'a:1;b:;');
  assert.equal(run(String.raw`{{ re.findall('x(\d)', 'x1 x2') | join(',') }}`), '1,2');
  assert.equal(run(String.raw`{{ re.findall('x\d', 'x1 x2') | join(',') }}`), 'x1,x2');
});

test('inline flags and verbose patterns, as dbt_project_evaluator writes them', () => {
  const template = [
    "{% set p = '(?ix)",
    '  # from or join, then a name',
    '  (?<!distinct\\s)',
    '  (from|join)\\s+',
    '  ({{\\s*var\\s*\\(\\s*[\\\'\\"]?)?',
    '  (\\w+)',
    "' %}",
    "{% for m in re.findall(p, 'select distinct from_x FROM Orders join {{ var(\"t\") }}') %}{{ m[0] }}|{{ m[1] }}|{{ m[2] }};{% endfor %}",
  ].join('\n');
  assert.equal(run(template).trim(), 'FROM||Orders;join|{{ var("|t;');
});

test('search, match and fullmatch return a Match object or None', () => {
  assert.equal(run(String.raw`{% set m = re.search('(?P<y>\d{4})-(\d{2})', 'on 2024-05-01') %}{{ m.group('y') }} {{ m.group(2) }} {{ m.start() }} {{ m.end() }} {{ m.group() }} {{ m.groups() | join('/') }}`), '2024 05 3 10 2024-05 2024/05');
  assert.equal(run(`{{ re.search('z', 'abc') is none }} {{ re.match('b', 'abc') is none }} {{ re.match('a', 'abc').group() }}`), 'True True a');
  assert.equal(run(String.raw`{{ re.fullmatch('\d+', '123') is none }} {{ re.fullmatch('\d+', '123a') is none }}`), 'False True');
  assert.equal(run(`{% if re.search('b', 'abc') %}yes{% endif %}`), 'yes');
});

test('flags, $ before a final newline, literal braces, Unicode word characters', () => {
  assert.equal(run(`{{ re.findall('abc', 'ABC abc', re.IGNORECASE) | length }} {{ re.findall('abc', 'ABC abc') | length }}`), '2 1');
  assert.equal(run(`{{ re.search('c$', 'abc\\n') is not none }} {{ re.search('^b', 'a\\nb') is none }} {{ re.search('^b', 'a\\nb', re.M) is none }}`), 'True True False');
  assert.equal(run(`{{ re.findall('x{2}', 'xxx') | join(',') }} {{ re.findall('a{', 'a{') | join(',') }} {{ re.findall('a.c', 'a\\nc abc') | join(',') }}`), 'xx a{ abc');
  assert.equal(run(String.raw`{{ re.findall('\w+', 'café über') | join('|') }}`), 'café|über');
});

test('sub, split and compile behave as in Python', () => {
  assert.equal(run(String.raw`{{ re.sub('(\w+)@(\w+)', '\\2 at \\1', 'me@host, you@there') }}`), 'host at me, there at you');
  assert.equal(run(String.raw`{{ re.sub('\d', '#', 'a1b2c3', 2) }}`), 'a#b#c3');
  assert.equal(run(`{{ re.split('(,)', 'a,b') | join('|') }} {{ re.split(',', 'a,b,c', 1) | join('|') }}`), 'a|,|b a|b,c');
  assert.equal(run(String.raw`{% set p = re.compile('\d+') %}{{ p.findall('a1b22') | join(',') }} {{ p.search('x7').group() }}`), '1,22 7');
  assert.equal(run(`{{ re.escape('a.b*c') }}`), 'a\\.b\\*c');
});

test('Python syntax with no JavaScript form is an error that names modules.re, never another match', () => {
  assert.throws(() => run(String.raw`{{ re.search('(a)(?(1)b|c)', 'ab') }}`), /modules\.re/);
  assert.throws(() => run(String.raw`{{ re.search('\q', 'q') }}`), /modules\.re: bad escape \\q/);
});
