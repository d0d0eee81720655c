// A unique test on `TRIM(code) AS code_key`: TRIM maps two values to one only when they differ in the spaces around
// them, and the sampler writes a unique column without padded spellings (plan.ts: `dirty` is off for unique
// columns), so the source column's values stay distinct once trimmed. The test binds the source column's uniqueness
// (pretium's ref_oxford_metro_cbsa: `TRIM(LOCATION_CODE_OXFORD) AS oxford_location_code`, tested by
// unique_combination_of_columns; the source repeated codes, the test failed and the model after it was skipped).

/** Whether the select item aliased `column` in `sql` is TRIM / LTRIM / RTRIM of one column alone (`trim(t.code) as column`). */
export function trimsOneColumn(sql: string, column: string): boolean {
  const alias = column.replace(/[^\w$]/g, '');
  return new RegExp(`(?:^|[\\s,(])[lr]?trim\\s*\\(\\s*(?:[A-Za-z_]\\w*\\.)?"?[A-Za-z_]\\w*"?\\s*\\)\\s+(?:as\\s+)?"?${alias}"?(?![\\w"])`, 'i').test(sql);
}

/**
 * Whether the select item aliased `column` in `sql` gives its one column's value unchanged when that value is one of
 * `values`: `TRIM(col)` (LTRIM / RTRIM), `NULLIF(TRIM(col), '')` or `NULLIF(col, '')`. TRIM changes only the spaces
 * around a value and NULLIF(…, '') only the empty string, so when no accepted value has edge spaces or is empty, an
 * accepted_values test on the item binds the source column's values (goodneighbors_gn_dw's CRM models clean every
 * code so: `NULLIF(TRIM(PRCS_STAT_CD),'') AS MBRFEE_PRCS_STAT_CD`, accepted ['F', 'R', 'S'], failed on made-up words).
 */
export function keepsAcceptedValues(sql: string, column: string, values: ReadonlyArray<string | number | boolean>): boolean {
  if (!values.every((v) => typeof v !== 'string' || (v !== '' && v.trim() === v))) return false;
  const alias = column.replace(/[^\w$]/g, '');
  const col = String.raw`(?:[A-Za-z_]\w*\.)?"?[A-Za-z_]\w*"?`;
  const trimmed = String.raw`[lr]?trim\s*\(\s*${col}\s*\)`;
  const item = String.raw`(?:${trimmed}|nullif\s*\(\s*(?:${trimmed}|${col})\s*,\s*''\s*\))`;
  return new RegExp(String.raw`(?:^|[\s,(])${item}\s+(?:as\s+)?"?${alias}"?(?![\w"])`, 'i').test(sql);
}

/**
 * Whether an expression of one column (a UNION branch's item, its alias left off) maps distinct values to distinct
 * values for the values the sampler writes a unique column with (no edge spaces, never empty): a literal prefix or
 * suffix (`'EVENT_' || event_cd`), TRIM / NULLIF(TRIM(…), '') / NULLIF(…, ''), or a cast to text.
 */
export function keepsDistinct(expr: string): boolean {
  const col = String.raw`(?:[A-Za-z_]\w*\.)?"?[A-Za-z_]\w*"?`;
  const trimmed = String.raw`[lr]?trim\s*\(\s*${col}\s*\)`;
  const text = String.raw`(?:varchar|text|string|char)(?:\s*\(\s*\d+\s*\))?`;
  return new RegExp(
    [
      String.raw`^'[^']*'\s*\|\|\s*${col}$`,
      String.raw`^${col}\s*\|\|\s*'[^']*'$`,
      String.raw`^${trimmed}$`,
      String.raw`^nullif\s*\(\s*(?:${trimmed}|${col})\s*,\s*''\s*\)$`,
      String.raw`^${col}\s*::\s*${text}$`,
      String.raw`^(?:try_)?cast\s*\(\s*${col}\s+as\s+${text}\s*\)$`,
    ].join('|'),
    'i',
  ).test(expr.trim());
}
