// COUNT(t.*), COUNT([t.]* EXCLUDE …) and COUNT(* ILIKE '…'): Snowflake counts the rows with no NULL in the columns named;
// DuckDB refuses a star as an argument. The columns are read as one struct (t's alias as a value, or struct_pack of
// DuckDB's *COLUMNS(…) for the same selection), whose JSON form shows every NULL column as null.
import { isPunct, isWord, type Handler, type Piece, type Template } from './template';

/** count of the rows where the struct `row` has no NULL field. CASE, as DuckDB allows no operator above *COLUMNS. */
const countRowsWithoutNull = (row: Template): Template => [
  "count(CASE WHEN list_contains(list_transform(json_extract(json_quote(",
  ...row,
  "), '$.*'), x -> json_type(x)), 'NULL') THEN NULL ELSE 1 END)",
];

/** The pieces of an argument after its first lexeme `word` (the columns EXCLUDE names, the pattern ILIKE takes). */
const piecesAfter = (pieces: Piece[], word: string): Piece[] =>
  pieces.slice(pieces.findIndex((p) => p.text.trim().toLowerCase() === word) + 1).filter((p, i) => i > 0 || p.text.trim() !== '');

export const countStar: Handler = (a) => {
  if (a.length !== 1) return null;
  const [name, second, third, fourth] = a[0].sig;
  // COUNT([t.]* EXCLUDE col) / COUNT([t.]* EXCLUDE (a, b)): DuckDB's own star modifier, applied through *COLUMNS.
  const qualifiedStar = (name?.kind === 'word' || name?.kind === 'quoted-identifier') && isPunct(second, '.') && isPunct(third, '*');
  if ((isPunct(name, '*') && isWord(second, 'exclude') && a[0].sig.length > 2) || (qualifiedStar && isWord(fourth, 'exclude') && a[0].sig.length > 4)) {
    return countRowsWithoutNull(['struct_pack(*COLUMNS(', 0, '))']);
  }
  // COUNT(* ILIKE 'pattern'): the columns whose names match, case-blind.
  if (isPunct(name, '*') && isWord(second, 'ilike') && third?.kind === 'string' && a[0].sig.length === 3) {
    return countRowsWithoutNull(['struct_pack(*COLUMNS(bz_column -> bz_column ILIKE ', piecesAfter(a[0].pieces, 'ilike'), '))']);
  }
  if (a[0].sig.length !== 3 || (name.kind !== 'word' && name.kind !== 'quoted-identifier') || !isPunct(second, '.') || !isPunct(third, '*')) return null;
  return countRowsWithoutNull([name.text]);
};

/**
 * COUNT(a, b, …) and COUNT(DISTINCT a, b, …): Snowflake counts the rows (the distinct combinations) in which no
 * argument is NULL; DuckDB's count takes one argument.
 */
export const countColumns: Handler = (a) => {
  if (a.length < 2) return null;
  const distinct = isWord(a[0].sig[0], 'distinct');
  const first: Template = distinct ? [a[0].pieces.slice(a[0].pieces.findIndex((p) => /^distinct$/i.test(p.text.trim())) + 1)] : [0];
  const value = (i: number): Template => (i === 0 ? first : [i]);
  const t: Template = [distinct ? 'count(DISTINCT CASE WHEN ' : 'count(CASE WHEN '];
  a.forEach((_, i) => t.push(i ? ' AND (' : '(', ...value(i), ') IS NOT NULL'));
  t.push(' THEN ');
  if (distinct) {
    t.push('row(');
    a.forEach((_, i) => t.push(...(i ? [', '] : []), ...value(i)));
    t.push(')');
  } else t.push('1');
  t.push(' END)');
  return t;
};
