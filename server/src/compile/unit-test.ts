// The SQL of a dbt unit test: each given input becomes a CTE of its rows (cast to the input's column types when
// they are known), the model's SQL reads those CTEs instead of its refs, sources and `this`, and the expected
// rows are written as a SELECT cast to the types of the model's output so both sides compare as the warehouse
// sees them. Pure text; the runner executes it.
import { YamlFloat, YamlTimestamp } from '../core/yaml-python-values';
import { BronzeError, type SourceLocation, type TargetType, type UnitTestInput } from '../core/types';
import { addCte, injectCtes, type InjectedCte } from './ephemeral';

export interface FixtureColumn {
  name: string;
  /** The warehouse type to cast to; undefined = the literal's own type. */
  type?: string;
}

/** The CTE name an input's rows are read from: dbt's `__dbt__cte__` prefix and the input's name. */
export function inputCteName(g: Pick<UnitTestInput, 'ref' | 'source' | 'isThis'>, model: string): string {
  const raw = g.isThis ? `${model}__this` : g.ref ? g.ref.name : `${g.source!.sourceName}__${g.source!.tableName}`;
  return `__dbt__cte__${raw.replace(/\W/g, '_')}`;
}

function ident(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A YAML or CSV value as a SQL literal (Snowflake reads backslash as an escape in strings; DuckDB does not). */
export function sqlLiteral(value: unknown, target: TargetType): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return Number.isFinite(Number(value)) ? String(value) : `'${String(value)}'`;
  if (value instanceof YamlFloat) return value.toString();
  // A YAML date or datetime is written as Python prints it ('2024-01-01', '2024-01-01 10:00:00'), as dbt does.
  const text = value instanceof YamlTimestamp ? value.toString() : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const escaped = target === 'snowflake' ? text.replace(/\\/g, '\\\\') : text;
  return `'${escaped.replace(/'/g, "''")}'`;
}

/** A type for a column whose input relation is unknown, from its values (as the literals would type it). */
export function inferType(values: unknown[]): string | undefined {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return undefined;
  if (present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'BIGINT';
  if (present.every((v) => typeof v === 'number' || v instanceof YamlFloat)) return 'DOUBLE';
  if (present.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return 'VARCHAR';
  return undefined;
}

/**
 * The columns of a fixture: every column of the input relation when known (those not given are NULL), else the
 * given ones typed by declaration or by their values. A given column the known relation lacks is dbt's error.
 */
export function fixtureColumns(
  rows: readonly Record<string, unknown>[],
  relationColumns: readonly FixtureColumn[] | undefined,
  declared: readonly FixtureColumn[],
  what: string,
  location: SourceLocation,
): FixtureColumn[] {
  const given: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!given.some((g) => g.toLowerCase() === k.toLowerCase())) given.push(k);
  if (relationColumns && relationColumns.length > 0) {
    for (const k of given) {
      if (!relationColumns.some((c) => c.name.toLowerCase() === k.toLowerCase())) {
        throw new BronzeError(`Invalid column name: '${k}' in unit test fixture for ${what}. Its columns are ${relationColumns.map((c) => c.name.toLowerCase()).join(', ')}.`, location, 'bronze/unit-test-column');
      }
    }
    return [...relationColumns];
  }
  const out: FixtureColumn[] = declared.map((c) => ({ ...c }));
  for (const k of given) {
    if (out.some((c) => c.name.toLowerCase() === k.toLowerCase())) continue;
    out.push({ name: k, type: inferType(rows.map((r) => r[k])) });
  }
  for (const c of out) if (c.type === undefined) c.type = inferType(rows.map((r) => valueOf(r, c.name)));
  return out;
}

function valueOf(row: Record<string, unknown>, column: string): unknown {
  if (column in row) return row[column];
  const key = Object.keys(row).find((k) => k.toLowerCase() === column.toLowerCase());
  return key === undefined ? null : row[key];
}

/** A SELECT of `rows` over `columns` (cast when typed); no rows gives the typed columns and `where false`. */
export function rowsSelect(rows: readonly Record<string, unknown>[], columns: readonly FixtureColumn[], target: TargetType, location: SourceLocation): string {
  if (columns.length === 0) {
    throw new BronzeError('The fixture has no rows and its columns are unknown: give at least one row, or build the input (or declare its columns with data_type) so its columns are known.', location, 'bronze/unit-test-invalid');
  }
  const cell = (c: FixtureColumn, v: unknown) => {
    const lit = sqlLiteral(v, target);
    return `${c.type ? `cast(${lit} as ${c.type})` : lit} as ${ident(c.name)}`;
  };
  if (rows.length === 0) return `select ${columns.map((c) => cell(c, null)).join(', ')}\nwhere false`;
  return rows.map((r) => `select ${columns.map((c) => cell(c, valueOf(r, c.name))).join(', ')}`).join('\nunion all\n');
}

/** The model's rendered SQL with each input's CTE injected before its own (dbt's unit-test compilation). */
export function withInputCtes(modelSql: string, inputs: readonly { cte: string; sql: string }[]): string {
  const ctes: InjectedCte[] = [];
  for (const i of inputs) addCte(ctes, { id: i.cte, sql: ` ${i.cte} as (\n${i.sql}\n)` });
  return injectCtes(modelSql, ctes);
}

/** The model's output limited to the expected columns, as the test compares it. */
export function actualSelect(modelSql: string, columns: readonly string[]): string {
  return `select ${columns.length > 0 ? columns.map(ident).join(', ') : '*'} from (\n${modelSql}\n) as dbt_internal_unit_test_actual`;
}

/** `format: sql` expectations: the user's SELECT limited to the expected columns. */
export function expectedFromSql(sql: string, columns: readonly string[]): string {
  return actualSelect(sql, columns);
}

/** Which model read an input stands for: `this`, `ref:<name>` or `source:<source>.<table>`. */
export function inputKey(g: Pick<UnitTestInput, 'ref' | 'source' | 'isThis'>): string {
  return g.isThis ? 'this' : g.ref ? `ref:${g.ref.name}` : `source:${g.source!.sourceName}.${g.source!.tableName}`;
}
