// renderResolving replays a template from the start after each warehouse question it could not answer, so its
// cache is keyed by the point of the template that asks: the k-th query reads back the k-th answer (the same
// statement sent twice is sent twice, as dbt sends it), and a catalog answer given before a query is not served
// after it (the query may have created or changed what it describes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnDef, RelationName, RelationType } from '../../server/src/core/types';
import { Engine } from '../../server/src/engine';
import { renderResolving, requestKey, type IntrospectionRequest, type QueryResult } from '../../server/src/template/index';

import { env, request } from './helpers/render-request';

/**
 * A warehouse of one-column tables of rows: `create table NAME`, `insert into NAME values (1)`,
 * `select count(*) from NAME`; it records every question it is asked.
 */
function warehouse(): { asked: string[]; resolve: (r: IntrospectionRequest) => Promise<unknown> } {
  const tables = new Map<string, number>([['T', 0]]);
  const asked: string[] = [];
  const resolve = async (r: IntrospectionRequest): Promise<unknown> => {
    if (r.kind !== 'query') {
      asked.push(`${r.kind} ${r.relation.identifier}`);
      const rows = tables.get(r.relation.identifier);
      if (r.kind === 'relationType') return (rows === undefined ? null : 'table') satisfies RelationType | null;
      return (rows === undefined ? [] : [{ name: 'X', dataType: 'NUMBER(38,0)' }]) satisfies ColumnDef[];
    }
    asked.push(r.sql);
    const empty: QueryResult = { columns: [], rows: [] };
    let m = /^create table (\w+)$/.exec(r.sql);
    if (m) return (tables.set(m[1].toUpperCase(), 0), empty);
    m = /^insert into (\w+) values \(1\)$/.exec(r.sql);
    if (m) return (tables.set(m[1].toUpperCase(), tables.get(m[1].toUpperCase())! + 1), empty);
    m = /^select count\(\*\) from (\w+)$/.exec(r.sql);
    if (m) return { columns: ['N'], rows: [[tables.get(m[1].toUpperCase())]] } satisfies QueryResult;
    throw new Error(`unexpected query ${r.sql}`);
  };
  return { asked, resolve };
}

const INSERT_TWICE = '{% do run_query("insert into t values (1)") %}{% do run_query("insert into t values (1)") %}';
const COUNT = 'run_query("select count(*) from t").columns[0].values()[0]';
const COUNT_AROUND_INSERT = `{% set a = ${COUNT} %}{% do run_query("insert into t values (1)") %}{% set b = ${COUNT} %}{{ a }} {{ b }}`;
const MADE = "adapter.get_relation(database='DB', schema='S', identifier='MADE')";
const MADE_COLUMNS = "adapter.get_columns_in_relation(api.Relation.create(database='DB', schema='S', identifier='MADE')) | length";
const GET_RELATION_AROUND_CREATE =
  `{% set before = ${MADE} %}{% set cols_before = ${MADE_COLUMNS} %}{% do run_query("create table made") %}` +
  `{% set after = ${MADE} %}{{ before is none }} {{ after is none }} {{ cols_before }} {{ ${MADE_COLUMNS} }}`;

test('the same statement sent twice by one render is sent twice', async () => {
  const w = warehouse();
  await renderResolving(env(), request(INSERT_TWICE), w.resolve);
  assert.deepEqual(w.asked, ['insert into t values (1)', 'insert into t values (1)']);
});

test('a query sent again after a write reads the new answer, not the first one', async () => {
  const w = warehouse();
  const out = await renderResolving(env(), request(COUNT_AROUND_INSERT), w.resolve);
  assert.equal(out.sql, '0 1');
  assert.deepEqual(w.asked, ['select count(*) from t', 'insert into t values (1)', 'select count(*) from t']);
});

test('get_relation and get_columns_in_relation before and after a CREATE in one render answer each point', async () => {
  const w = warehouse();
  const out = await renderResolving(env(), request(GET_RELATION_AROUND_CREATE), w.resolve);
  assert.equal(out.sql, 'True False 0 1');
  assert.deepEqual(w.asked, ['relationType MADE', 'columns MADE', 'create table made', 'relationType MADE', 'columns MADE']);
});

test('a loop of catalog questions after a query is still asked in one batch', async () => {
  const text =
    '{% do run_query("insert into t values (1)") %}{% set n = [] %}' +
    "{% for i in range(60) %}{% do n.append(adapter.get_columns_in_relation(api.Relation.create(database='RAW', schema='EV', identifier='T' ~ i)) | length) %}{% endfor %}" +
    '{{ n | sum }}';
  let renders = 0;
  const w = warehouse();
  const out = await renderResolving(env(), request(text, { checkpoint: () => (renders++, () => undefined) }), async (r) => (r.kind === 'columns' ? [{ name: 'ID', dataType: 'TEXT' }] : w.resolve(r)));
  assert.equal(out.sql, '60');
  assert.deepEqual(w.asked, ['insert into t values (1)']);
  // One render to send the insert, one to collect the 60 questions, one kept.
  assert.ok(renders <= 3, `renders: ${renders}`);
});

test('a relation answer the caller gives for every point holds after the render sends a query (dbt relation cache)', async () => {
  const self: RelationName = { database: 'DB', schema: 'S', identifier: 'M' };
  const cache = new Map<string, unknown>([[requestKey({ kind: 'relationType', relation: self }), 'table']]);
  const w = warehouse();
  const text = "{% do run_query(\"insert into t values (1)\") %}{{ adapter.get_relation(database='DB', schema='S', identifier='M') is none }}";
  const out = await renderResolving(env(), request(text), w.resolve, undefined, cache);
  assert.equal(out.sql, 'False');
  assert.deepEqual(w.asked, ['insert into t values (1)']);
});

function project(files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-query-occurrence-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('compiling a model and its hooks rendered apart sends each of their queries once, the same text twice', async () => {
  // The ref to an ephemeral model renders the body and the hook apart after the joined render: the parts read back
  // the joined render's answers, and the hook's statement (the body's text too) is its own occurrence.
  const p = project({
    'dbt_project.yml': 'name: p\nprofile: p\n',
    'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id\n",
    'models/m.sql':
      `{{ config(pre_hook='select {{ ${COUNT} }} as n') }}` +
      `{% do run_query("insert into t values (1)") %}select {{ ${COUNT} }} as n, id from {{ ref('eph') }}\n`,
  });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('m')!;
    const w = warehouse();
    const compiled = await engine.compileModel(model, { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, existing: null, resolve: w.resolve });
    assert.match(compiled.sql, /select 1 as n, id from/);
    assert.deepEqual(compiled.preHooks, ['select 1 as n']);
    assert.deepEqual(w.asked, ['insert into t values (1)', 'select count(*) from t', 'select count(*) from t']);
  } finally {
    p.cleanup();
  }
});

test('a statement whose text changes from one replay to the next (it prints the time) is still sent once per occurrence', async () => {
  const sent: string[] = [];
  const text =
    "{% do run_query('insert into audit values (' ~ modules.datetime.datetime.now().isoformat() ~ ')') %}" +
    '{% set n = run_query("select count(*) from t").columns[0].values()[0] %}{{ n }}';
  const out = await renderResolving(env(), request(text), async (r) => {
    if (r.kind !== 'query') throw new Error('no catalog question here');
    sent.push(r.sql.startsWith('insert') ? 'insert' : r.sql);
    return r.sql.startsWith('insert') ? { columns: [], rows: [] } : { columns: ['N'], rows: [[5]] };
  });
  assert.equal(out.sql, '5');
  assert.deepEqual(sent, ['insert', 'select count(*) from t']);
});
