// Which source column a tested model column comes from: bronze models rename what they read (`x as y`) and
// aggregate it (`sum(credits) as credits_used`), so a test on `y` constrains the source's `x`.

/** Aggregates that are NULL only when every value they see is NULL: a not_null on the result needs values. */
const NULL_ONLY_WHEN_ALL_NULL = ['sum', 'avg', 'min', 'max', 'any_value', 'median', 'mode', 'listagg', 'array_agg'];

/** Words that end an expression and so stand before `as` without being a column (`case … end as y`). */
const NOT_A_COLUMN = new Set(['end', 'null', 'true', 'false', 'distinct', 'select', 'and', 'or', 'not', 'then', 'else']);

export interface ModelColumnOrigin {
  /** The column read from the source. */
  column: string;
  /** Whether the model aggregates it (only NULL-ness carries over, not uniqueness or values). */
  aggregate: boolean;
  /**
   * Whether the model reads a JSON path of it or casts it (`fields:project.id::int as project_id`, `x::int as y`):
   * only NULL-ness carries over — a value at the path needs the column filled.
   */
  converted?: boolean;
  /** The type a converted column is cast to (`integer` in `fields:project.id::integer as project_id`), as written. */
  castTo?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The source column a model column is made from, when the model's SQL names it as a plain rename or a single-column
 * aggregate with an `as` alias; undefined when the model only passes the column through (or says it another way).
 */
export function originOfModelColumn(sql: string, column: string): ModelColumnOrigin | undefined {
  const alias = `(?:as\\s+)?"?${escapeRegExp(column)}"?(?![\\w"])`;
  const ident = '(?:[A-Za-z_]\\w*\\.)?"?([A-Za-z_]\\w*)"?';
  const aggregate = new RegExp(`\\b(${NULL_ONLY_WHEN_ALL_NULL.join('|')})\\s*\\(\\s*(?:distinct\\s+)?${ident}\\s*\\)\\s*${alias}`, 'i').exec(sql);
  if (aggregate) return { column: aggregate[2], aggregate: true };
  // `fields:project.id::integer as project_id`, `"x"::int as y`, `data:id ::int campaign_id`: a path (of keys, quoted
  // keys, indexes) and a cast, with or without spaces around the colons (`realtime :: DATE AS block_date`, Flipside's
  // style), then the alias, its `as` optional (the colon already says it is an expression).
  const converted = new RegExp(`(?:^|[\\s,(])${ident}(?:\\s*:(?!:)\\s*(?:"[^"]*"|[\\w.\\[\\]'-])+)*(?:\\s*::\\s*([\\w]+)(?:\\([\\d, ]*\\))?)?\\s+(?:as\\s+)?"?${escapeRegExp(column)}"?(?![\\w"])`, 'gi');
  for (const m of sql.matchAll(converted)) {
    if (NOT_A_COLUMN.has(m[1].toLowerCase()) || !/:/.test(m[0])) continue;
    return { column: m[1], aggregate: false, converted: true, ...(m[2] ? { castTo: m[2] } : {}) };
  }
  // A rename needs its `as`: `select a b` is legal but `x as y` is how models say it, and without the keyword any
  // two adjacent words would match. The column starts its item (after SELECT, DISTINCT, a comma or a parenthesis):
  // `first_name || ' ' || last_name as full_name` is no rename of last_name.
  const rename = new RegExp(`(?:^|[,(]|\\bselect|\\bdistinct)\\s*${ident}\\s+as\\s+"?${escapeRegExp(column)}"?(?![\\w"])`, 'gi');
  for (const m of sql.matchAll(rename)) {
    if (NOT_A_COLUMN.has(m[1].toLowerCase()) || m[1].toLowerCase() === column.toLowerCase()) continue;
    return { column: m[1], aggregate: false };
  }
  return undefined;
}
