// The rule cache's line for a model's inferred output columns (rule-cache.ts), written compactly: the cache is read
// whole at the start of every check and held through it, and one line per model written as the plain objects made
// rules.jsonl 14 times the size of the rule results beside it. A line is keyed by the model's text, so a column
// whose name is that text's slice between its offsets (an unquoted name written as-is, the usual case) stores the
// offsets alone and reads its name back from the text.
import type { InferredColumns, OutputColumn } from './columns';

/**
 * `[complete, ...columns]`: `complete` 1 or 0; a column is `[start, end]` (its name is the text between them),
 * `[start, end, exprStart, exprEnd]` (the same, with the expression it names), or the OutputColumn itself.
 */
export type ColumnsLine = [number, ...(number[] | OutputColumn)[]];

export function encodeColumns(inferred: InferredColumns, text: string): ColumnsLine {
  const out: ColumnsLine = [inferred.complete ? 1 : 0];
  for (const c of inferred.columns) {
    const derived = !c.quoted && c.start !== undefined && c.end !== undefined && text.slice(c.start, c.end) === c.name;
    if (!derived) out.push(c);
    else if (c.expression) out.push([c.start!, c.end!, c.expression.start, c.expression.end]);
    else out.push([c.start!, c.end!]);
  }
  return out;
}

/** The columns of `line` for the model text it was made from; undefined when the line is not one. */
export function decodeColumns(line: unknown, text: string): InferredColumns | undefined {
  if (!Array.isArray(line) || (line[0] !== 0 && line[0] !== 1)) return undefined;
  const columns: OutputColumn[] = [];
  for (let i = 1; i < line.length; i++) {
    const c: unknown = line[i];
    if (!Array.isArray(c)) {
      columns.push(c as OutputColumn);
      continue;
    }
    const [start, end, es, ee] = c as number[];
    const col: OutputColumn = { name: text.slice(start, end), start, end, quoted: false };
    if (c.length === 4) col.expression = { start: es, end: ee };
    columns.push(col);
  }
  return { columns, complete: line[0] === 1 };
}
