// A SQL file's loader scan as a parse-cache line. Scanning every model again on each `bronze check` was ~10 % of a
// warm 10,000-model check, and the scans' objects lived until the nodes were built (more GC); a line is the calls'
// offsets and literal values only — texts and ranges come back from the file's text, and the refs, sources, config
// and `static` are derived from the calls again by the scanner's own code (scanResultOf). Files with definitions
// (macros) or scan problems are not stored: they are scanned as before.
import { jsonSafe } from './parse-cache';
import { LineIndex } from './line-index';
import { LazyArg, LazyCall, LazyKwarg, scanResultOf, type CallName, type LiteralValue, type ScanResult, type ScannedArg, type ScannedKwarg } from './scanner';

/** [start, end, literal, value?]: `value` is present exactly when the argument has one. */
type ArgLine = [number, number, 0 | 1] | [number, number, 0 | 1, LiteralValue];
/** [keyword, start, end, keyword start, keyword end, literal, value?]. */
type KwargLine = [string, number, number, number, number, 0 | 1] | [string, number, number, number, number, 0 | 1, LiteralValue];
/** [name, start, end, literal, conditional, args, kwargs]. */
type CallLine = [CallName, number, number, 0 | 1, 0 | 1, ArgLine[], KwargLine[]];

/** What a parse-cache line holds for a SQL file (its `kind` tells it from a plain parse). */
export interface ScanLine {
  kind: 'sql-scan';
  calls: CallLine[];
}

function argLine(a: ScannedArg, text: string): ArgLine | undefined {
  if (!(a instanceof LazyArg)) return undefined;
  const [start, end] = a.span();
  if (a.text !== text.slice(start, end)) return undefined;
  return 'value' in a ? [start, end, a.literal ? 1 : 0, a.value as LiteralValue] : [start, end, a.literal ? 1 : 0];
}

/** The cache line of `scan` (made from `text`), or undefined when it cannot be stored exactly. */
export function scanLine(scan: ScanResult, text: string): ScanLine | undefined {
  if (scan.definitions.length > 0 || scan.problems.length > 0) return undefined;
  const calls: CallLine[] = [];
  for (const call of scan.calls) {
    if (!(call instanceof LazyCall) || Object.getPrototypeOf(call.kwargs) !== Object.prototype) return undefined;
    const args: ArgLine[] = [];
    for (const a of call.args) {
      if (a instanceof LazyKwarg) return undefined;
      const line = argLine(a, text);
      if (!line) return undefined;
      args.push(line);
    }
    const kwargs: KwargLine[] = [];
    for (const k in call.kwargs) {
      const a = call.kwargs[k];
      if (!(a instanceof LazyKwarg)) return undefined;
      const line = argLine(a, text);
      if (!line) return undefined;
      const [nameStart, nameEnd] = a.nameSpan();
      kwargs.push(line.length === 4 ? [k, line[0], line[1], nameStart, nameEnd, line[2], line[3]] : [k, line[0], line[1], nameStart, nameEnd, line[2]]);
    }
    const [start, end] = call.span();
    calls.push([call.name, start, end, call.literal ? 1 : 0, call.conditional ? 1 : 0, args, kwargs]);
  }
  const line: ScanLine = { kind: 'sql-scan', calls };
  // A value JSON cannot carry as it is (undefined in a list, NaN) keeps the file out of the cache.
  return jsonSafe(line) && !hasProtoKey(line) ? line : undefined;
}

/** `__proto__` as a key reads back from JSON as an own property, which an object literal's assignment is not. */
function hasProtoKey(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasProtoKey);
  return Object.prototype.hasOwnProperty.call(v, '__proto__') || Object.values(v).some(hasProtoKey);
}

/** The scan a line was made from, for `text` (the line's key hashes that text). */
export function scanFromLine(line: ScanLine, text: string): ScanResult {
  const lines = new LineIndex(text);
  const calls = line.calls.map(([name, start, end, literal, conditional, argLines, kwargLines]) => {
    const args: ScannedArg[] = argLines.map((a) => {
      const arg = new LazyArg(a[2] === 1, text.slice(a[0], a[1]), lines, a[0], a[1]);
      if (a.length === 4) arg.value = a[3];
      return arg;
    });
    const kwargs: Record<string, ScannedKwarg> = {};
    for (const k of kwargLines) {
      const kw = new LazyKwarg(k[5] === 1, text.slice(k[1], k[2]), lines, k[1], k[2], k[3], k[4]);
      if (k.length === 7) kw.value = k[6];
      kwargs[k[0]] = kw;
    }
    return new LazyCall(name, args, kwargs, literal === 1, conditional === 1, lines, start, end);
  });
  return scanResultOf(calls, [], []);
}
