// Snowflake stages (named or user/table stages holding files: `@name/path`) are folders on the local twin only
// (client/src/warehouse/snowflake-on-duckdb/stage-run.ts runs those statements before translation). On another DuckDB
// target, statements that read a stage are refused by name, saying which stage, so an on-run-start hook that reloads
// raw tables from files fails clearly instead of with DuckDB's parser error on the Snowflake syntax.
import type { Lexeme } from '../tokenize';
import { isPunct } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** The first stage reference (`@name…` as words, or inside a string) in lexemes from..to, as written. */
function stageNamed(lx: Lexeme[], from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const l = lx[i];
    if (isPunct(l, '@') && (lx[i + 1]?.kind === 'word' || isPunct(lx[i + 1], '~') || isPunct(lx[i + 1], '%'))) {
      let name = '@';
      for (let j = i + 1; j < to && lx[j].kind !== 'ws' && !isPunct(lx[j], ')') && !isPunct(lx[j], ','); j++) name += lx[j].text;
      return name;
    }
    const quoted = l.kind === 'string' ? /^'(@[^'\s]+)'$/.exec(l.text) : null;
    if (quoted) return quoted[1];
  }
  return undefined;
}

/**
 * The refusal for a statement (lexemes from..to; `sig` its depth-0 significant lexeme indexes) that needs a stage's
 * files: `CREATE TABLE … USING TEMPLATE (… INFER_SCHEMA …)`, `COPY INTO`, external tables and `SELECT … FROM @stage`.
 * Undefined otherwise.
 */
export function stageRefusal(lx: Lexeme[], sig: number[], from: number, to: number): UnsupportedOnDuckDb | undefined {
  const w = (k: number): string => (lx[sig[k]]?.kind === 'word' ? lx[sig[k]].text.toLowerCase() : '');
  const at = lx[sig[0]]?.start ?? 0;
  const stage = (): string => {
    const s = stageNamed(lx, from, to);
    return s ? ` ${s}` : '';
  };
  if (w(0) === 'create' && sig.some((_, k) => w(k) === 'using' && w(k + 1) === 'template')) {
    return new UnsupportedOnDuckDb(`CREATE TABLE … USING TEMPLATE (its columns are inferred from the files of stage${stage()}, and only the local twin has stages: --target local)`, at);
  }
  // COPY INTO loads a table from staged files or unloads one into a stage (or an external location).
  if (w(0) === 'copy' && w(1) === 'into') return new UnsupportedOnDuckDb(`COPY INTO (stage${stage() || 's and external locations'}: only the local twin has stages: --target local)`, at);
  // Snowpipe (dbt_external_tables' `snowpipe:` sources: CREATE PIPE … AS COPY INTO, ALTER PIPE … REFRESH) loads
  // staged files as they arrive in cloud storage; the DuckDB target has no pipes and reads no cloud storage.
  let p = ['create', 'alter', 'drop'].includes(w(0)) ? 1 : -1;
  if (p > 0 && w(p) === 'or' && w(p + 1) === 'replace') p += 2;
  if (p > 0 && w(p) === 'pipe') {
    return new UnsupportedOnDuckDb(`${w(0).toUpperCase()} PIPE (Snowpipe loads staged files as they arrive in cloud storage; the DuckDB target has no pipes: sample the table it loads instead, bronze sample --synthetic)`, at);
  }
  // An external table's rows are its stage's files, read when queried; the twin keeps no copy of them.
  let k = w(0) === 'create' || w(0) === 'alter' ? 1 : -1;
  if (k > 0 && w(k) === 'or' && w(k + 1) === 'replace') k += 2;
  if (k > 0 && w(k) === 'external' && w(k + 1) === 'table') {
    return new UnsupportedOnDuckDb(
      `${w(0).toUpperCase()} EXTERNAL TABLE (its rows are ${stage() ? `the files of stage${stage()}` : 'staged files'}, which the DuckDB target does not read; on the local twin, sample the table instead: bronze sample --synthetic)`,
      at,
    );
  }
  // `SELECT $1 … FROM @stage`: a query of staged files (Snowflake SQL has no other use of a bare \`@name\`).
  for (let i = from; i < to; i++) {
    const l = lx[i];
    if (isPunct(l, '@') && (lx[i + 1]?.kind === 'word' || isPunct(lx[i + 1], '~') || isPunct(lx[i + 1], '%'))) {
      return new UnsupportedOnDuckDb(`a query of staged files (${stage().trim()}: the DuckDB target reads tables; load the files with COPY INTO on the local twin, or sample the table: bronze sample --synthetic)`, l.start);
    }
  }
  return undefined;
}
