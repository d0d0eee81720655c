// Snowflake-shaped errors. Everything the emulator rejects is answered HTTP 200 with `success:false`, because
// the driver retries 5xx answers for minutes instead of surfacing them.
import {
  DuckDbStatementError,
  SnowflakeNameError,
  StatementCancelled,
  UnsupportedOnDuckDb,
  type ParsedDuckDbError,
} from '../../client/src/warehouse/snowflake-on-duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';

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

/** A construct the emulator's DuckDB cannot run exactly, as a Snowflake compilation error with its position. */
function unsupportedError(e: UnsupportedOnDuckDb, original: string, offset: number): SnowflakeError {
  const { line, position } = lineAndPosition(original, offset);
  return new SnowflakeError('002140', '42601', `SQL compilation error:\n${e.message} line ${line} at position ${position}`);
}

/**
 * A failure of runStatement (run-statement.ts) as the driver receives it, located in `original` (the statement the
 * client sent); `toOriginal` turns an offset in the statement that ran into an offset in `original`.
 */
export function snowflakeErrorOf(e: unknown, original: string, toOriginal: (offset: number) => number): unknown {
  if (e instanceof SnowflakeError) return e;
  if (e instanceof UnsupportedOnDuckDb) return unsupportedError(e, original, toOriginal(e.offset));
  if (e instanceof StatementCancelled) return new SnowflakeError('000604', '57014', 'SQL execution canceled');
  if (e instanceof WarehouseError) return new SnowflakeError(e.details.code ?? '100090', e.details.sqlState ?? '42P18', e.message);
  if (e instanceof SnowflakeNameError) {
    if (e.code === '002003') return new SnowflakeError('002003', '42S02', `SQL compilation error:\n${e.message}`);
    const { line, position } = lineAndPosition(original, toOriginal(e.offset));
    return new SnowflakeError('000904', '42000', `SQL compilation error: error line ${line} at position ${position}\n${e.message}`);
  }
  if (!(e instanceof DuckDbStatementError)) return e;
  if (e.snowflake?.kind === 'length') return new SnowflakeError('100078', '22000', e.snowflake.message);
  // Snowflake's words for the failure DuckDB reports in its own (a failing conversion, a shim's refusal); an ambiguous
  // name keeps DuckDB's words, which mapDuckError reads for its own error code.
  const failure = e.snowflake?.kind === 'ambiguous' ? undefined : e.snowflake;
  return mapDuckError(failure ? { ...e.parsed, message: failure.message } : e.parsed, original, toOriginal);
}

/** A DuckDB error (`position` an offset in the statement that ran) as Snowflake's error, located in `original`. */
function mapDuckError(j: ParsedDuckDbError, original: string, toOriginal: (offset: number) => number): SnowflakeError {
  const { message, type: kind } = j;
  let offset = j.position !== undefined ? toOriginal(j.position) : -1;
  if (offset >= 0 && j.name && findWord(original.slice(offset), j.name) !== 0) {
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
  if (kind === 'Binder' && j.subtype === 'COLUMN_NOT_FOUND') {
    const name = (j.name ?? '').toUpperCase();
    return new SnowflakeError('000904', '42000', `SQL compilation error: error${at}\ninvalid identifier '${name}'`);
  }
  if (kind === 'Catalog' && (j.subtype === 'MISSING_ENTRY' || /does not exist/i.test(message))) {
    const schemaMissing = /schema "([^"]+)" does not exist/i.exec(message);
    const name = (schemaMissing?.[1] ?? j.name ?? /"([^"]+)"/.exec(message)?.[1] ?? '').toUpperCase();
    const what = schemaMissing || j.entryType === 'Schema' ? 'Schema' : 'Object';
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
