// Rendering a union macro over many relations with many columns (issue #14: mattermost's telemetry unions, shaped
// like dbt_utils.union_relations: the columns of every relation are asked, merged into a superset, and each
// relation's branch casts every superset column). Measures renderResolving from an empty answer cache (each
// relation's columns a warehouse question, answered at once here: the template's own cost) against the same
// template rendered once with every answer already cached, in the same run, as the baseline; prints both, the
// renders taken and the ratio. The two outputs must be identical.
//   node --import tsx bench/union-render.ts [--relations 60] [--columns 60] [--shared 40] [--runs 3] [--quick]
import type { ColumnDef, RelationName, TargetConfig } from '../server/src/core/types';
import { JinjaEnvironment, renderResolving, requestKey, type IntrospectionRequest, type RenderRequest } from '../server/src/template/index';
import { intArg, median, nowMs, parseArgs, table } from './bench-util';

const args = parseArgs(process.argv.slice(2));
// --quick (npm run bench --quick): 20 relations × 20 columns.
const relations = intArg(args, 'relations', args.quick ? 20 : 60);
const columns = intArg(args, 'columns', args.quick ? 20 : 60);
const shared = Math.min(intArg(args, 'shared', args.quick ? 12 : 40), columns);
const runs = intArg(args, 'runs', 3);

const TARGET: TargetConfig = { name: 'bench', profileName: 'bench', type: 'snowflake', threads: 1, database: 'ANALYTICS', schema: 'BENCH' };

const TEMPLATE = `{% macro union_tables(relations) %}
  {%- set relation_columns = {} -%}
  {%- set column_superset = {} -%}
  {%- for relation in relations -%}
    {%- do relation_columns.update({relation: []}) -%}
    {%- for col in adapter.get_columns_in_relation(relation) -%}
      {%- do relation_columns[relation].append(col.column) -%}
      {%- if col.column in column_superset -%}
        {%- set stored = column_superset[col.column] -%}
        {%- if col.is_string() and stored.is_string() and col.string_size() > stored.string_size() -%}
          {%- do column_superset.update({col.column: col}) -%}
        {%- endif -%}
      {%- else -%}
        {%- do column_superset.update({col.column: col}) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set names = column_superset.keys() | list -%}
  {%- for relation in relations %}
  select cast('{{ relation }}' as varchar) as _source_relation,
    {% for name in names -%}
    {%- set col = column_superset[name] -%}
    cast({{ adapter.quote(name) if name in relation_columns[relation] else 'null' }} as {{ col.data_type }}) as {{ col.quoted }}{{ ',' if not loop.last }}
    {% endfor %}from {{ relation }}
  {%- if not loop.last %}
  union all
  {%- endif -%}
  {%- endfor %}
{% endmacro %}
{%- set marker = source('bench', 'render') -%}
{%- set rels = [] -%}
{%- for i in range(${relations}) -%}
  {%- do rels.append(api.Relation.create(database='RAW', schema='EVENTS', identifier='T' ~ i)) -%}
{%- endfor -%}
{{ union_tables(rels) }}`;

/** Relation i has the shared columns and its own others; string sizes vary so the superset keeps the widest. */
function columnsOf(relation: RelationName): ColumnDef[] {
  const i = Number(relation.identifier.slice(1));
  const out: ColumnDef[] = [];
  for (let c = 0; c < shared; c++) out.push({ name: `C${c}`, dataType: c % 3 === 0 ? `VARCHAR(${16 + ((i * 7 + c) % 50)})` : c % 3 === 1 ? 'NUMBER(38,0)' : 'TIMESTAMP_NTZ(9)' });
  for (let c = shared; c < columns; c++) out.push({ name: `T${i}_C${c}`, dataType: 'VARCHAR(16777216)' });
  return out;
}

/** `onRender` counts renders: the template's first tag calls source(). */
function request(onRender: () => void): RenderRequest {
  return {
    phase: 'execute',
    text: TEMPLATE,
    file: '/bench/models/unioned.sql',
    node: {
      uniqueId: 'model.bench.unioned',
      name: 'unioned',
      packageName: 'bench',
      resourceType: 'model',
      config: { enabled: true, materialized: 'table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] },
      relation: { database: 'ANALYTICS', schema: 'BENCH', identifier: 'UNIONED' },
      fqn: ['bench', 'unioned'],
    },
    target: TARGET,
    projectName: 'bench',
    vars: { cli: {}, project: {} },
    resolveRef: () => {
      throw new Error('no ref in this bench');
    },
    resolveSource: (s, t) => (onRender(), { database: 'RAW', schema: s, identifier: t }),
    fullRefresh: false,
    invocationId: 'bench',
    runStartedAt: new Date(0),
  };
}

async function renderOnce(cache: Map<string, unknown>): Promise<{ ms: number; cpuMs: number; renders: number; asked: number; sql: string }> {
  const env = new JinjaEnvironment({ rootPackage: 'bench' });
  let renders = 0;
  let asked = 0;
  const resolve = async (r: IntrospectionRequest): Promise<unknown> => {
    asked++;
    if (r.kind !== 'columns') throw new Error(`unexpected question ${requestKey(r)}`);
    return columnsOf(r.relation);
  };
  const t0 = nowMs();
  const c0 = process.cpuUsage();
  const out = await renderResolving(env, request(() => renders++), resolve, undefined, cache);
  const cpu = process.cpuUsage(c0);
  return { ms: nowMs() - t0, cpuMs: (cpu.user + cpu.system) / 1000, renders, asked, sql: out.sql };
}

async function main(): Promise<void> {
  const full = new Map<string, unknown>();
  for (let i = 0; i < relations; i++) {
    const relation = { database: 'RAW', schema: 'EVENTS', identifier: `T${i}` };
    full.set(requestKey({ kind: 'columns', relation }), columnsOf(relation));
  }
  // Untimed first renders, so that neither measured column pays for compiling the code paths.
  await renderOnce(new Map(full));
  await renderOnce(new Map());
  const cold: Awaited<ReturnType<typeof renderOnce>>[] = [];
  const warm: Awaited<ReturnType<typeof renderOnce>>[] = [];
  for (let r = 0; r < runs; r++) {
    warm.push(await renderOnce(new Map(full)));
    cold.push(await renderOnce(new Map()));
    if (cold[r].sql !== warm[r].sql) throw new Error('the render from an empty cache differs from the render with every answer cached');
  }
  const [c, w] = [median(cold.map((x) => x.ms)), median(warm.map((x) => x.ms))];
  const [cc, wc] = [median(cold.map((x) => x.cpuMs)), median(warm.map((x) => x.cpuMs))];
  const superset = shared + relations * (columns - shared);
  console.log(`${relations} relations × ${columns} columns (${shared} shared; superset ${superset} columns, ${relations * superset} casts), median of ${runs}; load average ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
  console.log(
    table(
      ['render', 'renders', 'questions asked', 'median wall ms', 'median CPU ms', 'all runs wall ms'],
      [
        ['every answer cached (baseline: one render)', String(warm[0].renders), String(warm[0].asked), w.toFixed(0), wc.toFixed(0), warm.map((x) => x.ms.toFixed(0)).join(' ')],
        ['empty cache (renderResolving asks)', String(cold[0].renders), String(cold[0].asked), c.toFixed(0), cc.toFixed(0), cold.map((x) => x.ms.toFixed(0)).join(' ')],
      ],
    ),
  );
  console.log(`ratio empty-cache ÷ baseline: ${(c / w).toFixed(2)}× wall, ${(cc / wc).toFixed(2)}× CPU`);
}

await main();
