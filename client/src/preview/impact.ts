// "What will this run change?": for one model, counts what its next run would insert, update, delete and leave
// alone in the current table — with read-only SELECTs only. The source is the model's SQL compiled exactly as
// the run compiles it (is_incremental() answered by the warehouse), and the comparisons reuse the merge's own
// ON clause and update-column list, so the numbers are the run's, not an approximation of them.
import { BronzeError, type ColumnDef, type ModelNode, type RelationType } from '../../../server/src/core/types';
import type { Engine } from '../../../server/src/engine';
import {
  isCustomMaterialization,
  isMicrobatch,
  hasUniqueKey,
  mergePredicates,
  mergeUpdateColumns,
  onSchemaChangeOf,
  predicatesOf,
  renderRelation,
  shouldFullRefresh,
  strategyOf,
} from '../../../server/src/compile';
import { sessionResolver } from '../run/node-runners';
import type { WarehouseSession } from '../warehouse/warehouse';

export type ImpactMode =
  /** The relation does not exist (or is a view, or full refresh): the run builds it from the whole SELECT. */
  | 'create'
  /** An incremental run on the existing table. */
  | 'incremental'
  /** A table model replaced by its SELECT: compared with the current table. */
  | 'replace'
  /** A view: nothing is stored, nothing to count. */
  | 'view';

export interface ColumnChange {
  column: string;
  /** Matched rows whose value of this column differs (NULL-aware). */
  rows: number;
}

export interface ChangeSample {
  key: Record<string, unknown>;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface RunImpact {
  model: string;
  relation: string;
  materialized: string;
  mode: ImpactMode;
  strategy?: string;
  uniqueKey: string[] | null;
  /** Rows the model's SELECT returns now (the incremental batch, or the whole table). */
  sourceRows: number;
  /** Rows in the table now (null when it does not exist). */
  targetRows: number | null;
  inserted: number;
  /** Target rows the MERGE updates (every matched row, whether or not a value changes, as Snowflake counts). */
  updated: number;
  deleted: number;
  /** Target rows the run leaves as they are. */
  unchanged: number;
  /** Of the matched rows, how many actually change a value, and which columns. */
  changedRows: number;
  changedColumns: ColumnChange[];
  samples: ChangeSample[];
  /** Columns the source has and the table lacks (what on_schema_change would add or ignore). */
  newColumns: string[];
  /** Key values the source holds more than once. */
  duplicateKeys: { keys: number; samples: Record<string, unknown>[] };
  /** Set when the run would fail: Snowflake error 100090 (a target row matched by several source rows). */
  wouldFail?: string;
  /** What `bronze run` reports as rows_affected for this model. */
  rowsAffected: number;
  /** The compiled SELECT the numbers are about. */
  sql: string;
}

export interface ImpactOptions {
  engine: Engine;
  session: WarehouseSession;
  model: ModelNode;
  fullRefresh?: boolean;
  /** Before/after samples of changed rows (default 5). */
  sampleSize?: number;
  signal?: AbortSignal;
}

const SRC = 'DBT_INTERNAL_SOURCE';
const DEST = 'DBT_INTERNAL_DEST';

function stripSemicolon(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}

/** A key as a list of expressions (dbt accepts one expression or a list). */
function keyList(key: string | string[] | null | undefined): string[] | null {
  if (!hasUniqueKey(key)) return null;
  return Array.isArray(key) ? key : [key.trim()];
}

/** `"name"` → `name` (the merge's update list holds quoted names, or the user's unquoted ones). */
function unquote(c: string): string {
  const m = /^"((?:[^"]|"")*)"$/.exec(c.trim());
  return m ? m[1].replace(/""/g, '"') : c.trim();
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export async function computeRunImpact(o: ImpactOptions): Promise<RunImpact> {
  const { engine, session, model, signal } = o;
  const d = engine.dialect;
  const sampleSize = o.sampleSize ?? 5;
  const exec = async (sql: string): Promise<Record<string, unknown>[]> => (await session.execute(sql, { signal })).rows;
  const number = async (sql: string): Promise<number> => Number(Object.values((await exec(sql))[0] ?? {})[0] ?? 0);

  // A microbatch model runs batch by batch, each reading its own window: one SELECT over the whole input would count
  // rows the run never writes. Refused by name rather than reported wrong.
  if (isMicrobatch(model.config)) {
    throw new BronzeError(
      `run --dry-run does not compute the impact of microbatch model '${model.name}' (it runs batch by batch, each batch replacing its own window of ${String(model.config.event_time)}). Preview its statements with bronze compile -s ${model.name} --print.`,
      model.location,
      'bronze/dry-run-microbatch',
    );
  }
  // A custom materialization's block decides at run time what it sends (it may read what its statements return):
  // nothing predicts its impact short of running it. Refused by name, as for microbatch.
  if (isCustomMaterialization(model)) {
    throw new BronzeError(
      `run --dry-run does not compute the impact of model '${model.name}': its custom materialization '${String(model.config.materialized)}' runs a {% materialization %} block whose statements are known only as it runs. Preview them with bronze compile -s ${model.name} --print.`,
      model.location,
      'bronze/dry-run-custom-materialization',
    );
  }
  const existing: RelationType | null = await session.relationType(model.relation);
  const compiled = await engine.compileModel(model, {
    invocationId: '00000000-0000-0000-0000-000000000000',
    runStartedAt: new Date(),
    fullRefresh: o.fullRefresh === true,
    which: 'run',
    existing,
    resolve: sessionResolver(session, signal),
  });
  const source = stripSemicolon(compiled.sql);
  const target = renderRelation(model.relation);
  const materialized = String(model.config.materialized);
  const base: RunImpact = {
    model: model.name,
    relation: target,
    materialized,
    mode: 'create',
    uniqueKey: keyList(model.config.unique_key),
    sourceRows: 0,
    targetRows: null,
    inserted: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    changedRows: 0,
    changedColumns: [],
    samples: [],
    newColumns: [],
    duplicateKeys: { keys: 0, samples: [] },
    rowsAffected: 0,
    sql: compiled.sql,
  };
  if (materialized === 'view') return { ...base, mode: 'view', uniqueKey: null };

  const from = `(\n${source}\n) as ${SRC}`;
  base.sourceRows = await number(`select count(*) as n from ${from}`);
  const sourceColumns = (await session.execute(source, { signal, maxRows: 0 })).columns.map((c): ColumnDef => ({ name: c.name, dataType: c.type }));
  const keys = base.uniqueKey;
  if (keys) base.duplicateKeys = await duplicateKeys(exec, number, from, keys);

  const incremental = materialized === 'incremental';
  const rebuild = existing === null || existing === 'view' || (incremental && shouldFullRefresh(model.config, o.fullRefresh === true));
  if (rebuild) {
    // CTAS: everything is new; what was there (a view, or the table on full refresh) is replaced.
    const targetRows = existing === 'table' ? await number(`select count(*) as n from ${target}`) : null;
    return { ...base, mode: 'create', targetRows, inserted: base.sourceRows, deleted: targetRows ?? 0, rowsAffected: base.sourceRows };
  }
  const targetColumns = await session.describe(model.relation);
  base.targetRows = await number(`select count(*) as n from ${target}`);
  base.newColumns = sourceColumns.filter((s) => !targetColumns.some((t) => sameName(s.name, t.name))).map((c) => c.name);
  const destTable = `${target} as ${DEST}`;

  if (!incremental) {
    // A table model: its SELECT replaces the table. Compared by unique key, or by whole rows without one.
    const common = sourceColumns.filter((s) => targetColumns.some((t) => sameName(s.name, t.name)));
    const out: RunImpact = { ...base, mode: 'replace', rowsAffected: base.sourceRows };
    if (keys) {
      const on = mergePredicates(keys, []).join(' and ');
      const matchedTarget = await number(`select count(*) as n from ${destTable} where exists (select 1 from ${from} where ${on})`);
      const matchedSource = await number(`select count(*) as n from ${from} where exists (select 1 from ${destTable} where ${on})`);
      out.inserted = base.sourceRows - matchedSource;
      out.deleted = base.targetRows - matchedTarget;
      const cols = common.map((c) => d.quote(c.name));
      Object.assign(out, await columnChanges(exec, destTable, from, on, cols, keys, sampleSize));
      out.updated = out.changedRows;
      out.unchanged = matchedTarget - out.changedRows;
    } else {
      const list = common.map((c) => d.quote(c.name)).join(', ');
      const added = await number(`select count(*) as n from (select ${list} from ${from} except select ${list} from ${target}) as a`);
      const removed = await number(`select count(*) as n from (select ${list} from ${target} except select ${list} from ${from}) as r`);
      out.inserted = added;
      out.deleted = removed;
      out.unchanged = base.targetRows - removed;
    }
    return out;
  }

  const strategy = strategyOf(model.config, model.location);
  const predicates = predicatesOf(model.config);
  const mode = onSchemaChangeOf(model.config);
  const destColumns = mode !== 'ignore' && sourceColumns.length > 0 ? sourceColumns : targetColumns;
  const out: RunImpact = { ...base, mode: 'incremental', strategy };

  if (strategy === 'append' || ((strategy === 'merge' || strategy === 'default') && !keys)) {
    // No key: every source row is inserted (dbt's merge without unique_key is an INSERT).
    return { ...out, inserted: base.sourceRows, unchanged: base.targetRows, rowsAffected: base.sourceRows };
  }
  if (strategy === 'insert_overwrite') {
    return { ...out, inserted: base.sourceRows, deleted: base.targetRows, rowsAffected: base.sourceRows };
  }
  const on = mergePredicates(keys!, predicates).join(' and ');
  const updateCols = mergeUpdateColumns(d, {
    strategy,
    target: model.relation,
    tmp: model.relation,
    uniqueKey: keys,
    destColumns,
    predicates,
    mergeUpdateColumns: model.config.merge_update_columns,
    mergeExcludeColumns: model.config.merge_exclude_columns,
    location: model.location,
  });
  // Columns new to the table are compared by nothing (they are NULL there): listed as new columns instead.
  const compared = updateCols.filter((c) => targetColumns.some((t) => sameName(t.name, unquote(c))));
  const matchedTarget = await number(`select count(*) as n from ${destTable} where exists (select 1 from ${from} where ${on})`);
  Object.assign(out, await columnChanges(exec, destTable, from, on, compared, keys!, sampleSize));

  if (strategy === 'delete+insert') {
    // dbt's delete: target rows whose key tuple is in the batch (plus the predicates); then the whole batch is inserted.
    const keyTuple = keys!.join(', ');
    const where = [`(${keyTuple}) in (select distinct ${keyTuple} from (\n${source}\n) as ${SRC})`, ...predicates].join(' and ');
    const deleted = await number(`select count(*) as n from ${destTable} where ${where}`);
    return { ...out, deleted, inserted: base.sourceRows, updated: 0, unchanged: base.targetRows - deleted, rowsAffected: base.sourceRows };
  }
  // MERGE: a source row matching no target row is inserted; every matched target row is updated.
  const matchedSource = await number(`select count(*) as n from ${from} where exists (select 1 from ${destTable} where ${on})`);
  const pairs = await number(`select count(*) as n from ${destTable} join ${from} on ${on}`);
  out.inserted = base.sourceRows - matchedSource;
  out.updated = matchedTarget;
  out.unchanged = base.targetRows - matchedTarget;
  out.rowsAffected = out.inserted + out.updated;
  if (pairs > matchedTarget) {
    out.wouldFail =
      `Duplicate row detected during DML action (Snowflake error 100090): ${pairs - matchedTarget} target row(s) of ${target} ` +
      `match more than one source row. Make the source unique on ${keys!.join(', ')}.`;
  }
  return out;
}

type Exec = (sql: string) => Promise<Record<string, unknown>[]>;

async function duplicateKeys(exec: Exec, number: (sql: string) => Promise<number>, from: string, keys: string[]): Promise<RunImpact['duplicateKeys']> {
  const select = keys.map((k, i) => `${SRC}.${k} as k${i}`).join(', ');
  const groups = `select ${select}, count(*) as n from ${from} group by ${keys.map((_, i) => i + 1).join(', ')} having count(*) > 1`;
  const count = await number(`select count(*) as n from (${groups}) as g`);
  if (count === 0) return { keys: 0, samples: [] };
  const rows = await exec(`${groups} order by n desc limit 5`);
  return {
    keys: count,
    samples: rows.map((r) => {
      const sample: Record<string, unknown> = {};
      keys.forEach((k, i) => (sample[k] = valueOf(r, `k${i}`)));
      sample.count = Number(valueOf(r, 'n'));
      return sample;
    }),
  };
}

/** Reads a column whatever case the warehouse gave its name (Snowflake upper-cases unquoted aliases). */
function valueOf(row: Record<string, unknown>, name: string): unknown {
  if (name in row) return row[name];
  const hit = Object.keys(row).find((k) => sameName(k, name));
  return hit === undefined ? undefined : row[hit];
}

async function columnChanges(
  exec: Exec,
  destTable: string,
  from: string,
  on: string,
  columns: string[],
  keys: string[],
  sampleSize: number,
): Promise<Pick<RunImpact, 'changedRows' | 'changedColumns' | 'samples'>> {
  if (columns.length === 0) return { changedRows: 0, changedColumns: [], samples: [] };
  const differs = columns.map((c) => `${SRC}.${c} is distinct from ${DEST}.${c}`);
  const sums = differs.map((e, i) => `sum(case when ${e} then 1 else 0 end) as c${i}`).join(', ');
  const join = `${destTable} join ${from} on ${on}`;
  const [totals] = await exec(`select ${sums}, sum(case when ${differs.map((e) => `(${e})`).join(' or ')} then 1 else 0 end) as any_change from ${join}`);
  const changedColumns = columns
    .map((c, i) => ({ column: unquote(c), rows: Number(valueOf(totals ?? {}, `c${i}`) ?? 0) }))
    .filter((c) => c.rows > 0);
  const changedRows = Number(valueOf(totals ?? {}, 'any_change') ?? 0);
  if (changedRows === 0 || sampleSize <= 0) return { changedRows, changedColumns, samples: [] };
  const picks = [
    ...keys.map((k, i) => `${DEST}.${k} as k${i}`),
    ...columns.flatMap((c, i) => [`${DEST}.${c} as b${i}`, `${SRC}.${c} as a${i}`, `case when ${differs[i]} then 1 else 0 end as d${i}`]),
  ].join(', ');
  const rows = await exec(`select ${picks} from ${join} where ${differs.map((e) => `(${e})`).join(' or ')} limit ${sampleSize}`);
  const samples = rows.map((r): ChangeSample => {
    const key: Record<string, unknown> = {};
    keys.forEach((k, i) => (key[k] = valueOf(r, `k${i}`)));
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      if (Number(valueOf(r, `d${i}`)) !== 1) return;
      before[unquote(c)] = valueOf(r, `b${i}`);
      after[unquote(c)] = valueOf(r, `a${i}`);
    });
    return { key, before, after };
  });
  return { changedRows, changedColumns, samples };
}
