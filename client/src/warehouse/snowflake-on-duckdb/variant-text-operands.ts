// A VARIANT handed to a function or operator taking text (UPPER(v), v || 'x', LENGTH(v), TRIM(v), REPLACE(v, …)):
// Snowflake casts it to VARCHAR (a JSON string's contents, a number's or boolean's text, an object's JSON text, JSON
// null NULL), where DuckDB reads its JSON text (`"a"`). The translator renders a `:` or `[]` path there as that cast by
// its syntax (text-arguments.ts); a VARIANT column, an aggregate or window over one, or a function returning one is
// VARIANT only by its type. The bound plan shows DuckDB's cast of each such operand, located where the operand starts
// (variant-implicit-cast.ts walks it and calls variantTextOperand); the operand is then wrapped in the cast the
// translator writes for `::VARCHAR` (bz_varchar_cast) before the statement runs.
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { caseResults } from '../../../../server/src/core/sql/snowflake-on-duckdb/case-results';

/** The text of an operand in a statement: offsets [from, to). */
export interface TextOperand {
  from: number;
  to: number;
  /** The macro the operand is passed to: bz_varchar_cast (its text, as `::VARCHAR`) unless named. */
  wrap?: string;
  /** A refusal the macro raises when the value fails it (variant-grouping.ts): passed located, after the operand. */
  refusal?: string;
  /** The text closing the call: `)` unless given (the located refusal's argument, then `)`). */
  close?: string;
  /** Text before the call, its argument when the operand is empty (a copy of an expression added at `from`), text after it. */
  lead?: string;
  argument?: string;
  after?: string;
  /** Where the refusal locates the operand, when not at `from`. */
  at?: number;
}

/** The shim that casts a value to VARCHAR as Snowflake's `::VARCHAR` does (shims.ts). */
const CAST_TO_TEXT = 'bz_varchar_cast';

/** A conversion to text written at the operand (a cast, a rendering shim, or its planning stand-in): nothing to add. */
const WRITTEN_TEXT = /^(::|(try_)?cast\s*\(|bz_varchar|bz_varc_pl|bz_text_)/i;

/** The Bronze macros standing for Snowflake string functions (INITCAP, LPAD/RPAD, SPLIT_PART), by text parameter. */
const STRING_MACRO_TEXT_PARAMETERS = new Map<string, number[]>([
  ['bz_initcap', [0]],
  ['bz_lpad', [0, 2]],
  ['bz_rpad', [0, 2]],
  ['bz_split_part', [0, 1]],
]);

const isPunct = (l: Lexeme | undefined, p: string): boolean => l?.kind === 'punct' && l.text === p;
const isWord = (l: Lexeme | undefined, w: string): boolean => l?.kind === 'word' && l.text.toLowerCase() === w;
const isName = (l: Lexeme | undefined): boolean => l?.kind === 'word' || l?.kind === 'quoted-identifier';

/** Lexemes of a statement, computed once per statement checked. */
export class OperandReader {
  private lexemes?: Lexeme[];

  constructor(readonly sql: string) {}

  private get lx(): Lexeme[] {
    this.lexemes ??= lex(this.sql);
    return this.lexemes;
  }

  private next(i: number): number {
    const lx = this.lx;
    let k = i;
    while (k < lx.length && isTrivia(lx[k])) k++;
    return k;
  }

  /** Index of the lexeme closing the group opened at `i` (`(` … `)`, CASE … END), or -1. */
  private close(i: number): number {
    const lx = this.lx;
    const [open, shut] = isWord(lx[i], 'case') ? [(l: Lexeme) => isWord(l, 'case'), (l: Lexeme) => isWord(l, 'end')] : [(l: Lexeme) => isPunct(l, '('), (l: Lexeme) => isPunct(l, ')')];
    let depth = 0;
    for (let k = i; k < lx.length; k++) {
      if (open(lx[k])) depth++;
      else if (shut(lx[k]) && --depth === 0) return k;
    }
    return -1;
  }

  /**
   * The operand starting at offset `at`: a column (`v`, `t.v`, `"V"`), a call with its window or filter clauses
   * (`max(v)`, `first_value(v) over (…)`), a CASE … END or a parenthesized expression. Undefined when no such operand
   * starts there or it goes on past what was read (`v[0]`, `v:k`, `v::json`, `v -> '$.k'`), which the wrap would cut.
   */
  operandAt(at: number): TextOperand | undefined {
    const lx = this.lx;
    let i = lx.findIndex((l) => l.start === at);
    if (i < 0 || WRITTEN_TEXT.test(this.sql.slice(at))) return undefined;
    let last: number;
    if (isWord(lx[i], 'case') || isPunct(lx[i], '(')) last = this.close(i);
    else if (isName(lx[i])) {
      last = i;
      for (let d = this.next(i + 1); isPunct(lx[d], '.') && isName(lx[this.next(d + 1)]); d = this.next(last + 1)) last = this.next(d + 1);
      let k = this.next(last + 1);
      if (isPunct(lx[k], '(')) {
        last = this.close(k);
        // WITHIN GROUP (…), FILTER (…), OVER (…) or OVER name, in that order.
        for (k = this.next(last + 1); last >= 0; k = this.next(last + 1)) {
          const group = isWord(lx[k], 'within') && isWord(lx[this.next(k + 1)], 'group') ? this.next(this.next(k + 1) + 1) : -1;
          const clause = group >= 0 ? group : isWord(lx[k], 'filter') || isWord(lx[k], 'over') ? this.next(k + 1) : -1;
          if (clause < 0) break;
          if (isPunct(lx[clause], '(')) last = this.close(clause);
          else if (isWord(lx[k], 'over') && isName(lx[clause])) last = clause;
          else return undefined;
        }
      }
    } else return undefined;
    if (last < 0) return undefined;
    const after = lx[this.next(last + 1)];
    if (['[', ':', '::', '.', '(', '->', '->>'].some((p) => isPunct(after, p))) return undefined;
    i = last;
    return { from: at, to: lx[i].start + lx[i].text.length };
  }

  /**
   * `operand` and the same operand in every other call written as the one at offset `callAt` (`upper(v)` both in the
   * select list and in GROUP BY, where the plan locates the GROUP BY's only: cast in one place alone, the select item
   * would no longer be the grouped expression). Casting an operand that is not a VARIANT there changes nothing: a
   * VARCHAR stays as it is, another type gets the text Snowflake's own conversion gives.
   */
  inSameCalls(operand: TextOperand, callAt: number | undefined): TextOperand[] {
    const lx = this.lx;
    let call = callAt === undefined ? -1 : lx.findIndex((l) => l.start === callAt);
    const open = call < 0 || !isName(lx[call]) ? -1 : this.next(call + 1);
    let close = isPunct(lx[open], '(') ? this.close(open) : -1;
    if (close < 0 || lx[close].start < operand.to || operand.from < lx[call].start) {
      // An operand of `||`: the operand with the operator beside it.
      call = lx.findIndex((l) => l.start === operand.from);
      close = lx.findIndex((l) => l.start + l.text.length === operand.to);
      if (call < 0 || close < 0) return [operand];
      let before = call - 1;
      while (before >= 0 && isTrivia(lx[before])) before--;
      if (isPunct(lx[this.next(close + 1)], '||')) close = this.next(close + 1);
      else if (isPunct(lx[before], '||')) call = before;
      else return [operand];
    }
    const pattern: number[] = [];
    for (let k = call; k <= close; k++) if (!isTrivia(lx[k])) pattern.push(k);
    const key = (k: number): string => (lx[k].kind === 'word' ? lx[k].text.toLowerCase() : lx[k].text);
    const first = pattern.findIndex((k) => lx[k].start === operand.from);
    const last = pattern.findIndex((k) => lx[k].start + lx[k].text.length === operand.to);
    if (first < 0 || last < 0) return [operand];
    const out = [operand];
    for (let k = 0; k < lx.length; k++) {
      if (k === call || key(k) !== key(call)) continue;
      const found: number[] = [];
      for (let m = k; found.length < pattern.length && m < lx.length; m++) {
        if (isTrivia(lx[m])) continue;
        if (key(m) !== key(pattern[found.length])) break;
        found.push(m);
      }
      if (found.length === pattern.length) out.push({ from: lx[found[first]].start, to: lx[found[last]].start + lx[found[last]].text.length });
    }
    return out;
  }

  /**
   * Argument `index` of the call to `name` at offset `callAt`, when that is how the statement writes it: the operand of
   * a cast DuckDB does not locate (`upper(coalesce(v, w))`).
   */
  argumentOf(callAt: number, name: string, index: number): TextOperand | undefined {
    const lx = this.lx;
    const call = lx.findIndex((l) => l.start === callAt);
    const open = call < 0 || lx[call].text.toLowerCase() !== name.toLowerCase() ? -1 : this.next(call + 1);
    const close = isPunct(lx[open], '(') ? this.close(open) : -1;
    if (close < 0) return undefined;
    let depth = 0;
    let position = 0;
    let first = -1;
    let last = -1;
    for (let k = open + 1; k < close; k++) {
      const l = lx[k];
      if (depth === 0 && isPunct(l, ',')) {
        position++;
        continue;
      }
      if (isPunct(l, '(') || isPunct(l, '[') || isWord(l, 'case')) depth++;
      else if (isPunct(l, ')') || isPunct(l, ']') || isWord(l, 'end')) depth--;
      if (position === index && !isTrivia(l)) {
        if (first < 0) first = k;
        last = k;
      }
    }
    return first < 0 ? undefined : { from: lx[first].start, to: lx[last].start + lx[last].text.length };
  }

  /**
   * Operand `index` (0 or 1) of the `||` (or another of `operators`) at offset `operatorAt`: the one read forward after it, or the one ending
   * before it (a column, a call with its OVER or FILTER clause, a CASE … END or a parenthesized expression).
   */
  besideOperator(operatorAt: number, index: number, operators: readonly string[] = ['||']): TextOperand | undefined {
    const lx = this.lx;
    const op = lx.findIndex((l) => l.start === operatorAt);
    if (op < 0 || !operators.some((o) => isPunct(lx[op], o))) return undefined;
    if (index === 1) {
      const k = this.next(op + 1);
      return k < lx.length ? this.operandAt(lx[k].start) : undefined;
    }
    const prev = (i: number): number => {
      let k = i - 1;
      while (k >= 0 && isTrivia(lx[k])) k--;
      return k;
    };
    const last = prev(op);
    let first = last;
    for (;;) {
      if (isPunct(lx[first], ')') || isWord(lx[first], 'end')) {
        const [open, shut] = isWord(lx[first], 'end') ? ['case', 'end'] : ['(', ')'];
        const is = (l: Lexeme, t: string): boolean => (t === '(' || t === ')' ? isPunct(l, t) : isWord(l, t));
        let depth = 0;
        for (; first >= 0; first--) {
          if (is(lx[first], shut)) depth++;
          else if (is(lx[first], open) && --depth === 0) break;
        }
        if (first < 0) return undefined;
        if (open === 'case') break;
        const before = prev(first);
        if (isWord(lx[before], 'over') || isWord(lx[before], 'filter')) {
          first = prev(before);
          continue;
        }
        if (!isName(lx[before]) || ['and', 'or', 'not', 'then', 'else', 'when', 'select', 'in', 'by', 'on', 'where'].includes(lx[before].text.toLowerCase())) break;
        first = before;
      } else if (!isName(lx[first])) return undefined;
      while (isPunct(lx[prev(first)], '.') && isName(lx[prev(prev(first))])) first = prev(prev(first));
      break;
    }
    const operand = first >= 0 ? this.operandAt(lx[first].start) : undefined;
    return operand && operand.to === lx[last].start + lx[last].text.length ? operand : undefined;
  }

  /**
   * The call whose argument starts at offset `at` (`coalesce(` … `at` …): the call's offset, its name and the
   * argument's position; undefined when `at` starts no lexeme or is not directly inside a call's parentheses.
   */
  enclosingCall(at: number): { callAt: number; name: string; index: number } | undefined {
    const lx = this.lx;
    const start = lx.findIndex((l) => l.start === at);
    let depth = 0;
    let index = 0;
    let k = start - 1;
    for (; start > 0 && k >= 0; k--) {
      const l = lx[k];
      if (isPunct(l, ')') || isPunct(l, ']') || isWord(l, 'end')) depth++;
      else if (isPunct(l, '(') || isPunct(l, '[') || isWord(l, 'case')) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && isPunct(l, ',')) index++;
    }
    if (k < 0 || !isPunct(lx[k], '(')) return undefined;
    let name = k - 1;
    while (name >= 0 && isTrivia(lx[name])) name--;
    return lx[name]?.kind === 'word' ? { callAt: lx[name].start, name: lx[name].text, index } : undefined;
  }

  /** The results of the CASE at offset `at` (each THEN's and the ELSE's expression), in order; undefined if none is read. */
  caseResultsAt(at: number): TextOperand[] | undefined {
    const lx = this.lx;
    const i = lx.findIndex((l) => l.start === at);
    const parts = i >= 0 && isWord(lx[i], 'case') ? caseResults(lx, i, lx.length) : null;
    if (!parts) return undefined;
    const spans: TextOperand[] = [];
    for (const r of parts.results) {
      const first = this.next(r.open + 1);
      let last = r.close - 1;
      while (last > first && isTrivia(lx[last])) last--;
      if (first >= r.close) return undefined;
      spans.push({ from: lx[first].start, to: lx[last].start + lx[last].text.length });
    }
    return spans;
  }

  /**
   * The offset of the operator (one of `operators`) right after the operand starting at `at` (`after`), or right
   * before it; undefined when the operand cannot be read or no such operator is there.
   */
  operatorBeside(at: number, after: boolean, operators: readonly string[]): number | undefined {
    const lx = this.lx;
    let k: number;
    if (after) {
      const operand = this.operandAt(at);
      const last = operand ? lx.findIndex((l) => l.start + l.text.length === operand.to) : -1;
      if (last < 0) return undefined;
      k = this.next(last + 1);
    } else {
      k = lx.findIndex((l) => l.start === at) - 1;
      while (k >= 0 && isTrivia(lx[k])) k--;
    }
    return k >= 0 && operators.some((o) => isPunct(lx[k], o)) ? lx[k].start : undefined;
  }

  /** `at` when the statement calls a Bronze macro there (`bz_initcap(`), else undefined. */
  macroCallAt(at: number | undefined): number | undefined {
    return at !== undefined && /^bz_\w+\s*\(/i.test(this.sql.slice(at, at + 64)) ? at : undefined;
  }

  /**
   * The arguments at the text parameters of the Bronze string macro called at `at` (STRING_MACRO_TEXT_PARAMETERS),
   * none for another macro: a type-dispatching one hands a VARIANT to text functions in branches it never takes.
   */
  macroTextArguments(at: number): TextOperand[] {
    const name = /^bz_\w+/i.exec(this.sql.slice(at, at + 64))?.[0] ?? '';
    const positions = STRING_MACRO_TEXT_PARAMETERS.get(name.toLowerCase()) ?? [];
    return positions.map((p) => this.argumentOf(at, name, p)).filter((o): o is TextOperand => o !== undefined);
  }

  /**
   * The one operator of `operators` written between two column references whose last parts are `left` and `right`
   * (in either order), or undefined when there is none or more than one: a join condition's comparison of two
   * columns, which DuckDB gives no location.
   */
  operatorBetweenColumns(left: string, right: string, operators: readonly string[]): number | undefined {
    const found = this.lx.filter((l) => operators.some((o) => isPunct(l, o))).map((l) => l.start).filter((at) => {
      const [a, b] = [this.besideOperator(at, 0, operators), this.besideOperator(at, 1, operators)];
      const column = (o: TextOperand | undefined, name: string): boolean => !!o && !this.sql.slice(o.from, o.to).includes('(') && this.endsWithName(o, name);
      return (column(a, left) && column(b, right)) || (column(a, right) && column(b, left));
    });
    return found.length === 1 ? found[0] : undefined;
  }

  /** Whether `operand` is a column reference (`v`, `t.v`, `"V"`) whose last part is `name`, in any case. */
  endsWithName(operand: TextOperand, name: string): boolean {
    const text = this.sql.slice(operand.from, operand.to);
    if (text.includes('(')) return true;
    const last = /("(?:[^"]|"")*"|[^."\s]+)\s*$/.exec(text)?.[1] ?? '';
    return last.replace(/^"|"$/g, '').replace(/""/g, '"').toLowerCase() === name.toLowerCase();
  }
}

/** `sql` with each operand cast to VARCHAR, and a map from its offsets back to those of `sql`. */
/** Where a check's refusal is written a second time in `after` (variant-grouping.ts: one REPLACE item per column). */
export const REFUSAL_AGAIN = '\u0001bz_refusal\u0001';

/** `operands` with each check's refusal written as `message` gives it (a quoted literal): closing its call, and in `after`. */
export function withRefusals(operands: TextOperand[], message: (o: TextOperand) => string): TextOperand[] {
  return operands.map((o) => (o.refusal === undefined ? o : { ...o, close: `, ${message(o)})`, ...(o.after ? { after: o.after.split(REFUSAL_AGAIN).join(message(o)) } : {}) }));
}

export function castingOperands(sql: string, operands: TextOperand[]): { sql: string; toOriginal: (o: number) => number } {
  const unique = [...new Map(operands.map((o) => [`${o.from}:${o.to}:${o.wrap ?? ''}:${o.argument ?? ''}`, o])).values()];
  // At one offset a cast's `)` goes before another operand's opening, an outer operand opens before an inner one, and
  // an inner one closes first. A call added whole (`argument`) is one insertion, after the closings there.
  const inserts = unique.flatMap((o) =>
    o.argument !== undefined
      ? [{ at: o.from, text: `${o.lead ?? ''}${o.wrap ?? CAST_TO_TEXT}(${o.argument}${o.close ?? ')'}${o.after ?? ''}`, opens: 1, size: 0 }]
      : [
          { at: o.from, text: `${o.lead ?? ''}${o.wrap ?? CAST_TO_TEXT}(`, opens: 1, size: o.to - o.from },
          { at: o.to, text: `${o.close ?? ')'}${o.after ?? ''}`, opens: 0, size: o.to - o.from },
        ],
  );
  inserts.sort((a, b) => a.at - b.at || a.opens - b.opens || (a.opens ? b.size - a.size : a.size - b.size));
  return withInsertions(sql, inserts);
}

/** `sql` with each text inserted at its offset (in that order at one offset), and a map back to `sql`'s offsets. */
export function withInsertions(sql: string, inserts: { at: number; text: string }[]): { sql: string; toOriginal: (o: number) => number } {
  const sorted = [...inserts].sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const ins of sorted) {
    out += sql.slice(from, ins.at) + ins.text;
    from = ins.at;
  }
  out += sql.slice(from);
  const toOriginal = (o: number): number => {
    let added = 0;
    for (const ins of sorted) {
      const start = ins.at + added;
      if (o < start) break;
      // Inside an inserted text: its place in `sql`.
      if (o < start + ins.text.length) return ins.at;
      added += ins.text.length;
    }
    return o - added;
  };
  return { sql: out, toOriginal };
}
