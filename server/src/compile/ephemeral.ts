// Ephemeral models as dbt compiles them: a ref() to an ephemeral model renders as `__dbt__cte__<identifier>`,
// and the referencing node's SQL gets one CTE per ephemeral it reaches (nested ones first), injected at the
// top of its first statement: into its own `with` when it starts with one, else in a new `with`.
// Byte for byte as dbt writes it: compiled files and manifests of real projects are diffed against it
// (test/realworld/dbtdiff.ts).

/** One CTE to inject: the ephemeral's unique_id and its ` __dbt__cte__<name> as (…)` text. */
export interface InjectedCte {
  id: string;
  sql: string;
}

/** The CTE name a ref() to an ephemeral model renders as (from its identifier, so an alias names the CTE). */
export function ephemeralCteName(identifier: string): string {
  return `__dbt__cte__${identifier}`;
}

/** dbt's CTE text: a leading space, the name, and the ephemeral's own SQL (without its injected CTEs). */
export function cteDefinition(identifier: string, sql: string): string {
  return ` ${ephemeralCteName(identifier)} as (\n${sql}\n)`;
}

/** Adds `cte` unless one with its id is there already (then its text is refreshed), as dbt's list does. */
export function addCte(list: InjectedCte[], cte: InjectedCte): void {
  const found = list.find((c) => c.id === cte.id);
  if (found) found.sql = cte.sql;
  else list.push(cte);
}

/** Skips whitespace and SQL comments from `i`; with `comments` false, stops at a comment. */
function skip(sql: string, i: number, comments: boolean): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i])) i++;
    if (!comments) return i;
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

function wordAt(sql: string, i: number, word: string): boolean {
  return sql.slice(i, i + word.length).toLowerCase() === word && !/[\w$]/.test(sql[i + word.length] ?? '');
}

/**
 * Injects `ctes` into `sql` the way dbt does (its sqlparse token edits, as dbt 1.9.8 and 1.10.3 wrote it in real projects): after a leading
 * `with` (or `with recursive`) and the whitespace that follows it, then `, ` before the model's first CTE; otherwise
 * `with`, the CTEs and one space go right before the first token (a comment counts as one). dbt inserts "after" a
 * token by inserting before the next non-whitespace one, hence `with  __dbt__cte__a` and `) select`.
 */
export function injectCtes(sql: string, ctes: readonly InjectedCte[]): string {
  if (ctes.length === 0) return sql;
  const joined = ctes.map((c) => c.sql).join(', ');
  const first = skip(sql, 0, true);
  if (wordAt(sql, first, 'with')) {
    let at = skip(sql, first + 4, false);
    if (wordAt(sql, at, 'recursive')) at = skip(sql, at + 'recursive'.length, false);
    return `${sql.slice(0, at)}${joined}, ${sql.slice(at)}`;
  }
  const start = skip(sql, 0, false);
  return `${sql.slice(0, start)}with${joined} ${sql.slice(start)}`;
}
