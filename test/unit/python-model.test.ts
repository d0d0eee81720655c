import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { pythonCompiledCode, pythonRefKey, pythonRepr, readPythonModel } from '../../server/src/project/python-model';

test('dbt.ref / dbt.source / dbt.config calls are read; comments and strings do not count', () => {
  const code = [
    'def model(dbt, session):',
    '    dbt.config(materialized="table", tags=["a", \'b\'], packages=["faker"])',
    '    # dbt.ref("in_a_comment")',
    '    s = "dbt.ref(\'in_a_string\')"',
    '    orders = dbt.ref("stg_orders")',
    "    other = dbt.ref('pkg', 'model_x', v=2)",
    '    raw = dbt.source(',
    '        "raw", "customers"',
    '    )',
    '    limit = dbt.config.get("row_limit", 10)',
    '    mydbt.ref("not_dbt")',
    '    return orders',
  ].join('\n');
  const r = readPythonModel(code);
  assert.deepEqual(r.refs, [{ name: 'stg_orders' }, { package: 'pkg', name: 'model_x', version: '2' }]);
  assert.deepEqual(r.sources, [['raw', 'customers']]);
  assert.deepEqual(r.config, { materialized: 'table', tags: ['a', 'b'], packages: ['faker'] });
  assert.deepEqual(r.configGets, [{ key: 'row_limit', default: 10 }]);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.refs.map(pythonRefKey), ['stg_orders', 'pkg.model_x.v2']);
});

test('a dbt.ref with a non-literal argument is a located error, as dbt rejects it', () => {
  const code = 'def model(dbt, session):\n    name = "x"\n    return dbt.ref(name)\n';
  const r = readPythonModel(code);
  assert.deepEqual(r.refs, []);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].offset, code.indexOf('dbt.ref'));
  assert.match(r.errors[0].message, /literal arguments/);
});

test('ref and source maps are written as json.dumps does (ASCII only, DEL kept)', () => {
  const out = pythonCompiledCode({ code: '', refs: { 'm': 'db.s.caf\u00e9\u007f' }, sources: { 'a.b': 'db.raw.b' }, configDict: {}, this: { database: 'd', schema: 's', identifier: 'i', rendered: 'd.s.i' }, isIncremental: true });
  assert.ok(out.includes('refs = {"m": "db.s.caf\\u00e9\u007f"}'));
  assert.ok(out.includes('sources = {"a.b": "db.raw.b"}'));
  assert.ok(out.includes('self.is_incremental = True'));
});

test('config_dict values are written as Python repr', () => {
  assert.equal(pythonRepr({ a: 'x', b: [1, true, null], c: "it's" }), `{'a': 'x', 'b': [1, True, None], 'c': "it's"}`);
});

const STAUS = '/work/realworld/staus_analytics';
test('the compiled code of staus_analytics\' Python model matches dbt 1.9.8\'s byte for byte', { skip: !existsSync(`${STAUS}/target/manifest.json`) && 'corpus not present' }, () => {
  const manifest = JSON.parse(readFileSync(`${STAUS}/target/manifest.json`, 'utf8')) as { nodes: Record<string, { compiled_code: string; raw_code: string }> };
  const node = manifest.nodes['model.analytics.dim_common__dim_customer'];
  // The manifest was written from a checkout with CRLF line ends and no final newline; the corpus checkout has LF.
  const file = readFileSync(`${STAUS}/models/marts/common/dim_common__dim_customer.py`, 'utf8');
  assert.equal(node.raw_code.replace(/\r\n/g, '\n'), file.replace(/\n$/, ''));
  const code = node.raw_code;
  const calls = readPythonModel(code);
  assert.deepEqual(calls.refs, [{ name: 'stg_accounts_db__accounts' }]);
  assert.equal(calls.config.materialization, 'incremental');
  const out = pythonCompiledCode({
    code,
    refs: { stg_accounts_db__accounts: 'analytics.accounts_db.accounts' },
    sources: {},
    configDict: {},
    this: { database: 'analytics', schema: 'mrt_common', identifier: 'dim_customer', rendered: 'analytics.mrt_common.dim_customer' },
    isIncremental: false,
  });
  assert.equal(out, node.compiled_code);
});

test('triple-quoted and prefixed strings hide calls; adjacent literals join; version= keyword is read', () => {
  const code = [
    'def model(dbt, session):',
    '    """Docstring: dbt.ref("doc_only")"""',
    "    q = f'''select * from {dbt.this} -- dbt.source(\"a\", \"b\")'''",
    '    df = dbt.ref("stg_" "orders", version=3)',
    '    return df',
  ].join('\n');
  const r = readPythonModel(code);
  assert.deepEqual(r.refs, [{ name: 'stg_orders', version: '3' }]);
  assert.deepEqual(r.sources, []);
  assert.deepEqual(r.errors, []);
});
