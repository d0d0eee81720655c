// Text the models convert to a number under another name: `TRIM(value:c3::STRING) AS "ID_RAW"` in one CTE, then
// `TRY_TO_NUMBER("ID_RAW")` (datavault_extension's loads of external tables). usage.ts reads a parser around the
// column itself (`try_to_number(x)`); through the CTE's computed column the text was sampled as 'c3_1', every
// conversion was NULL, and a type check on it (`TRY_TO_NUMBER(x) IS NOT NULL OR x IS NULL`) failed on each row.
// The argument is followed to the source column or JSON leaf as dates-in-text.ts follows it; of the cuts, only a
// REPLACE that leaves a number's text as it is may stand between (`REPLACE(TRIM(value:c6::STRING), ',', '.')`).
import type { ProjectModel, SourceNode } from '../../../server/src/core/types';
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { argsOf, chainOf, intValue, readersOfSource } from './dates-in-text';
import type { PathStep } from './json-shape';

/** A source column's text, or a text leaf of its JSON at `path`, that models convert to a number of `kind`. */
export interface NumberText {
  column: string;
  path: PathStep[];
  kind: 'integer' | 'decimal' | 'float';
}

/** Conversions of text to a number (https://docs.snowflake.com/en/sql-reference/functions/to_decimal), and to a float. */
const CONVERSIONS: Record<string, 'number' | 'float'> = {
  to_number: 'number',
  to_decimal: 'number',
  to_numeric: 'number',
  try_to_number: 'number',
  try_to_decimal: 'number',
  try_to_numeric: 'number',
  to_double: 'float',
  try_to_double: 'float',
};

/**
 * The texts each conversion in the tokens reads, where it reads a source column or JSON leaf whole. TO_NUMBER(x) has
 * scale 0 (an integer); TO_NUMBER(x, p, s) with s > 0 a decimal, taken only when p - s leaves room for the sampler's
 * decimals (below 10 000); a format argument (`'999.99'`) is not read here.
 */
export function numberTextsIn(tokens: SqlToken[], sourceColumn: (i: number) => string | undefined): NumberText[] {
  const out: NumberText[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    const conversion = tokens[i].kind === 'ident' && tokens[i + 1].text === '(' && tokens[i - 1]?.text !== '.' ? CONVERSIONS[tokens[i].text.toLowerCase()] : undefined;
    if (!conversion) continue;
    const args = argsOf(tokens, i + 1);
    let kind: NumberText['kind'] | undefined = conversion === 'float' && args.length === 1 ? 'float' : undefined;
    if (conversion === 'number' && args.length === 1) kind = 'integer';
    if (conversion === 'number' && args.length === 3) {
      const [precision, scale] = [intValue(tokens, args[1]), intValue(tokens, args[2])];
      if (precision !== undefined && scale !== undefined && precision - scale >= 5) kind = scale > 0 ? 'decimal' : 'integer';
    }
    const chain = kind ? chainOf(tokens, args[0][0], args[0][1], sourceColumn) : undefined;
    // A REPLACE of what a number's text never holds (`replace(x, ',', '')`, a decimal comma made a point) leaves it as it is.
    const unchanged = chain?.cuts.every((c) => c.fn === 'replace' && !/[0-9.eE+-]/.test(c.what)) === true;
    if (chain && kind && unchanged) out.push({ column: chain.column, path: chain.path, kind });
  }
  return out;
}

/**
 * The columns of `source` (and text leaves of its JSON columns) its readers convert to a number, each with one kind:
 * converted to two kinds, it holds whole numbers, which parse as each.
 */
export function numbersInText(project: ProjectModel, source: SourceNode, columns: readonly string[], rendered?: ReadonlyMap<string, string>): NumberText[] {
  const found = new Map<string, NumberText>();
  for (const { tokens, sourceColumn } of readersOfSource(project, source, columns, rendered)) {
    for (const n of numberTextsIn(tokens, sourceColumn)) {
      const key = JSON.stringify([n.column.toLowerCase(), n.path]);
      const had = found.get(key);
      // Whole numbers parse as each kind.
      found.set(key, !had || had.kind === n.kind ? n : { ...n, kind: 'integer' });
    }
  }
  return [...found.values()];
}
