// A table plan as one DuckDB `INSERT … SELECT … FROM range(N)`: every value is a pure function of the row number
// and the seed (DuckDB's hash), so the same seed gives the same rows and DuckDB generates them at its own speed.
// Row i < base is key k = i; the rows after it repeat an earlier key with a later update timestamp.
import type { RelationName } from '../../../server/src/core/types';
import { DUCKDB_TIMESTAMPTZ } from '../../../server/src/core/sql/snowflake-on-duckdb/duckdb-instant';
import { twinType, typeFamily } from './column-kinds';
import { dateTextSql } from './date-templates';
import { fileColumnSql } from './external-files';
import { TIME_KINDS, jsonSql, rarePaths } from './json-shape';
import type { ColumnPlan, TablePlan } from './plan';
import { daysForRowsPerDay, distinctValuesFor } from './test-counts';

export interface SqlContext {
  seed: number;
  /** Update timestamps spread over this many days before the anchor. */
  days: number;
  /** The newest timestamp generated ('YYYY-MM-DD HH:MM:SS'); fixed so runs are reproducible. */
  anchor: string;
  /**
   * The sampling run's clock ('YYYY-MM-DD HH:MM:SS' UTC): the newest value of a column a recency test guards
   * (`ColumnPlan.recent`), and of nothing else, so the rest of the data stays a function of the seed.
   */
  now: string;
  /** Distinct non-NULL values available in each referenced column, by `sourceId|column`. */
  references: Map<string, { relation: RelationName; count: number; keep?: string }>;
  /**
   * `--append`: the next batch after `offset` rows already there — new keys from `offset` on, a fifth of the
   * batch re-delivering earlier keys, every update timestamp within a day after `after`.
   */
  append?: { offset: number; after: string; keys: number };
}

const FIRST = ['Ava', 'Ben', 'Chloe', 'Diego', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara'];
const LAST = ['Adams', 'Brown', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Muller', 'Nguyen', 'Okafor', 'Patel', 'Rossi', 'Smith', 'Tanaka', 'Umar', 'Varga', 'Weber', 'Young', 'Zhang'];
const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Labs', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Vandelay Imports', 'Soylent Co', 'Cyberdyne', 'Tyrell Corp', 'Wonka Industries'];
/** Plausible values for categorical columns nothing constrains, by the column name's last word. */
const CATEGORIES: Array<[RegExp, string[]]> = [
  [/status|state$/, ['active', 'inactive', 'pending', 'closed']],
  [/plan|tier/, ['Free', 'Basic', 'Pro', 'Enterprise']],
  [/country/, ['US', 'GB', 'DE', 'FR', 'IN', 'JP', 'BR', 'CA']],
  [/currency/, ['USD', 'EUR', 'GBP', 'JPY']],
  [/region/, ['AMER', 'EMEA', 'APAC']],
  [/priority/, ['Low', 'Medium', 'High', 'Critical']],
  [/gender/, ['F', 'M', 'X']],
  [/source_system|channel|source$/, ['web', 'mobile', 'api', 'partner']],
];

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function relationSql(r: RelationName): string {
  return [r.database, r.schema, r.identifier].filter((p) => p !== '').map(quoteIdent).join('.');
}

function literal(v: string | number | boolean): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'NULL';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return `'${v.replace(/'/g, "''")}'`;
}

function list(values: ReadonlyArray<string | number | boolean>): string {
  // DuckDB lists hold one type: mixed accepted values are written as text.
  const mixed = new Set(values.map((v) => typeof v)).size > 1;
  return `[${values.map((v) => (mixed ? literal(String(v)) : literal(v))).join(', ')}]`;
}

/**
 * Accepted values (as the test compares them) as the column holds them: the test's text 'True' in a BOOLEAN
 * column is TRUE (Snowflake casts the text to the column's type to compare), '3' in a NUMBER column 3.
 */
export function asStored(values: ReadonlyArray<string | number | boolean>, dataType: string): Array<string | number | boolean> {
  const family = typeFamily(dataType);
  if (family === 'boolean') {
    return values.flatMap((v) => {
      const t = String(v).trim().toLowerCase();
      return typeof v === 'boolean' ? [v] : /^(true|t|yes|y|on|1)$/.test(t) ? [true] : /^(false|f|no|n|off|0)$/.test(t) ? [false] : [];
    });
  }
  if (family === 'integer' || family === 'decimal' || family === 'float') {
    return values.flatMap((v) => (typeof v === 'number' ? [v] : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? [Number(v)] : []));
  }
  return values.map((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : v));
}

function pick(values: ReadonlyArray<string | number | boolean>, h: string): string {
  return `${list(values)}[1 + ${h} % ${values.length}]`;
}

/** The id prefix a key column's values carry: `user_id` → `USER`. */
export function idPrefix(column: string): string {
  const stem = column.replace(/(_id|_key|_sk|_uuid|id)$/i, '').replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return (stem || 'ID').slice(0, 12);
}

/** A distinct release version for each index: 1.0.0, 1.1.0, … 1.99.0, 2.0.0, … */
function versionText(index: string): string {
  return `CAST(1 + ${index} // 100 AS VARCHAR) || '.' || CAST(${index} % 100 AS VARCHAR) || '.0'`;
}

function isNumericType(dataType: string): boolean {
  const f = typeFamily(dataType);
  return f === 'integer' || f === 'decimal' || f === 'float';
}

/**
 * An IPv4 address, public-looking (first octet 1–223), a function of `index` alone (a key's repeats repeat it): one
 * per index below 223 · 65536. A network (geolite's `network`) ends in `.0/n`, its prefix length n in 8–32.
 */
function ipText(column: string, index: string): string {
  const quad = `CAST(1 + (${index} >> 16) % 223 AS VARCHAR) || '.' || CAST((${index} >> 8) % 256 AS VARCHAR) || '.' || CAST(${index} % 256 AS VARCHAR)`;
  return /network|cidr/i.test(column) ? `${quad} || '.0/' || CAST(8 + ((${index} % 65536) * 7) % 25 AS VARCHAR)` : `${quad} || '.' || CAST(1 + ((${index} % 65536) * 37) % 254 AS VARCHAR)`;
}

export function syntheticInsert(plan: TablePlan, ctx: SqlContext): string {
  const n = plan.rows;
  const first = ctx.append?.offset ?? 0;
  const repeats = ctx.append ? (plan.key && ctx.append.keys > 0 ? Math.floor(n / 5) : 0) : plan.duplicates;
  // Rows [first, base) carry new keys (k = i); rows from base on repeat an earlier key: one below base, or when
  // appending, one the table already holds.
  const base = first + Math.max(1, n - repeats);
  const width = Math.max(7, String(n).length);
  const joins: string[] = [];
  const h = (salt: number): string => `CAST(hash(g.i, ${ctx.seed}, ${salt}) >> 1 AS BIGINT)`;
  const seconds = ctx.days * 86400;
  // A key's first update lies in the window before the anchor, leaving its last half day (a recency window: its
  // last half) for the later updates of repeated keys.
  const keyTime = (anchor: string, span: number): string => {
    const spare = Math.floor(Math.min(43200, span / 2));
    return `(TIMESTAMP '${anchor}' - to_seconds(CAST(CAST(hash(g.k, ${ctx.seed}, 1) >> 1 AS BIGINT) % ${Math.max(1, span - spare)} AS BIGINT)) - to_seconds(${spare}))`;
  };
  const updatedAt = plan.columns.find((c) => c.name === plan.updatedAt);
  const updatedKeyTime = updatedAt?.recent ? keyTime(ctx.now, updatedAt.recent) : keyTime(ctx.anchor, seconds);
  const laterBy = updatedAt?.recent ? Math.max(1, Math.floor(Math.min(43200, updatedAt.recent / 2))) : 43200;
  const updated = ctx.append
    ? `(TIMESTAMP '${ctx.append.after}' + to_seconds(CAST(1 + CAST(hash(g.i, ${ctx.seed}, 2) >> 1 AS BIGINT) % 86400 AS BIGINT)))`
    : `(CASE WHEN g.i < ${base} THEN ${updatedKeyTime} ELSE ${updatedKeyTime} + to_seconds(CAST(1 + CAST(hash(g.i, ${ctx.seed}, 2) >> 1 AS BIGINT) % ${laterBy} AS BIGINT)) END)`;

  // The rows in an order of their own (a hash of the row number and `salt`), numbered from 0: `% k` deals them
  // evenly over k values, each value ⌊n/k⌋ or ⌈n/k⌉ times, without following another column's turn.
  const dealt = (salt: number): string => `(row_number() OVER (ORDER BY hash(g.i, ${ctx.seed}, ${salt})) - 1)`;
  // A count test's number of distinct values (test-counts.ts), dealt evenly; else `own`, the generator's choice.
  const distinctIndex = (c: ColumnPlan, salt: number, own: number, hv: string): string =>
    c.distinct ? `${dealt(900 + salt)} % ${distinctValuesFor(own, n, c.distinct)}` : `${hv} % ${Math.max(1, own)}`;
  // A count test's rows per day (test-counts.ts): the rows dealt evenly over as many days as the bounds allow.
  const perDay = (c: ColumnPlan, salt: number): string | undefined => {
    const spread = c.perDay ? daysForRowsPerDay(n, ctx.days, c.perDay) : undefined;
    return spread === undefined ? undefined : `CAST(${dealt(900 + salt)} % ${spread} AS INTEGER)`;
  };
  // lpad cuts what is longer than its width: wide enough for the column's own values past its offset.
  const idText = (column: string, index: string, offset = 0): string => `'${idPrefix(column)}-' || lpad(CAST(${index} + 1 AS VARCHAR), ${Math.max(width, String(first + n + offset).length)}, '0')`;
  const valueOf = (c: ColumnPlan, salt: number): string => {
    const hv = h(salt);
    // The row's and the key's index, past the column's offset (plan.ts: a UNION's branches hold disjoint values).
    const [gi, gk] = c.offset ? [`(g.i + ${c.offset})`, `(g.k + ${c.offset})`] : ['g.i', 'g.k'];
    if (c.references) {
      const ref = ctx.references.get(`${c.references.sourceId}|${c.references.column}`);
      if (ref && ref.count > 0) {
        const alias = `ref${joins.length}`;
        const col = quoteIdent(c.references.column);
        // A unique column (or one that starts a unique combination) takes each referenced value once, in turn.
        const pickRow = c.unique ? (c.name === plan.key ? 'g.k' : 'g.i') : hv;
        joins.push(
          `LEFT JOIN (SELECT v, row_number() OVER (ORDER BY v) - 1 AS rn FROM (SELECT DISTINCT ${col} AS v FROM ${relationSql(ref.relation)} WHERE ${col} IS NOT NULL${ref.keep ? ` AND ${ref.keep}` : ''})) ${alias} ON ${alias}.rn = ${pickRow} % ${ref.count}`,
        );
        return `${alias}.v`;
      }
    }
    // A relationships test to another column of this table: the row's own value of it (before its dirt and NULLs).
    const same = c.sameAs ? plan.columns.findIndex((x) => x.name === c.sameAs) : -1;
    if (same >= 0 && !plan.columns[same].sameAs && typeFamily(plan.columns[same].dataType) === typeFamily(c.dataType)) return valueOf(plan.columns[same], 10 + same);
    if (c.seedValues && c.seedValues.length > 0) {
      // The seed's rows in turn (seed-coverage.ts), NULL cells included.
      const list = c.seedValues.map((v) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`)).join(', ');
      return `[${list}][(g.i % ${c.seedValues.length}) + 1]`;
    }
    // Text the models cut a date out of (dates-in-text.ts): its template printed for a time drawn as a timestamp's.
    if (c.dateText) return dateTextSql(c.dateText, valueOf({ ...c, dateText: undefined, kind: 'timestamp', dataType: 'TIMESTAMP_NTZ' }, salt));
    // One value in every row (plan.ts oneValue), a time the window's newest day; a column compared with it holds
    // each day of the window in turn from that one (everyDay), so the day it is looked up by has rows.
    if ((c.oneValue || c.everyDay) && TIME_KINDS.has(c.kind)) {
      const day = `DATE '${(c.recent ? ctx.now : ctx.anchor).slice(0, 10)}'`;
      const back = c.everyDay ? ` - CAST(g.i % ${Math.max(1, c.recent ? Math.floor(c.recent / 86400) : ctx.days)} AS INTEGER)` : '';
      if (c.kind === 'date') return `CAST(${day}${back} AS DATE)`;
      return c.kind === 'timestamp_tz' ? `CAST(CAST(${day}${back} AS TIMESTAMP) AS ${DUCKDB_TIMESTAMPTZ})` : `CAST(${day}${back} AS TIMESTAMP)`;
    }
    // A time a model equates with a truncated one (plan.ts onUnit, an hours spine): row i the i-th whole unit back
    // from the newest, each once.
    if (c.onUnit && TIME_KINDS.has(c.kind)) {
      const newest = `date_trunc('${c.onUnit}', TIMESTAMP '${c.recent ? ctx.now : ctx.anchor}')`;
      const back = c.onUnit === 'quarter' ? `to_months(CAST(3 * ${gi} AS INTEGER))` : `to_${c.onUnit}s(CAST(${gi} AS ${c.onUnit === 'month' || c.onUnit === 'year' ? 'INTEGER' : 'BIGINT'}))`;
      const at = `(${newest} - ${back})`;
      return c.kind === 'date' ? `CAST(${at} AS DATE)` : c.kind === 'timestamp_tz' ? `CAST(${at} AS ${DUCKDB_TIMESTAMPTZ})` : at;
    }
    // A calendar's period column (plan.ts periodOf): the first or last day of its key's week (ISO, from Monday),
    // month, quarter or year.
    const keyDay = c.periodOf ? plan.columns.findIndex((x) => x.name === c.periodOf!.day && x.everyDay) : -1;
    if (keyDay >= 0 && TIME_KINDS.has(c.kind)) {
      const { unit, edge } = c.periodOf!;
      const first = `CAST(date_trunc('${unit}', CAST(${valueOf(plan.columns[keyDay], 10 + keyDay)} AS DATE)) AS DATE)`;
      const day = edge === 'start' ? first : `CAST(${first} + INTERVAL 1 ${unit} - INTERVAL 1 DAY AS DATE)`;
      return c.kind === 'date' ? day : c.kind === 'timestamp_tz' ? `CAST(CAST(${day} AS TIMESTAMP) AS ${DUCKDB_TIMESTAMPTZ})` : `CAST(${day} AS TIMESTAMP)`;
    }
    if (c.name === plan.key) {
      const fresh = isNumericType(c.dataType)
        ? `(${gk} + 1)`
        : c.kind === 'version'
          ? versionText(gk)
          : c.kind === 'ip'
            ? ipText(c.name, gk)
            : c.kind === 'hex'
              ? `hex(${idText(c.name, gk, c.offset)})`
              : idText(c.name, gk, c.offset);
      if (!ctx.append || repeats === 0) return fresh;
      const col = quoteIdent(c.name);
      joins.push(
        `LEFT JOIN (SELECT v, row_number() OVER (ORDER BY v) - 1 AS rn FROM (SELECT DISTINCT ${col} AS v FROM ${relationSql(plan.relation)} WHERE ${col} IS NOT NULL)) prev ON g.i >= ${base} AND prev.rn = ${h(0)} % ${ctx.append.keys}`,
      );
      return `(CASE WHEN g.i < ${base} THEN ${fresh} ELSE prev.v END)`;
    }
    if (c.pairing) {
      // One index per key for the whole group (its key's own, when the key is in it): paired values repeat together.
      const group = c.pairing.group;
      const members = plan.columns.filter((x) => x.pairing?.group === group);
      const keyed = members.some((x) => x.name === plan.key);
      // A member with accepted values has no more indexes than values: index j is its j-th value.
      // So has a member a count test bounds (test-counts.ts): no more indexes than its distinct values may number.
      const choices = (x: ColumnPlan): number => Math.min(x.accepted ? asStored(x.accepted, x.dataType).length : Infinity, x.distinct?.max ?? Infinity);
      const range = Math.max(1, Math.min(Math.floor(n / 4), ...members.map(choices)));
      const j = keyed ? 'g.k' : `(CAST(hash(g.k, ${ctx.seed}, ${300 + group}) >> 1 AS BIGINT) % ${range})`;
      if (c.accepted && !keyed) return `${list(asStored(c.accepted, c.dataType))}[1 + ${j}]`;
      return isNumericType(c.dataType) ? `(${j} + 1)` : idText(c.pairing.as, j);
    }
    // A Unix time as a number: the time drawn as for a timestamp column, in the column's units.
    if (c.epoch) return `(CAST(epoch(${valueOf({ ...c, epoch: undefined, dataType: 'TIMESTAMP_NTZ' }, salt)}) AS BIGINT) * ${c.epoch})`;
    if (c.name === plan.updatedAt) return typeFamily(c.dataType) === 'date' ? `CAST(${updated} AS DATE)` : updated;
    if (c.name === plan.loadedAt && plan.updatedAt) return `(${updated} + to_seconds(CAST(60 + ${hv} % 3600 AS BIGINT)))`;
    const start = c.notBefore ? plan.columns.findIndex((x) => x.name === c.notBefore) : -1;
    if (start >= 0 && plan.columns[start].kind === c.kind && !plan.columns[start].notBefore && !plan.columns[start].epoch) {
      const from = valueOf(plan.columns[start], 10 + start);
      if (c.kind === 'timestamp' || c.kind === 'timestamp_tz') return `(${from} + to_seconds(CAST(60 + ${hv} % 7200 AS BIGINT)))`;
      if (c.kind === 'date') return `CAST(${from} + CAST(${hv} % 30 AS INTEGER) AS DATE)`;
      if (c.kind === 'integer' || c.kind === 'decimal' || c.kind === 'float') return `(${from} + ${hv} % 100)`;
    }
    const lo = c.min ?? 0;
    // Consecutive values, one per key (rows repeating a key repeat its value: de-duplicated, no gap opens).
    if (c.step !== undefined && isNumericType(c.dataType)) return `(${c.min ?? 1} + g.k * ${c.step})`;
    switch (c.kind) {
      case 'id':
        if (isNumericType(c.dataType)) return c.unique ? `(${gi} + 1)` : `(${distinctIndex(c, salt, Math.floor(n / 4), hv)} + 1)`;
        return c.unique ? idText(c.name, gi, c.offset) : idText(c.name, distinctIndex(c, salt, Math.floor(n / 4), hv));
      case 'category': {
        const listed = c.accepted ? asStored(c.accepted, c.dataType) : CATEGORIES.find(([re]) => re.test(c.name.toLowerCase()))?.[1];
        if (listed && listed.length === 0) return 'NULL';
        if (listed) return c.distinct ? `${list(listed)}[1 + ${distinctIndex(c, salt, listed.length, hv)}]` : pick(listed, hv);
        return `'${c.name.replace(/'/g, "''")}_' || CAST(${distinctIndex(c, salt, 5, hv)} AS VARCHAR)`;
      }
      case 'email': {
        const who = c.unique ? 'g.i' : `${hv} % ${n}`;
        return `lower(${pick(FIRST, hv)} || '.' || ${pick(LAST, `(${hv} >> 8)`)}) || CAST(${who} AS VARCHAR) || '@example.com'`;
      }
      case 'person': {
        const name = c.name.toLowerCase();
        if (/first|given/.test(name)) return pick(FIRST, hv);
        if (/last|surname|family/.test(name)) return pick(LAST, hv);
        return `${pick(FIRST, hv)} || ' ' || ${pick(LAST, `(${hv} >> 8)`)}${c.unique ? " || ' ' || CAST(g.i AS VARCHAR)" : ''}`;
      }
      case 'phone':
        return `'+1-555-' || lpad(CAST(${c.unique ? 'g.i' : `${hv} % 10000000`} AS VARCHAR), 7, '0')`;
      case 'company':
        return c.unique ? `${pick(COMPANIES, hv)} || ' ' || CAST(g.i AS VARCHAR)` : pick(COMPANIES, hv);
      case 'integer': {
        const hi = c.max ?? lo + 999;
        const range = Math.max(1, Math.floor(hi - lo) + 1);
        return c.unique ? `(${lo} + ${gi})` : `(${lo} + ${c.distinct ? `${distinctIndex(c, salt, range, hv)} % ${range}` : `${hv} % ${range}`})`;
      }
      case 'decimal': {
        const hi = c.max ?? lo + 10000;
        return `ROUND(${lo} + (${hv} % ${Math.max(1, Math.round((hi - lo) * 100) + 1)}) / 100.0, 2)`;
      }
      case 'float': {
        const hi = c.max ?? lo + 1;
        return `(${lo} + (${hv} % 1000001) / 1000000.0 * ${hi - lo})`;
      }
      case 'boolean':
        return `(${hv} % 2 = 0)`;
      case 'date':
        // The days before the anchor's (or, recent, the clock's) day, as a timestamp's below: per-day tables share days.
        if (perDay(c, salt)) return `CAST(DATE '${(c.recent ? ctx.now : ctx.anchor).slice(0, 10)}' - (1 + ${perDay(c, salt)}) AS DATE)`;
        if (c.recent) return `CAST(DATE '${ctx.now.slice(0, 10)}' - CAST(${hv} % ${Math.max(1, Math.floor(c.recent / 86400))} AS INTEGER) AS DATE)`;
        return `CAST(DATE '${ctx.anchor.slice(0, 10)}' - CAST(${hv} % ${Math.max(1, ctx.days)} AS INTEGER) AS DATE)`;
      case 'timestamp':
      case 'timestamp_tz':
        if (perDay(c, salt)) {
          // Whole days before the anchor's (or, recent, the clock's) day, at a time of day of their own.
          const day = `(CAST(DATE '${(c.recent ? ctx.now : ctx.anchor).slice(0, 10)}' AS TIMESTAMP) - to_days(1 + ${perDay(c, salt)}) + to_seconds(CAST(${hv} % 86400 AS BIGINT)))`;
          return c.kind === 'timestamp_tz' ? `CAST(${day} AS ${DUCKDB_TIMESTAMPTZ})` : day;
        }
        if (c.kind === 'timestamp_tz') return `CAST(TIMESTAMP '${c.recent ? ctx.now : ctx.anchor}' - to_seconds(CAST(${hv} % ${Math.max(1, c.recent ?? seconds)} AS BIGINT)) AS ${DUCKDB_TIMESTAMPTZ})`;
        return `(TIMESTAMP '${c.recent ? ctx.now : ctx.anchor}' - to_seconds(CAST(${hv} % ${Math.max(1, c.recent ?? seconds)} AS BIGINT)))`;
      case 'time':
        return `(TIME '00:00:00' + to_seconds(CAST(${hv} % 86400 AS BIGINT)))`;
      case 'json':
        if (c.json) return `CAST(${jsonSql(c.json, (k) => h(100000 + salt * 100 + k), ctx.anchor, ctx.days, ctx.now, 'g.i')} AS VARCHAR)`;
        // An ARRAY holds elements (objects, as a JSON column without paths gets): two, so a split finds a separator.
        if (/^ARRAY\b/i.test(c.dataType.trim())) return `CAST(${jsonSql({ items: {} }, (k) => h(100000 + salt * 100 + k), ctx.anchor, ctx.days)} AS VARCHAR)`;
        return `CAST(json_object('id', g.i + 1, 'value', CAST(${hv} % 1000 AS INTEGER)) AS VARCHAR)`;
      // An empty array: what its elements must be is the project's to say (a test may allow only some values).
      case 'json_array':
        return `'[]'`;
      case 'version':
        return c.unique ? versionText('g.i') : `CAST(5 + ${hv} % 6 AS VARCHAR) || '.' || CAST((${hv} >> 4) % 11 AS VARCHAR) || '.' || CAST((${hv} >> 8) % 4 AS VARCHAR)`;
      case 'ip':
        return ipText(c.name, c.unique ? 'g.i' : hv);
      // The hex of a text (DuckDB's hex(), upper-case digits): it decodes to that text (HEX_DECODE_STRING).
      case 'hex':
        return `hex('${c.name}_' || CAST(${c.unique ? 'g.i + 1' : hv} AS VARCHAR))`;
      case 'text':
        return c.unique ? `'${c.name}_' || CAST(${gi} + 1 AS VARCHAR)` : `'${c.name}_' || CAST(${distinctIndex(c, salt, Math.max(5, Math.min(1000, Math.floor(n / 10))), hv)} AS VARCHAR)`;
    }
  };

  // The literals a model compares the column with (plan.ts compared): a unique column's first rows hold one each (a
  // number its own rows draw is left out: it would be held twice); any other column's rows hold them half the time,
  // each row's choice its own hash, so two such columns of one row meet in every combination.
  const withCompared = (c: ColumnPlan, e: string, index: number): string => {
    const unique = c.unique || c.name === plan.key;
    const base = (c.min ?? 0) + (c.offset ?? 0);
    const values = unique && isNumericType(c.dataType) ? c.compared!.filter((v) => typeof v !== 'number' || !Number.isInteger(v) || v <= base || v > base + first + n + 1) : c.compared!;
    const k = values.length;
    if (k === 0) return e;
    // Text drawn as digits (a number the models cast, plan.ts textOf) is a number until the insert casts it.
    if (typeFamily(c.dataType) === 'text') e = `CAST(${e} AS VARCHAR)`;
    if (unique) {
      const row = c.name === plan.key ? 'g.k' : 'g.i';
      return `(CASE WHEN ${row} < ${k} THEN ${list(values)}[1 + ${row}] ELSE ${e} END)`;
    }
    // (Rehashed: DuckDB combines a hash's arguments so that two salts' low bits keep one difference in every row, and
    // two columns' choices would never both fall on a literal.)
    const r = `(CAST(hash(hash(g.i, ${ctx.seed}, ${960 + index})) >> 1 AS BIGINT) % ${2 * k})`;
    return `(CASE WHEN ${r} < ${k} THEN ${list(values)}[1 + ${r}] ELSE ${e} END)`;
  };

  const exprs = plan.columns.map((c, index) => {
    const salt = 10 + index;
    // An external table's file name and row number: never NULL, never dirty (Snowflake fills them itself).
    const file = fileColumnSql(c.name, plan.relation.identifier, 'g.i', first, n);
    if (file !== undefined) return `${file} AS ${quoteIdent(c.name)}`;
    if (c.unfilled) return `NULL AS ${quoteIdent(c.name)}`;
    let e = valueOf(c, salt);
    if (c.compared && !c.seedValues && !c.dateText && !c.oneValue && !c.pairing) e = withCompared(c, e, index);
    // A length test (plan.ts): the value padded to the length (rpad cuts a longer one), as its kind drew it otherwise.
    if (c.length !== undefined) e = `rpad(CAST(${e} AS VARCHAR), ${c.length}, 'X')`;
    if (c.share && typeFamily(c.dataType) === 'text') {
      // A test's share of one value (test-sql.ts): the middle of its bounds, in basis points, dealt so that every
      // prefix of the dealt order holds that share; the other rows hold another value (an accepted one).
      const bp = Math.round(((c.share.min + c.share.max) / 2) * 100);
      const r = dealt(950 + index);
      const others = (c.accepted ? asStored(c.accepted, c.dataType) : []).filter((v) => String(v) !== c.share!.value);
      // Without accepted values the generator's own value stands in, unless it happens to be the counted one.
      const other = others.length > 0 ? pick(others, h(salt)) : `(CASE WHEN ${e} = ${literal(c.share.value)} THEN ${literal(`${c.share.value}_other`)} ELSE ${e} END)`;
      e = `(CASE WHEN ((${r} + 1) * ${bp}) // 10000 > (${r} * ${bp}) // 10000 THEN ${literal(c.share.value)} ELSE ${other} END)`;
    }
    if (c.dirty && c.name !== plan.key && c.name !== plan.updatedAt && c.name !== plan.loadedAt && !c.notBefore) {
      const d = `CAST(hash(g.i, ${ctx.seed}, ${700 + index}) >> 1 AS BIGINT) % 25`;
      e = `(CASE WHEN ${d} = 0 THEN '  ' || ${e} || ' ' WHEN ${d} = 1 THEN upper(${e}) WHEN ${d} = 2 THEN lower(${e}) ELSE ${e} END)`;
    }
    if (c.name === plan.key && plan.nullKeys > 0) {
      e = `(CASE WHEN g.i < ${base} AND CAST(hash(g.i, ${ctx.seed}, 999) >> 1 AS BIGINT) % ${n} < ${plan.nullKeys} THEN NULL ELSE ${e} END)`;
    } else if (plan.sparseNulls && !c.notNull && !c.seedValues && c.name !== plan.key && c.name !== plan.updatedAt && c.name !== plan.loadedAt) {
      // Dirt: a few NULLs where nothing requires a value.
      e = `(CASE WHEN CAST(hash(g.i, ${ctx.seed}, ${500 + index}) >> 1 AS BIGINT) % 50 = 0 THEN NULL ELSE ${e} END)`;
    }
    return `${e} AS ${quoteIdent(c.name)}`;
  });
  const rowsSql = `(SELECT i, CASE WHEN i < ${base} THEN i ELSE CAST(hash(i, ${ctx.seed}, 0) >> 1 AS BIGINT) % ${base} END AS k FROM range(${first}, ${first + n}) r(i)) g`;
  const from = `FROM ${rowsSql}${joins.length ? `\n${joins.join('\n')}` : ''}`;
  return `INSERT INTO ${relationSql(plan.relation)} (${plan.columns.map((c) => quoteIdent(c.name)).join(', ')})\n${dealtInGroups(plan, exprs, from)}`;
}

/** The row number a query dealing values in groups (dealtInGroups) orders each group's rows by. */
const ROW = 'bz_row';

/**
 * `select` (the rows as drawn) with the columns a test deals in groups (plan.ts dealtInGroups, count-order.ts)
 * replaced: the p-th row of a group (its rows in drawn order) holds the order's value p mod its length, so in every
 * prefix of a group a value is held at least as often as any after it. A share test on the order's first value
 * (test-sql.ts) is dealt within the group as sql.ts deals it over the table, the rest in order between: the first
 * value's count in a prefix of m rows is ⌈m · share⌉, never below the next value's while the share is at least
 * 1 / the order's length.
 */
function dealtInGroups(plan: TablePlan, exprs: readonly string[], from: string): string {
  const select = (items: readonly string[]): string => `SELECT ${items.join(',\n       ')}\n${from}`;
  const columnNamed = (name: string): ColumnPlan | undefined => plan.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const dealt = plan.columns.filter((c) => c.dealtInGroups && c.dealtInGroups.order.length > 0 && c.dealtInGroups.groupBy.every((g) => columnNamed(g) && columnNamed(g) !== c));
  if (dealt.length === 0) return select(exprs);
  const replaced = dealt.map((c) => {
    const { order, groupBy } = c.dealtInGroups!;
    const p = `(row_number() OVER (PARTITION BY ${groupBy.map((g) => quoteIdent(columnNamed(g)!.name)).join(', ')} ORDER BY ${ROW}) - 1)`;
    const values = asStored(order, c.dataType);
    const bp = c.share && c.share.value === order[0] && order.length > 1 ? Math.round(((c.share.min + c.share.max) / 2) * 100) : undefined;
    let e = `${list(values)}[1 + ${p} % ${values.length}]`;
    if (bp !== undefined && bp * order.length >= 10000) {
      // ⌈m · share⌉ in basis points: the first value's count among the group's first m rows.
      const firsts = (m: string): string => `((${m}) * ${bp} + 9999) // 10000`;
      e = `(CASE WHEN ${firsts(`${p} + 1`)} > ${firsts(p)} THEN ${literal(order[0])} ELSE ${list(values.slice(1))}[1 + (${p} - ${firsts(p)}) % ${values.length - 1}] END)`;
    }
    return `${e} AS ${quoteIdent(c.name)}`;
  });
  return `SELECT * EXCLUDE (${ROW}) REPLACE (${replaced.join(', ')})\nFROM (${select([...exprs, `g.i AS ${ROW}`])})`;
}

/**
 * The rows of a plan's table its readers keep: those without any of the rare JSON keys a model filters on (`where
 * data:error is null`); undefined when it has none. A referencing table draws its values from these rows only, so a
 * model joining the two finds every match.
 */
export function keptRows(plan: TablePlan): string | undefined {
  const conditions = plan.columns.flatMap((c) =>
    c.json ? rarePaths(c.json).map((p) => `json_extract(CAST(${quoteIdent(c.name)} AS JSON), '$${p.map((k) => `."${k.replace(/["'\\]/g, '')}"`).join('')}') IS NULL`) : [],
  );
  return conditions.length > 0 ? conditions.join(' AND ') : undefined;
}

/** The name Snowflake stores a planned column under: its own when quoted, else upper-case (an unquoted name). */
export function storedColumnName(c: Pick<ColumnPlan, 'name' | 'quoted'>): string {
  return c.quoted ? c.name : c.name.toUpperCase();
}

/** The twin's table for a plan, in Snowflake types (the dialect layer maps them), its columns named as Snowflake's. */
export function syntheticCreate(plan: TablePlan): string {
  return `CREATE OR REPLACE TABLE ${relationSql(plan.relation)} (${plan.columns.map((c) => `${quoteIdent(storedColumnName(c))} ${twinType(c.dataType)}`).join(', ')})`;
}
