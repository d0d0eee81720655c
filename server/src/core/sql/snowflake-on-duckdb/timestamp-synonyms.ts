// Snowflake's other spellings of its timestamp variations
// (https://docs.snowflake.com/en/sql-reference/data-types-datetime): TIMESTAMPLTZ and TIMESTAMP WITH LOCAL TIME ZONE
// are TIMESTAMP_LTZ; TIMESTAMPNTZ and TIMESTAMP WITHOUT TIME ZONE are TIMESTAMP_NTZ; TIMESTAMPTZ and TIMESTAMP WITH
// TIME ZONE are TIMESTAMP_TZ (a wallclock time with its own offset — not DuckDB's TIMESTAMPTZ, which is an instant).
// The translator renames each to the variation's own word before anything else reads the statement (as
// timestamp-type-mapping.ts does for the TIMESTAMP alias), so every rule about a variation (casts, `::`, columns,
// function signatures, literals) applies to all its spellings. DATETIME, also TIMESTAMP_NTZ, is read as such
// everywhere already. The layer's own output spells DuckDB's instant type quoted (duckdb-instant.ts), which this
// leaves alone, so a second pass reads it unchanged.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord, lowerText } from './template';
import { typePositions } from './type-positions';
import { UnsupportedOnDuckDb } from './unsupported';

/** One-word synonyms, lower case, and the variation each names (a Map: a type named `constructor` is no synonym). */
const ONE_WORD: ReadonlyMap<string, string> = new Map([
  ['timestamptz', 'TIMESTAMP_TZ'],
  ['timestampltz', 'TIMESTAMP_LTZ'],
  ['timestampntz', 'TIMESTAMP_NTZ'],
]);

/** The words after TIMESTAMP in each multi-word synonym, and the variation it names. */
const PHRASES: readonly (readonly [readonly string[], string])[] = [
  [['with', 'local', 'time', 'zone'], 'TIMESTAMP_LTZ'],
  [['with', 'time', 'zone'], 'TIMESTAMP_TZ'],
  [['without', 'time', 'zone'], 'TIMESTAMP_NTZ'],
];

/**
 * `lx` with every synonym of a timestamp variation written as a type renamed to the variation's word (a multi-word synonym
 * becomes one word lexeme at its first word's offset). A precision written between TIMESTAMP and WITH …
 * (`TIMESTAMP(3) WITH TIME ZONE`) is refused by name: Snowflake documents the precision after the type's name.
 */
export function mapTimestampSynonyms(lx: Lexeme[]): Lexeme[] {
  const sig: number[] = [];
  for (let i = 0; i < lx.length; i++) if (!isTrivia(lx[i])) sig.push(i);
  const at = (k: number): Lexeme | undefined => (k >= 0 && k < sig.length ? lx[sig[k]] : undefined);
  const out: Lexeme[] = [];
  let copied = 0;
  // A synonym is a type only where a type is written; elsewhere it is a name (type-positions.ts).
  let types: Set<number> | undefined;
  const isType = (k: number): boolean => (types ??= typePositions(lx)).has(sig[k]);
  for (let k = 0; k < sig.length; k++) {
    const l = lx[sig[k]];
    // Every synonym starts with T, and no other character lower-cases to one starting with t: other words are passed
    // over before anything else is read of them (most of this function's time was lower-casing every word).
    const c = l.text.charCodeAt(0);
    if (l.kind !== 'word' || (c !== 116 && c !== 84) || isPunct(at(k - 1), '.') || isPunct(at(k + 1), '.')) continue;
    const word = lowerText(l.text);
    const synonym = ONE_WORD.get(word);
    if (synonym !== undefined && isType(k)) {
      out.push(...lx.slice(copied, sig[k]), { ...l, text: synonym });
      copied = sig[k] + 1;
      continue;
    }
    if (word !== 'timestamp') continue;
    // TIMESTAMP(n) WITH [LOCAL] TIME ZONE: the words after the parenthesis.
    let after = k + 1;
    if (isPunct(at(after), '(') && at(after + 2) !== undefined && isPunct(at(after + 2), ')')) after += 3;
    const phrase = PHRASES.find(([words]) => words.every((w, j) => isWord(at(after + j), w)));
    if (!phrase || !isType(k)) continue;
    if (after !== k + 1) throw new UnsupportedOnDuckDb(`TIMESTAMP(n) ${phrase[0].join(' ').toUpperCase()} (write ${phrase[1]}(n))`, l.start);
    const last = k + phrase[0].length;
    out.push(...lx.slice(copied, sig[k]), { ...l, text: phrase[1] });
    copied = sig[last] + 1;
    k = last;
  }
  if (copied === 0) return lx;
  out.push(...lx.slice(copied));
  return out;
}
