// COUNT(t.*): Snowflake counts the rows of t with no NULL column; DuckDB refuses `t.*` as an argument. The row is
// read as DuckDB's struct of t (its alias as a value), whose JSON form shows every NULL column as null.
import { isPunct, type Handler } from './template';

export const countStar: Handler = (a) => {
  if (a.length !== 1 || a[0].sig.length !== 3) return null;
  const [name, dot, star] = a[0].sig;
  if ((name.kind !== 'word' && name.kind !== 'quoted-identifier') || !isPunct(dot, '.') || !isPunct(star, '*')) return null;
  return [`count(*) FILTER (WHERE NOT list_contains(list_transform(json_extract(json_quote(${name.text}), '$.*'), x -> json_type(x)), 'NULL'))`];
};
