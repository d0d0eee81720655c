// Grouping by VARIANT values. Snowflake compares VARIANTs by value: 5, 5.00 and 5.00::DOUBLE are equal, '5' is not
// (https://docs.snowflake.com/en/sql-reference/functions/array_remove), and an OBJECT is an unordered set of pairs, so
// {"b":1,"a":2} equals {"a":2,"b":1} (https://docs.snowflake.com/en/sql-reference/functions/parse_json, usage notes).
// The twin holds a VARIANT as JSON text, and DuckDB groups, deduplicates and partitions JSON by that text: 1 and 1.0
// (or 1e0) landed in two groups. Which of two equal values a group then shows (1 or 1.0) is no page's, so the twin
// does not pick one: a value keyed where the text would decide is checked when it runs (bz_variant_group) and refused
// by name if its text is not the one text of its value (a number with trailing fraction zeros or an exponent, object
// keys out of order, spacing). Equal values with that one text are equal texts, so what runs groups as Snowflake does.
// PARTITION BY and the argument of an aggregate's DISTINCT are wrapped in the check (the plan shows a VARIANT there:
// variant-implicit-cast.ts); GROUP BY, SELECT DISTINCT and the set operators that deduplicate (UNION, INTERSECT,
// EXCEPT) show the grouped value itself, whose text the check cannot settle in place: refused by name before running.
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { parseSnowflakeJson, SnowflakeJsonError, SnowflakeJsonUnsupported, type JsonNode } from './snowflake-json';
import type { TextOperand } from './variant-text-operands';

/** A plain decimal number (no exponent): the form whose value has one text once its fraction's zeros are dropped. */
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** The one text of a number's value, or undefined for a number written with an exponent (a FLOAT in the VARIANT). */
function numberText(text: string): string | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return value === '-0' ? '0' : value;
}

function canonical(node: JsonNode): string | undefined {
  switch (node.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'number':
      return numberText(node.text);
    case 'string':
      return JSON.stringify(node.value);
    case 'array': {
      const items = node.items.map(canonical);
      return items.every((i) => i !== undefined) ? `[${items.join(',')}]` : undefined;
    }
    case 'object': {
      const entries = [...node.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const values = entries.map(([, v]) => canonical(v));
      return values.every((v) => v !== undefined) ? `{${entries.map(([k], i) => `${JSON.stringify(k)}:${values[i]}`).join(',')}}` : undefined;
    }
  }
}

/**
 * The one JSON text of the value `text` holds, as the twin writes it (compact, object keys sorted, numbers without
 * fraction zeros), or undefined when no such text is settled: a number written with an exponent (a FLOAT, whose
 * equality with a NUMBER of the same digits no page gives), or text that is no JSON.
 */
export function canonicalVariantText(text: string): string | undefined {
  try {
    const node = parseSnowflakeJson(text, false);
    return node === undefined ? undefined : canonical(node);
  } catch (e) {
    if (e instanceof SnowflakeJsonError || e instanceof SnowflakeJsonUnsupported) return undefined;
    throw e;
  }
}

/** Whether `text` is the one text of its value (canonicalVariantText): keying by it keys by the value. */
export const isCanonicalVariantText = (text: string): boolean => canonicalVariantText(text) === text;

/** The check's macro (json-functions.ts): the value as it is, or the refusal given with it. */
export const VARIANT_GROUP_CHECK = 'bz_variant_group';

/** What the check says when a value fails it, after the construct's name. */
export const GROUP_CHECK_WHY =
  "holding a value whose text the DuckDB target cannot key by its value (a number written with trailing fraction zeros or an exponent, e.g. 1.0 or 1e0, an object's keys out of order): Snowflake groups VARIANTs by value, 1 with 1.0; cast it, e.g. v::NUMBER or v::VARCHAR";

/** A grouping the plan shows over a VARIANT: wrapped in the check where it is written, or refused by name. */
export type VariantGrouping = 'partition' | 'distinct-argument';

const isPunct = (l: Lexeme | undefined, p: string): boolean => l?.kind === 'punct' && l.text === p;
const isWord = (l: Lexeme | undefined, w: string): boolean => l?.kind === 'word' && l.text.toLowerCase() === w;

/** Words ending a window's PARTITION BY list at its depth. */
const PARTITION_ENDS = new Set(['order', 'rows', 'range', 'groups']);

/**
 * The operands to wrap in the check for the groupings `kinds` in `sql` (a translated statement): every item of every
 * PARTITION BY, every argument of COUNT(DISTINCT …) and the first of any other aggregate's DISTINCT. The check is the
 * value itself for any type but a VARIANT (its macro chooses by type while binding), so the items the plan does not
 * show as VARIANTs are wrapped alike; one already wrapped is left.
 */
export function variantGroupingOperands(sql: string, kinds: ReadonlySet<VariantGrouping>, what: (kind: VariantGrouping) => string): TextOperand[] {
  const all = lex(sql);
  const lx = all.filter((l) => !isTrivia(l));
  const out: TextOperand[] = [];
  // The items from lexeme `from` (inclusive) up to the first at depth 0 that `ends` (or a closing paren), split at commas.
  const items = (from: number, ends: (l: Lexeme) => boolean, first: boolean, kind: VariantGrouping): void => {
    let depth = 0;
    let start = from;
    for (let k = from; k < lx.length; k++) {
      const l = lx[k];
      const closes = depth === 0 && (isPunct(l, ')') || ends(l) || isPunct(l, ';'));
      if (closes || (depth === 0 && isPunct(l, ','))) {
        if (k > start && !wrapped(start)) out.push({ from: lx[start].start, to: lx[k - 1].start + lx[k - 1].text.length, wrap: VARIANT_GROUP_CHECK, refusal: what(kind) });
        if (closes || first) return;
        start = k + 1;
        continue;
      }
      if (isPunct(l, '(') || isPunct(l, '[')) depth++;
      else if (isPunct(l, ')') || isPunct(l, ']')) depth--;
    }
  };
  const wrapped = (k: number): boolean => lx[k]?.kind === 'word' && lx[k].text.toLowerCase() === VARIANT_GROUP_CHECK && isPunct(lx[k + 1], '(');
  for (let k = 0; k < lx.length; k++) {
    if (kinds.has('partition') && isWord(lx[k], 'partition') && isWord(lx[k + 1], 'by')) items(k + 2, (l) => l.kind === 'word' && PARTITION_ENDS.has(l.text.toLowerCase()), false, 'partition');
    if (kinds.has('distinct-argument') && isPunct(lx[k], '(') && isWord(lx[k + 1], 'distinct') && lx[k - 1]?.kind === 'word') {
      const name = lx[k - 1].text.toLowerCase();
      items(k + 2, (l) => isWord(l, 'order'), name !== 'count', 'distinct-argument');
    }
  }
  return out;
}
