// Data tests as dbt renders them: the generic tests' SQL (built-ins and dbt_utils), the where-subquery,
// the test wrapper that counts failures, the verdict, and store_failures.
import { BronzeError, type RelationName, type SourceLocation } from '../core/types';
import type { Dialect } from './dialect';
import { pythonStr, quoteIdentifier, renderRelation } from './sql-text';

/** Keyword arguments of a generic test; `model` is the rendered relation or where-subquery. */
export interface GenericTestKwargs {
  model: string;
  column_name?: string;
  [key: string]: unknown;
}

export interface GenericTestOptions {
  /** `not_null` and `expression_is_true` select `*` when failures are stored. */
  storeFailures?: boolean;
  /** Attached to errors about missing or unknown tests. */
  location?: SourceLocation;
}

/** The generic tests Bronze writes itself: dbt's built-ins and the dbt_utils ones bronze projects use. */
export const BUILT_IN_TESTS: readonly string[] = ['unique', 'not_null', 'accepted_values', 'relationships'];
export const DBT_UTILS_TESTS: readonly string[] = ['expression_is_true', 'accepted_range', 'unique_combination_of_columns'];

/**
 * A built-in dbt test's SQL with the whitespace dbt's test macros print around it (the `{% test %}` wrapper, its
 * dispatch, and not_null's `set` line) — the same in the compiled_code of dbt 1.2, 1.3, 1.9 and 1.10
 * (test/realworld/dbtdiff.ts).
 */
export function framedAsDbt(name: string, sql: string): string {
  return `\n    \n    \n\n${name === 'not_null' ? '\n\n' : ''}${sql}\n\n\n`;
}

/** dbt's get_where_subquery. */
export function whereSubquery(model: string, where: string | undefined | null): string {
  return where ? `(select * from ${model} where ${where}) dbt_subquery` : model;
}

/**
 * The SQL of a generic test, exactly as dbt's macros render it (leading and trailing blank lines trimmed).
 * Throws a BronzeError for a test Bronze does not know.
 */
export function genericTestSql(
  name: string,
  namespace: string | undefined,
  kwargs: GenericTestKwargs,
  options: GenericTestOptions = {},
): string {
  const ns = namespace === 'dbt' ? undefined : namespace;
  const known = ns === undefined ? BUILT_IN_TESTS.includes(name) || DBT_UTILS_TESTS.includes(name) : ns === 'dbt_utils' && DBT_UTILS_TESTS.includes(name);
  if (!known) {
    const full = ns ? `${ns}.${name}` : name;
    throw new BronzeError(
      `Unknown generic test '${full}'. Bronze knows ${BUILT_IN_TESTS.join(', ')} and dbt_utils.${DBT_UTILS_TESTS.join(', dbt_utils.')}. ` +
        'Fix the test name in schema.yml, or write a singular test in tests/.',
      options.location,
      'bronze/unknown-generic-test',
    );
  }
  const arg = (key: string): unknown => kwargs[key];
  const need = (key: string): string => {
    const v = kwargs[key];
    if (v === undefined || v === null || v === '') {
      throw new BronzeError(
        `Generic test '${name}' needs the argument '${key}'. Add it under the test in schema.yml.`,
        options.location,
        'bronze/missing-test-argument',
      );
    }
    return String(v);
  };
  const model = kwargs.model;
  switch (name) {
    case 'unique': {
      const c = need('column_name');
      return [
        'select',
        `    ${c} as unique_field,`,
        '    count(*) as n_records',
        '',
        `from ${model}`,
        `where ${c} is not null`,
        `group by ${c}`,
        'having count(*) > 1',
      ].join('\n');
    }
    case 'not_null': {
      const c = need('column_name');
      return [`select ${options.storeFailures ? '*' : c}`, `from ${model}`, `where ${c} is null`].join('\n');
    }
    case 'accepted_values': {
      const c = need('column_name');
      const values = arg('values');
      if (!Array.isArray(values)) {
        throw new BronzeError(
          `Generic test 'accepted_values' needs 'values' as a list. Add values: [..] under the test in schema.yml.`,
          options.location,
          'bronze/missing-test-argument',
        );
      }
      const quote = arg('quote') !== false;
      const list = values.map((v) => (quote ? `'${pythonStr(v)}'` : pythonStr(v))).join(',');
      return [
        'with all_values as (',
        '',
        '    select',
        `        ${c} as value_field,`,
        '        count(*) as n_records',
        '',
        `    from ${model}`,
        `    group by ${c}`,
        '',
        ')',
        '',
        'select *',
        'from all_values',
        'where value_field not in (',
        `    ${list}`,
        ')',
      ].join('\n');
    }
    case 'relationships': {
      const c = need('column_name');
      const to = need('to');
      const field = need('field');
      return [
        'with child as (',
        `    select ${c} as from_field`,
        `    from ${model}`,
        `    where ${c} is not null`,
        '),',
        '',
        'parent as (',
        `    select ${field} as to_field`,
        `    from ${to}`,
        ')',
        '',
        'select',
        '    from_field',
        '',
        'from child',
        'left join parent',
        '    on child.from_field = parent.to_field',
        '',
        'where parent.to_field is null',
      ].join('\n');
    }
    case 'expression_is_true': {
      const expression = need('expression');
      const c = kwargs.column_name;
      const condition = c ? `${c} ${expression}` : expression;
      return ['select', `    ${options.storeFailures ? '*' : '1'}`, `from ${model}`, '', `where not(${condition})`].join('\n');
    }
    case 'accepted_range': {
      const c = need('column_name');
      const min = arg('min_value');
      const max = arg('max_value');
      const eq = arg('inclusive') === false ? '' : '=';
      const out = [
        'with meet_condition as(',
        '  select *',
        `  from ${model}`,
        '),',
        '',
        'validation_errors as (',
        '  select *',
        '  from meet_condition',
        '  where',
        '    -- never true, defaults to an empty result set. Exists to ensure any combo of the `or` clauses below succeeds',
        '    1 = 2',
      ];
      if (min !== undefined && min !== null) {
        out.push(
          "    -- records with a value >= min_value are permitted. The `not` flips this to find records that don't meet the rule.",
          `    or not ${c} >${eq} ${pythonStr(min)}`,
        );
      }
      if (max !== undefined && max !== null) {
        out.push(
          "    -- records with a value <= max_value are permitted. The `not` flips this to find records that don't meet the rule.",
          `    or not ${c} <${eq} ${pythonStr(max)}`,
        );
      }
      out.push(')', '', 'select *', 'from validation_errors');
      return out.join('\n');
    }
    case 'unique_combination_of_columns': {
      const cols = arg('combination_of_columns');
      if (!Array.isArray(cols) || cols.length === 0) {
        throw new BronzeError(
          `Generic test 'unique_combination_of_columns' needs 'combination_of_columns' as a non-empty list. Add it under the test in schema.yml.`,
          options.location,
          'bronze/missing-test-argument',
        );
      }
      const quoted = arg('quote_columns') === true;
      const csv = cols.map((col) => (quoted ? quoteIdentifier(String(col)) : String(col))).join(', ');
      return [
        'with validation_errors as (',
        '',
        '    select',
        `        ${csv}`,
        `    from ${model}`,
        `    group by ${csv}`,
        '    having count(*) > 1',
        '',
        ')',
        '',
        'select *',
        'from validation_errors',
      ].join('\n');
    }
  }
  // Unreachable: `known` covers every case above.
  throw new BronzeError(`Unknown generic test '${name}'.`, options.location, 'bronze/unknown-generic-test');
}

// -------------------------------------------------------------------------------------------------------
// The wrapper and the verdict

export interface TestWrapperOptions {
  /** The test's SQL (generic or singular), already rendered. */
  sql: string;
  failCalc?: string;
  warnIf?: string;
  errorIf?: string;
  limit?: number | null;
}

/** dbt's get_limit_subquery_sql: the SQL, then `limit N` on its own line. */
export function sqlWithLimit(sql: string, limit: number | null | undefined): string {
  const body = `  ${sql.trim()}`;
  return limit === undefined || limit === null ? body : `${body}\n  limit ${limit}`;
}

/** The test materialization's main statement: one row of failures, should_warn, should_error. */
export function testWrapperSql(o: TestWrapperOptions): string {
  return wrapMainSql(sqlWithLimit(o.sql, o.limit), o);
}

function wrapMainSql(mainSql: string, o: Omit<TestWrapperOptions, 'sql'>): string {
  const failCalc = o.failCalc || 'count(*)';
  const warnIf = o.warnIf || '!= 0';
  const errorIf = o.errorIf || '!= 0';
  return [
    'select',
    `      ${failCalc} as failures,`,
    `      ${failCalc} ${warnIf} as should_warn,`,
    `      ${failCalc} ${errorIf} as should_error`,
    '    from (',
    mainSql,
    '    ) dbt_internal_test',
  ].join('\n');
}

export type TestVerdict = 'pass' | 'warn' | 'fail';

export interface VerdictInput {
  failures: number;
  shouldWarn: boolean;
  shouldError: boolean;
  /** `error` (default) or `warn`, any case. */
  severity?: string;
  /** `--warn-error`: warnings fail. */
  warnError?: boolean;
}

/** Fail if severity is error and should_error; else warn if should_warn (fail under --warn-error); else pass. */
export function testVerdict(v: VerdictInput): TestVerdict {
  const severity = (v.severity ?? 'ERROR').toUpperCase();
  if (severity !== 'ERROR' && severity !== 'WARN') {
    throw new BronzeError(
      `Invalid test severity '${v.severity}'. Use 'error' or 'warn'.`,
      undefined,
      'bronze/invalid-test-severity',
    );
  }
  if (severity === 'ERROR' && v.shouldError) return 'fail';
  if (v.shouldWarn) return v.warnError ? 'fail' : 'warn';
  return 'pass';
}

// -------------------------------------------------------------------------------------------------------
// store_failures

export interface StoreFailuresInput {
  /** The target's database and schema; failures go to `<schema>_<auditSchema>`. */
  database: string;
  schema: string;
  /** The test node's name (its alias). */
  testName: string;
  sql: string;
  limit?: number | null;
  failCalc?: string;
  warnIf?: string;
  errorIf?: string;
  /** `store_failures_as`; `table` when unset. */
  as?: 'table' | 'view';
  /** Defaults to `dbt_test__audit`. */
  auditSchema?: string;
  /** The relation as the project's naming macros give it (Engine.testAuditRelation); wins over the fields above. */
  relation?: RelationName;
}

export function storeFailuresRelation(i: StoreFailuresInput): RelationName {
  if (i.relation) return i.relation;
  return { database: i.database, schema: `${i.schema}_${i.auditSchema ?? 'dbt_test__audit'}`, identifier: i.testName };
}

/** Recreate the audit relation from the test SQL, then count failures from it (the last statement). */
export function storeFailuresStatements(d: Dialect, i: StoreFailuresInput): string[] {
  const rel = storeFailuresRelation(i);
  const name = renderRelation(rel);
  const body = sqlWithLimit(i.sql, i.limit);
  const create =
    i.as === 'view'
      ? `create or replace view ${name} as (\n${body}\n)`
      : `create or replace table ${name} as (\n${body}\n)`;
  // dbt counts from the stored relation instead of running the test query again.
  const count = wrapMainSql(`        select *\n        from ${name}`, i);
  return [d.createSchema(rel.database, rel.schema), create, count];
}
