// COUNT(t.*): Snowflake counts the rows of t with no NULL column; DuckDB refuses `t.*` as an argument. The row is
// read as DuckDB's struct of t (its alias as a value), whose JSON form shows every NULL column as null.
import { isPunct, isWord, type Handler, type Template } from './template';

export const countStar: Handler = (a) => {
  if (a.length !== 1 || a[0].sig.length !== 3) return null;
  const [name, dot, star] = a[0].sig;
  if ((name.kind !== 'word' && name.kind !== 'quoted-identifier') || !isPunct(dot, '.') || !isPunct(star, '*')) return null;
  return [`count(*) FILTER (WHERE NOT list_contains(list_transform(json_extract(json_quote(${name.text}), '$.*'), x -> json_type(x)), 'NULL'))`];
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
