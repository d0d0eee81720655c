// YAML as dbt reads it. dbt loads every YAML file with PyYAML's SafeLoader: YAML 1.1 scalars (`yes`/`no`/`on`/
// `off` are booleans, `0o7` and `1e3` are strings, `010` is octal), `<<` merge keys, and a repeated key keeps its
// later value (dbt warns, it does not fail). This module gives that value from the `yaml` package's Document,
// which keeps node ranges for locations, and reads past syntax errors: lines that break the parse are blanked
// (same length, so every offset stays valid) and the rest is parsed again, so a broken file still declares
// whatever it declares outside the broken lines.
import { YamlFloat, YamlTimestamp, attachYamlKeys, type YamlKey } from '../core/yaml-python-values';
import { LineIndex } from './line-index';
import { isAlias, isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Document, type Node, type ScalarTag, type Tags } from 'yaml';

// PyYAML's implicit resolvers for plain scalars (YAML 1.1 types; its `y`/`n` are strings, unlike the spec's).
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const INT = /^(?:[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const DATETIME = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?$/;
const TIMESTAMP = new RegExp(`^(?:${DATE.source.slice(1, -1)}|${DATETIME.source.slice(1, -1)})$`);

/** A plain scalar's value as PyYAML's SafeLoader resolves it (the `yaml`-free part, shared with yaml-fast.ts). */
export function resolvePlain(s: string): unknown {
  // PyYAML picks the resolvers to try by the first character; most values are words that start with none of them.
  if (s === '') return null;
  switch (s.charCodeAt(0)) {
    case 126: // ~
      return s === '~' ? null : s;
    case 110: // n
    case 78: // N
      if (NULL.test(s)) return null;
      return FALSE.test(s) ? false : s;
    case 121: // y
    case 89: // Y
    case 116: // t
    case 84: // T
    case 111: // o
    case 79: // O
      return TRUE.test(s) ? true : FALSE.test(s) ? false : s;
    case 102: // f
    case 70: // F
      return FALSE.test(s) ? false : s;
    case 45: // -
    case 43: // +
    case 46: // .
    case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55: case 56: case 57: // 0-9
      if (INT.test(s)) return toInt(s);
      if (FLOAT.test(s)) return toFloat(s);
      if (TIMESTAMP.test(s)) return toTimestamp(s);
      return s;
    default:
      return s;
  }
}

function signOf(s: string): [number, string] {
  if (s[0] === '-') return [-1, s.slice(1)];
  if (s[0] === '+') return [1, s.slice(1)];
  return [1, s];
}

function sexagesimal(digits: string): number {
  let value = 0;
  for (const part of digits.split(':')) value = value * 60 + Number(part);
  return value;
}

function toInt(raw: string): number {
  const [sign, s] = signOf(raw.replace(/_/g, ''));
  let n: number;
  if (s === '0') n = 0;
  else if (s.startsWith('0b')) n = parseInt(s.slice(2), 2);
  else if (s.startsWith('0x')) n = parseInt(s.slice(2), 16);
  else if (s[0] === '0') n = parseInt(s, 8);
  else if (s.includes(':')) n = sexagesimal(s);
  else n = Number(s);
  return sign * n || 0; // Python has no negative integer zero
}

/** A float; a whole one stays a float (YamlFloat), as Python prints it `5.0`. */
function toFloat(raw: string): number | YamlFloat {
  const [sign, s] = signOf(raw.replace(/_/g, '').toLowerCase());
  if (s === '.inf') return sign * Infinity;
  if (s === '.nan') return NaN;
  const n = sign * (s.includes(':') ? sexagesimal(s) : Number(s.endsWith('.') ? s.slice(0, -1) : s));
  return Number.isInteger(n) ? new YamlFloat(n) : n;
}

/** A YAML 1.1 timestamp as PyYAML constructs it: a date, or a datetime naive or with its written offset. */
function toTimestamp(s: string): YamlTimestamp {
  if (DATE.test(s)) return new YamlTimestamp(Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) * 1000, 'date', undefined);
  const m = DATETIME.exec(s)!;
  // PyYAML keeps six digits of the fraction (more are cut, fewer padded).
  const us = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) * 1000 + us;
  // `Z` is UTC; `±hh[:mm]` is kept as written.
  const offset = m[8] === undefined ? undefined : m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11] ?? 0)) : 0;
  return new YamlTimestamp(wall, 'datetime', offset);
}

const plainTag = (tag: string, test: RegExp, construct: (s: string) => unknown): ScalarTag => ({
  tag,
  default: true,
  test,
  resolve: (s: string) => construct(s),
  identify: () => false,
});

// Booleans are one test per tag in the `yaml` package, so each value gets its own entry.
const PYYAML_TAGS: ScalarTag[] = [
  plainTag('tag:yaml.org,2002:null', NULL, () => null),
  plainTag('tag:yaml.org,2002:bool', TRUE, () => true),
  plainTag('tag:yaml.org,2002:bool', FALSE, () => false),
  plainTag('tag:yaml.org,2002:int', INT, toInt),
  plainTag('tag:yaml.org,2002:float', FLOAT, toFloat),
  plainTag('tag:yaml.org,2002:timestamp', TIMESTAMP, toTimestamp),
];

// An explicit tag (`!!float 2`) constructs its type from any text, as PyYAML does; text PyYAML cannot construct
// (it rejects the file) stays a string. Listed first: the `yaml` package takes the first test-less tag by name.
const explicitTag = (tag: string, construct: (s: string) => unknown): ScalarTag => ({ tag, default: false, resolve: construct, identify: () => false });
const EXPLICIT_TAGS: ScalarTag[] = [
  explicitTag('tag:yaml.org,2002:null', () => null),
  explicitTag('tag:yaml.org,2002:bool', (s) => (TRUE.test(s) ? true : FALSE.test(s) ? false : s)),
  explicitTag('tag:yaml.org,2002:int', (s) => (/^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)$/.test(s) ? toInt(s) : s)),
  explicitTag('tag:yaml.org,2002:float', (s) => (/^[-+]?(?:[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|nan))$/i.test(s) ? toFloat(s) : s)),
  explicitTag('tag:yaml.org,2002:timestamp', (s) => (TIMESTAMP.test(s) ? toTimestamp(s) : s)),
];

const OPTIONS = {
  version: '1.1' as const,
  schema: 'failsafe',
  customTags: (tags: Tags) => [...EXPLICIT_TAGS, ...tags, ...PYYAML_TAGS],
  merge: true,
  uniqueKeys: false,
  keepSourceTokens: false,
  prettyErrors: false,
  logLevel: 'error' as const, // no process warnings (collection keys): the value is what matters here
};

/** The Document of a text that parses (node ranges for locations), with dbt's reading rules. */
export function parseDbtDocument(text: string): Document {
  return parseDocument(text, OPTIONS);
}

/** How a broken file is read (the end of its syntax errors' message); the language server may say otherwise. */
export const READS_REST = ' Bronze reads the rest of it without the lines that do not parse.';

/** A problem found while reading, as offsets into the text. */
export interface YamlProblem {
  start: number;
  end: number;
  severity: 'error' | 'warning';
  code: 'bronze/yaml-syntax' | 'bronze/yaml-duplicate-key';
  message: string;
  /** Syntax errors: the last line (0-based) of the problem area, when it spans several. */
  lastLine?: number;
}

export interface DbtYaml {
  /** The value dbt would read; for a file with syntax errors, what reads without the broken lines. */
  value: unknown;
  /** The Document the value came from (of the repaired text when lines were blanked; offsets are the same). */
  doc: Document;
  problems: YamlProblem[];
  /** 0-based lines left out of the value because they do not parse. */
  skippedLines: ReadonlySet<number>;
}

// Each repair round parses the file again: at most this many rounds, and about this many characters parsed in
// all, so a big file broken in many places costs a bounded time (it keeps what reads by then).
const MAX_REPAIRS = 60;
const REPAIR_BUDGET = 1_500_000;

// A key PyYAML reads as other than a string (a number, bool, null, date), or one JavaScript lists out of its written
// order (integer-like text), may be in the text: only then is the mapping read a second time with its keys' values.
const MAY_HAVE_TYPED_KEYS = /(?:^|[\s{,?])['"]?(?:[-+.]?\d|true\b|false\b|yes\b|no\b|on\b|off\b|null\b|~)[^:\n]*:(?:\s|$)/im;

/** The property the `yaml` package stores a key under when it makes a mapping an object. */
const keyProperty = (k: unknown): string => (k === null ? '' : String(k));

/**
 * Walks the plain reading `plain` beside `typed` (the same document read with mappings as Maps, keys keeping their
 * values) and gives each mapping whose keys the plain reading changed its keys as PyYAML reads them.
 */
function keepYamlKeys(plain: unknown, typed: unknown): void {
  if (Array.isArray(plain) && Array.isArray(typed)) {
    plain.forEach((x, i) => keepYamlKeys(x, typed[i]));
    return;
  }
  if (!(typed instanceof Map) || typeof plain !== 'object' || plain === null || Array.isArray(plain)) return;
  const obj = plain as Record<string, unknown>;
  const keys: YamlKey[] = [];
  for (const k of typed.keys()) keys.push([k, keyProperty(k)]);
  const props = Object.keys(obj);
  const changed = keys.some(([k]) => typeof k !== 'string') || keys.length !== props.length || keys.some(([, p], i) => props[i] !== p);
  // Only when every key has its own property (two keys written `1` and `'1'` share one: left as it was).
  if (changed && new Set(keys.map(([, p]) => p)).size === keys.length && keys.every(([, p]) => Object.prototype.hasOwnProperty.call(obj, p))) attachYamlKeys(obj, keys);
  for (const [k, x] of typed) keepYamlKeys(obj[keyProperty(k)], x);
}

/**
 * Reads `text` the way dbt does; never throws. `repair: false` (only the problems are wanted) skips reading past
 * syntax errors: the value of a broken file is then what the first parse gives.
 */
export function loadDbtYaml(text: string, repair = true): DbtYaml {
  const lines = new LineIndex(text);
  let doc = parseDocument(text, OPTIONS);
  const problems: YamlProblem[] = [];
  const skipped = new Set<number>();
  if (doc.errors.length > 0) {
    problems.push(...syntaxAreas(text, lines, doc));
    if (!repair) return { value: undefined, doc, problems, skippedLines: skipped };
    // Blank what breaks the parse and parse again, until it parses (or nothing more can be blanked).
    let repaired = text;
    const rounds = Math.min(MAX_REPAIRS, Math.max(3, Math.floor(REPAIR_BUDGET / Math.max(1, text.length))));
    for (let round = 0; round < rounds && doc.errors.length > 0; round++) {
      const next = blankFirstError(repaired, lines, doc, skipped);
      if (next === repaired) break;
      repaired = next;
      doc = parseDocument(repaired, OPTIONS);
    }
  }
  problems.push(...duplicateKeys(text, lines, doc));
  if (text.length > 0 && !text.endsWith('\n')) clipAtEnd(doc, text.length);
  let value: unknown;
  try {
    value = doc.contents === null ? undefined : doc.toJS({ maxAliasCount: 1000 });
    if (value !== undefined && MAY_HAVE_TYPED_KEYS.test(text)) keepYamlKeys(value, doc.toJS({ maxAliasCount: 1000, mapAsMap: true }));
  } catch (err) {
    // A merge of something that is not a mapping, an alias loop: PyYAML rejects the file as well.
    value = undefined;
    problems.push({ start: 0, end: Math.min(1, text.length), severity: 'error', code: 'bronze/yaml-syntax', message: `YAML error: ${err instanceof Error ? err.message : String(err)}` });
  }
  problems.sort((a, b) => a.start - b.start);
  return { value, doc, problems, skippedLines: skipped };
}

/**
 * A block scalar that ends the file without a final line break: PyYAML's value has no trailing newline (there is
 * none to keep), the `yaml` package adds one.
 */
function clipAtEnd(doc: Document, end: number): void {
  visit(doc, {
    Scalar(_key, node) {
      if ((node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && node.range && node.range[1] >= end && typeof node.value === 'string' && node.value.endsWith('\n')) {
        node.value = node.value.slice(0, -1);
      }
    },
  });
}

/** Ranges of the quoted scalars and flow collections of a Document (where an unclosed one starts), read once. */
type Openings = [start: number, end: number][];

function openingsOf(text: string, doc: Document): Openings {
  const out: Openings = [];
  visit(doc, (_key, node) => {
    const n = node as Node | null;
    if (!n?.range) return;
    const c = text[n.range[0]];
    if ((isScalar(n) && (c === '"' || c === "'")) || ((isSeq(n) || isMap(n)) && (c === '[' || c === '{'))) out.push([n.range[0], n.range[1]]);
  });
  return out;
}

/**
 * Where an error really is: an error inside a quoted scalar or flow collection opened on an earlier line, or found
 * at the end of input (an unclosed quote or bracket), belongs to that opening.
 */
function errorOffset(text: string, lines: LineIndex, openings: Openings, pos: number): { offset: number; opening: boolean } {
  const end = text.trimEnd().length;
  const at = Math.min(pos, end);
  // The outermost opening that holds the position.
  let open = -1;
  for (const [a, b] of openings) if (a < at && b >= at && (open < 0 || a < open)) open = a;
  if (open >= 0 && (pos >= end || lines.positionAt(open).line < lines.positionAt(pos).line)) return { offset: open, opening: true };
  if (pos < end) return { offset: pos, opening: false };
  return { offset: Math.max(0, end - 1), opening: false };
}

/**
 * The syntax errors, one per problem area: errors on nearby lines (a lost indentation breaks every line that
 * follows it) are one problem, reported once at its first error.
 */
function syntaxAreas(text: string, lines: LineIndex, doc: Document): YamlProblem[] {
  const openings = openingsOf(text, doc);
  const located = doc.errors
    .map((e) => {
      const { offset } = errorOffset(text, lines, openings, e.pos[0]);
      const end = offset === e.pos[0] ? Math.max(e.pos[1], offset + 1) : offset + 1;
      return { offset, end: Math.min(end, Math.max(text.length, offset)), line: lines.positionAt(offset).line, message: firstLine(e.message) };
    })
    .sort((a, b) => a.offset - b.offset);
  const out: YamlProblem[] = [];
  let area: (typeof located)[number] | undefined;
  let last = -10;
  let count = 0;
  const flush = () => {
    if (!area) return;
    const span = last > area.line ? ` (${count} problems on lines ${area.line + 1}–${last + 1})` : '';
    out.push({
      start: area.offset,
      end: area.end,
      severity: 'error',
      code: 'bronze/yaml-syntax',
      message: `YAML syntax error: ${area.message}${span}. dbt cannot read this file until it is fixed;${READS_REST}`,
      lastLine: last,
    });
  };
  for (const e of located) {
    if (area && e.line <= last + 2) {
      last = Math.max(last, e.line);
      count++;
      continue;
    }
    flush();
    area = e;
    last = e.line;
    count = 1;
  }
  flush();
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim().replace(/ at line \d+, column \d+:?$/, '').replace(/[.:]$/, '');
}

/**
 * `text` with the first broken line of `doc` blanked (an unclosed quote or bracket: from its opening on). One line
 * a round: what follows a broken line often breaks only because of it.
 */
function blankFirstError(text: string, lines: LineIndex, doc: Document, skipped: Set<number>): string {
  let first: { offset: number; opening: boolean } | undefined;
  const openings = openingsOf(text, doc);
  for (const e of doc.errors) {
    const at = errorOffset(text, lines, openings, e.pos[0]);
    if (!first || at.offset < first.offset) first = at;
  }
  if (!first) return text;
  const line = lines.positionAt(first.offset).line;
  const from = first.opening ? first.offset : lines.offsetAt({ line, character: 0 });
  // The next line's start, or the end of the text after the last line.
  const to = lines.offsetAt({ line: line + 1, character: 0 });
  skipped.add(line);
  return text.slice(0, from) + text.slice(from, to).replace(/[^\r\n]/g, ' ') + text.slice(to);
}

/** Repeated keys of one mapping: dbt keeps the later value, and says so. */
function duplicateKeys(text: string, lines: LineIndex, doc: Document): YamlProblem[] {
  const out: YamlProblem[] = [];
  visit(doc, {
    Map(_key, map) {
      if (map.items.length < 2) return;
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k) || isAlias(k) || !k.range) continue;
        if (k.type === Scalar.PLAIN && k.source === '<<') continue;
        const name = String(k.value);
        const first = seen.get(name);
        seen.set(name, k);
        if (!first?.range) continue;
        const a = lines.positionAt(first.range[0]).line + 1;
        const b = lines.positionAt(k.range[0]).line + 1;
        out.push({
          start: k.range[0],
          end: k.range[1],
          severity: 'warning',
          code: 'bronze/yaml-duplicate-key',
          message: `Key '${name}' appears twice in this mapping (lines ${a} and ${b}); dbt keeps the later value (line ${b}). Remove one of them.`,
        });
      }
    },
  });
  void text;
  return out;
}
