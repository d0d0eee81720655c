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
