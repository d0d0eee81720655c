// Plain-text tables for the terminal and a JSON replacer for driver values (bigint, Date).

/** A value as Snowflake's own clients print it: SQL NULL as NULL, a VARIANT's JSON null (JSON_NULL) as null. */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof v === 'object') return JSON.stringify(v, jsonReplacer);
  return String(v);
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  return value;
}

export function formatTable(columns: string[], rows: Record<string, unknown>[]): string {
  const cells = rows.map((r) => columns.map((c) => cell(r[c]).replace(/\n/g, ' ')));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((row) => row[i].length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (vals: string[]) => `| ${vals.map((v, i) => fit(v, widths[i])).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(columns), sep, ...cells.map(line)].join('\n');
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF. NULL is an empty field and the empty
 * string is `""`, so the two stay apart.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = cell(v);
  return text === '' || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, CRLF-free (LF) as most tools expect on the command line. */
export function formatCsv(columns: string[], rows: Record<string, unknown>[]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\n');
}
