// Where Snowflake reads a VARIANT as text: a string function's VARCHAR parameter (UPPER, SUBSTR, SPLIT_PART…) and the
// subject and pattern of LIKE/ILIKE/RLIKE cast a VARIANT argument to VARCHAR implicitly (a JSON string's value without
// its quotes, a number's digits, JSON null NULL), as `||` does. DuckDB hands such functions the JSON text (`"a"`), so
// a semi-structured path found in one of these places is rendered as its cast to VARCHAR (translate.ts).
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

/** Snowflake string functions and the (0-based) positions of their VARCHAR parameters; 'all' for every argument. */
const TEXT_PARAMETERS = new Map<string, readonly number[] | 'all'>([
  ...['upper', 'lower', 'initcap', 'reverse', 'repeat', 'ascii', 'substr', 'substring', 'left', 'right', 'length', 'len', 'char_length', 'character_length', 'md5', 'md5_hex', 'md5_number_lower64', 'md5_number_upper64', 'sha1', 'sha1_hex', 'sha2', 'sha2_hex'].map((f) => [f, [0]] as const),
  ...['trim', 'ltrim', 'rtrim', 'split_part', 'split', 'startswith', 'endswith', 'contains', 'charindex', 'position', 'regexp_like', 'rlike', 'regexp_substr', 'regexp_count', 'regexp_instr'].map((f) => [f, [0, 1]] as const),
  ...['replace', 'translate', 'regexp_replace'].map((f) => [f, [0, 1, 2]] as const),
  ...['lpad', 'rpad'].map((f) => [f, [0, 2]] as const),
  ...['concat', 'concat_ws'].map((f) => [f, 'all'] as const),
]);

/** Operators whose operands Snowflake reads as text. */
const TEXT_OPERATORS = new Set(['like', 'ilike', 'rlike', 'regexp']);

const prevSig = (lx: Lexeme[], i: number): number => {
  let k = i - 1;
  while (k >= 0 && isTrivia(lx[k])) k--;
  return k;
};

const nextSig = (lx: Lexeme[], i: number, to: number): number => {
  let k = i;
  while (k < to && isTrivia(lx[k])) k++;
  return k;
};

/** Whether lexemes [start, next) are one whole argument at a VARCHAR parameter of a string function's call. */
function isTextParameter(lx: Lexeme[], start: number, next: number, to: number): boolean {
  const after = lx[nextSig(lx, next, to)];
  if (!isPunct(after, ',') && !isPunct(after, ')')) return false;
  const before = lx[prevSig(lx, start)];
  if (!isPunct(before, ',') && !isPunct(before, '(')) return false;
  // Back to the call's `(`, counting the commas of its level.
  let position = 0;
  let depth = 0;
  let k = prevSig(lx, start);
  for (; k >= 0; k--) {
    const l = lx[k];
    if (isPunct(l, ')') || isPunct(l, ']')) depth++;
    else if (isPunct(l, '(') || isPunct(l, '[')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && isPunct(l, ',')) position++;
  }
  if (k < 0 || !isPunct(lx[k], '(')) return false;
  const name = lx[prevSig(lx, k)];
  if (name?.kind !== 'word' || isPunct(lx[prevSig(lx, prevSig(lx, k))], '.')) return false;
  const positions = TEXT_PARAMETERS.get(name.text.toLowerCase());
  return positions === 'all' || (positions?.includes(position) ?? false);
}

/** Whether lexemes [start, next) are an operand of LIKE/ILIKE/RLIKE/REGEXP (either side, NOT before the operator). */
function isTextOperand(lx: Lexeme[], start: number, next: number, to: number): boolean {
  let after = nextSig(lx, next, to);
  if (isWord(lx[after], 'not')) after = nextSig(lx, after + 1, to);
  const before = prevSig(lx, start);
  return [lx[after], lx[before]].some((l) => l?.kind === 'word' && TEXT_OPERATORS.has(l.text.toLowerCase()));
}

/** Whether Snowflake reads the expression at lexemes [start, next) as VARCHAR: a string function's argument or LIKE's. */
export function readAsText(lx: Lexeme[], start: number, next: number, to: number): boolean {
  return isTextParameter(lx, start, next, to) || isTextOperand(lx, start, next, to);
}
