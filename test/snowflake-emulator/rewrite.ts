// Session-level rewrites done before the dialect layer: `current_warehouse()` & co. become per-session temp
// macros (only the session knows their values), and `?` / `:N` binds become DuckDB's `$N`. Keeps an offset
// map so DuckDB error positions still point into the text the client sent. CURRENT_USER is not rewritten: Snowflake
// also takes it without parentheses (https://docs.snowflake.com/en/sql-reference/functions-context), and DuckDB
// reads both forms as its own `current_user()`, which the session's temp macro of that name stands in for.
import { lex } from '../../client/src/warehouse/snowflake-on-duckdb';

/** Session functions the emulator answers from session state. */
export const SESSION_FUNCTIONS = [
  'current_warehouse',
  'current_role',
  'current_database',
  'current_schema',
  'current_account',
  'current_session',
] as const;

export const MACRO_PREFIX = 'bz_sf_';

export interface Rewritten {
  sql: string;
  /** Offset in `sql` → offset in the input. */
  toSource(offset: number): number;
}

export function rewriteForSession(input: string): Rewritten {
  const lx = lex(input);
  const out: { outStart: number; src: number; len: number; exact: boolean }[] = [];
  let sql = '';
  let bindNo = 0;
  const emit = (text: string, src: number, exact: boolean): void => {
    out.push({ outStart: sql.length, src, len: text.length, exact });
    sql += text;
  };
  for (let i = 0; i < lx.length; i++) {
    const l = lx[i];
    let j = i + 1;
    while (lx[j] && (lx[j].kind === 'ws' || lx[j].kind === 'comment')) j++;
    const next = lx[j];
    if (
      l.kind === 'word' &&
      (SESSION_FUNCTIONS as readonly string[]).includes(l.text.toLowerCase()) &&
      next?.kind === 'punct' &&
      next.text === '(' &&
      !(lx[i - 1]?.kind === 'punct' && lx[i - 1].text === '.')
    ) {
      emit(MACRO_PREFIX, l.start, false);
      emit(l.text, l.start, true);
    } else if (l.kind === 'punct' && l.text === '?') {
      emit(`$${++bindNo}`, l.start, false);
    } else if (l.kind === 'punct' && l.text === ':' && lx[i + 1]?.kind === 'number' && /^\d+$/.test(lx[i + 1].text)) {
      emit(`$${lx[i + 1].text}`, l.start, false);
      i++;
    } else emit(l.text, l.start, true);
  }
  return {
    sql,
    toSource(offset: number): number {
      let lo = 0;
      let hi = out.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (out[mid].outStart <= offset) lo = mid;
        else hi = mid - 1;
      }
      const p = out[lo];
      if (!p) return 0;
      return p.exact ? p.src + Math.min(offset - p.outStart, p.len) : p.src;
    },
  };
}

/** A column header as the client wrote it: the rewritten session functions in it without their macro prefix. */
export function withoutSessionMacros(name: string): string {
  return name.replace(new RegExp(`${MACRO_PREFIX}(?=current_)`, 'gi'), '');
}
