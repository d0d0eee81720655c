// Snowflake-shaped errors. Everything the emulator rejects is answered HTTP 200 with `success:false`, because
// the driver retries 5xx answers for minutes instead of surfacing them.

import { ambiguousColumnMessage } from '../../server/src/core/sql/snowflake-on-duckdb/errors';

export class SnowflakeError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based line and 0-based position (Snowflake's convention) of `offset` inside `text`. */
export function lineAndPosition(text: string, offset: number): { line: number; position: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  const before = text.slice(0, clamped);
  const line = before.split('\n').length;
  const position = clamped - (before.lastIndexOf('\n') + 1);
  return { line, position };
}

interface DuckErrorJson {
  exception_type?: string;
  exception_message?: string;
  error_subtype?: string;
  position?: string;
  name?: string;
  type?: string;
}

/** DuckDB raises `{...}` JSON (with `SET errors_as_json=true`), sometimes behind a `Parser Error: ` prefix. */
function parseDuckError(message: string): DuckErrorJson | null {
  const brace = message.indexOf('{');
  if (brace < 0) return null;
  try {
    return JSON.parse(message.slice(brace)) as DuckErrorJson;
  } catch {
    return null;
  }
}

function wordAt(text: string, offset: number): string {
  const m = /^("(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*|\S)/.exec(text.slice(offset));
  return m ? m[0] : '';
}

/** Finds `name` as a whole word in `original` (case-insensitive); used when the DuckDB offset refers to rewritten SQL. */
function findWord(original: string, name: string): number {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|[^A-Za-z0-9_$"])"?(${esc})"?(?![A-Za-z0-9_$])`, 'i').exec(original);
  return m ? m.index + m[1].length : -1;
}

/**
 * Maps a DuckDB error back onto `original` (the statement the client sent); `toOriginal` turns an offset in the
 * SQL DuckDB ran into an offset in `original`.
 */
export function mapDuckError(err: unknown, original: string, toOriginal: (offset: number) => number = (o) => o): SnowflakeError {
  const raw = err instanceof Error ? err.message : String(err);
  if (/INTERRUPT/i.test(raw) || /Interrupted/.test(raw)) {
    return new SnowflakeError('000604', '57014', 'SQL execution canceled');
  }
  const j = parseDuckError(raw);
  const message = j?.exception_message ?? raw;
  const kind = j?.exception_type ?? '';
  let offset = j?.position !== undefined ? toOriginal(Number(j.position)) : -1;
  if (offset >= 0 && j?.name && findWord(original.slice(offset), j.name) !== 0) {
    // A rewrite can shift text: prefer where the offending name really sits in the original statement.
    const found = findWord(original, j.name);
    if (found >= 0) offset = found;
  }
  const where = offset >= 0 ? lineAndPosition(original, offset) : null;
  const at = where ? ` line ${where.line} at position ${where.position}` : '';
  if (kind === 'Parser') {
    const token = offset >= 0 ? wordAt(original, offset) : '';
    return new SnowflakeError('001003', '42000', `SQL compilation error:\nsyntax error${at} unexpected '${token}'.`);
  }
  if (kind === 'Binder' && j?.error_subtype === 'COLUMN_NOT_FOUND') {
    const name = (j.name ?? '').toUpperCase();
    return new SnowflakeError('000904', '42000', `SQL compilation error: error${at}\ninvalid identifier '${name}'`);
  }
  if (kind === 'Catalog' && (j?.error_subtype === 'MISSING_ENTRY' || /does not exist/i.test(message))) {
    const schemaMissing = /schema "([^"]+)" does not exist/i.exec(message);
    const name = (schemaMissing?.[1] ?? j?.name ?? /"([^"]+)"/.exec(message)?.[1] ?? '').toUpperCase();
    const what = schemaMissing || j?.type === 'Schema' ? 'Schema' : 'Object';
    return new SnowflakeError('002003', '42S02', `SQL compilation error: error${at}\n${what} '${name}' does not exist or not authorized.`);
  }
  if (kind === 'Catalog' && /already exists/i.test(message)) {
    return new SnowflakeError('002002', '42710', `SQL compilation error:\n${firstLine(message)}`);
  }
  const ambiguous = kind === 'Binder' ? ambiguousColumnMessage(message) : undefined;
  if (ambiguous) return new SnowflakeError('002028', '42601', `SQL compilation error: error${at}\n${ambiguous}`);
  if (kind === 'Binder' || kind === 'Catalog') {
    return new SnowflakeError('002020', '42601', `SQL compilation error: error${at}\n${firstLine(message)}`);
  }
  if (kind === 'Conversion') {
    return new SnowflakeError('100038', '22018', firstLine(message));
  }
  if (/division by zero/i.test(message)) return new SnowflakeError('100051', '22012', 'Division by zero');
  if (kind === 'Constraint') return new SnowflakeError('100072', '22000', firstLine(message));
  if (kind === 'TransactionContext' || kind === 'Transaction') {
    return new SnowflakeError('000603', '25000', firstLine(message));
  }
  return new SnowflakeError('100000', '22000', firstLine(message));
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
