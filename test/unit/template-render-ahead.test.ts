// renderResolving answers a render's catalog questions (relationType, columns) with stand-ins and asks them all
// at once, instead of rendering again per question; only a render that used no stand-in is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnDef, RelationName } from '../../server/src/core/types';
import { Engine, offlineResolver } from '../../server/src/engine';
import { renderResolving, requestKey, type IntrospectionRequest } from '../../server/src/template/index';

import { env, request } from './helpers/render-request';
const rel = (identifier: string): RelationName => ({ database: 'RAW', schema: 'EV', identifier });
const col = (name: string): ColumnDef => ({ name, dataType: 'TEXT' });
const relText = (id: string) => `api.Relation.create(database='RAW', schema='EV', identifier='${id}')`;

/** Counts renders through the checkpoint renderResolving takes before each one. */
function counting(): { renders: number; checkpoint: () => () => void } {
  const c = {
    renders: 0,
    checkpoint: () => {
      c.renders++;
      return () => undefined;
    },
  };
  return c;
}

test('a union over 120 tables renders a few times, not once per table, with the same output', async () => {
  const text =
    "{% set rels = [] %}{% for i in range(120) %}{% do rels.append(api.Relation.create(database='RAW', schema='EV', identifier='T' ~ i)) %}{% endfor %}" +
    '{% set names = {} %}{% for r in rels %}{% for c in adapter.get_columns_in_relation(r) %}{% do names.update({c.name: 1}) %}{% endfor %}{% endfor %}' +
    "{{ names | length }}|{% for r in rels %}{{ adapter.get_columns_in_relation(r) | map(attribute='name') | join(',') }};{% endfor %}";
  const asked: string[] = [];
  const c = counting();
  const out = await renderResolving(env(), request(text, { checkpoint: c.checkpoint }), async (r) => {
    asked.push(requestKey(r));
    const id = (r as { relation: RelationName }).relation.identifier;
    return [col('ID'), col(`C_${id}`)];
  });
  const expected = `121|${Array.from({ length: 120 }, (_, i) => `ID,C_T${i};`).join('')}`;
  assert.equal(out.sql, expected);
  assert.equal(asked.length, 120, 'each table asked once');
  assert.equal(new Set(asked).size, 120);
  assert.ok(c.renders <= 2, `renders: ${c.renders}`);
});

test('a query reached only through a stand-in is never run', async () => {
  // With the stand-in (no columns) the template would drop the table; with the real answer it does not.
  const text = `{% set cols = adapter.get_columns_in_relation(${relText('A')}) %}{% if cols | length == 0 %}{% do run_query('drop table important') %}{% endif %}{{ cols | length }}`;
  const asked: IntrospectionRequest[] = [];
  const out = await renderResolving(env(), request(text), async (r) => (asked.push(r), [col('ID'), col('NAME')]));
  assert.equal(out.sql, '2');
  assert.deepEqual(asked, [{ kind: 'columns', relation: rel('A') }]);
});

test('an answer asked ahead is asked again when a query runs before the render that reads it', async () => {
  // The stand-in for A makes the first render ask B before `create table B` runs; the kept render reads B after it.
  const text =
    `{% set a = adapter.get_columns_in_relation(${relText('A')}) %}{% if a | length == 0 %}{% set b0 = adapter.get_columns_in_relation(${relText('B')}) %}{% endif %}` +
    `{% do run_query('create table B') %}{{ adapter.get_columns_in_relation(${relText('B')}) | length }}`;
  let created = false;
  const asked: string[] = [];
  const out = await renderResolving(env(), request(text), async (r) => {
    asked.push(r.kind === 'query' ? r.sql : r.relation.identifier);
    if (r.kind === 'query') {
      created = true;
      return { columns: [], rows: [] };
    }
    if (r.relation.identifier === 'A') return [col('ID')];
    return created ? [col('X'), col('Y'), col('Z')] : [];
  });
  assert.equal(out.sql, '3');
  assert.deepEqual(asked, ['A', 'B', 'create table B', 'B']);
});

test('an error raised only because of a stand-in is not reported; the real answer renders', async () => {
  const text = `{{ adapter.get_columns_in_relation(${relText('A')})[0].name | lower }}`;
  const out = await renderResolving(env(), request(text), async () => [col('FIRST')]);
  assert.equal(out.sql, 'first');
});

test("a catalog question whose answer fails is reported at the template tag that asked it", async () => {
  const text = `line one\n{{ adapter.get_columns_in_relation(${relText('A')}) | length }}`;
  await assert.rejects(
    renderResolving(env(), request(text), async () => {
      throw new Error('permission denied');
    }),
    (e: Error & { location?: { range: { start: { line: number } } } }) => /could not answer columns of RAW\.EV\.A.*permission denied/.test(e.message) && e.location?.range.start.line === 1,
  );
});

test('log() lines are written once, and none from a render that used a stand-in', async () => {
  const text =
    `{{ log('start', info=True) }}{% set n = adapter.get_columns_in_relation(${relText('A')}) | length %}` +
    `{% if n == 0 %}{{ log('no columns', info=True) }}{% endif %}{% set m = adapter.get_columns_in_relation(${relText('B')}) | length %}` +
    `{% call statement('q', fetch_result=True) %}select {{ n }}{% endcall %}{{ log('after ' ~ n ~ ' ' ~ m, info=True) }}`;
  const lines: string[] = [];
  const out = await renderResolving(env(), request(text, { log: (m) => lines.push(m) }), async (r) => (r.kind === 'query' ? { columns: ['X'], rows: [[1]] } : [col('ID')]));
  assert.equal(out.sql, '');
  assert.deepEqual(lines, ['start', 'after 1 1']);
});

function project(files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-render-ahead-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test("an ephemeral model reached only through a stand-in is not injected into the compiled SQL", async () => {
  // The stand-in (no columns) takes the branch that refs `eph`; the warehouse's answer does not.
  const p = project({
    'dbt_project.yml': 'name: p\nprofile: p\n',
    'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id\n",
    'models/m.sql':
      "{% set cols = adapter.get_columns_in_relation(api.Relation.create(database='RAW', schema='EV', identifier='A')) %}" +
      "select {% if cols | length == 0 %}* from {{ ref('eph') }}{% else %}{{ cols[0].name }} from raw.ev.a{% endif %}\n",
  });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('m')!;
    const offline = offlineResolver(model.relation, 'first');
    const compiled = await engine.compileModel(model, {
      invocationId: 'i',
      runStartedAt: new Date(0),
      fullRefresh: false,
      existing: null,
      resolve: async (r) => (r.kind === 'columns' ? [col('ID')] : offline(r)),
    });
    assert.equal(compiled.sql, 'select ID from raw.ev.a');
    assert.deepEqual(compiled.extraCtes, []);
  } finally {
    p.cleanup();
  }
});
