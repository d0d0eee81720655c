// Reads DuckDB error messages. With `SET errors_as_json=true` DuckDB returns JSON (Parser errors keep a
// `Parser Error: ` prefix); without it the message is text with an optional `LINE n:` excerpt.

import { shownName, type NamePart } from './name-case';

export interface ParsedDuckDbError {
  /** e.g. `Binder`, `Parser`, `Catalog`, `Conversion`, `INTERRUPT`, `IO`. */
  type: string;
  /** The message without the JSON wrapping, e.g. `Referenced column "zz" not found in FROM clause!`. */
  message: string;
  subtype?: string;
  /** 0-based character offset into the statement, when DuckDB reports one. */
  position?: number;
  /** The name the error is about (a missing column's, a missing table's), when DuckDB gives it. */
  name?: string;
  /** The kind of catalog entry a Catalog error is about (`Table`, `Schema`…), when DuckDB gives it. */
  entryType?: string;
}

export function parseDuckDbError(raw: string): ParsedDuckDbError {
  const brace = raw.indexOf('{');
  if (brace >= 0 && raw.trimEnd().endsWith('}')) {
    try {
      const j = JSON.parse(raw.slice(brace)) as Record<string, unknown>;
      const position = j.position !== undefined ? Number(j.position) : undefined;
      return {
        type: String(j.exception_type ?? 'Error'),
        message: String(j.exception_message ?? raw),
        subtype: j.error_subtype !== undefined ? String(j.error_subtype) : undefined,
        position: position !== undefined && Number.isFinite(position) ? position : undefined,
        ...(j.name !== undefined ? { name: String(j.name) } : {}),
        ...(j.type !== undefined ? { entryType: String(j.type) } : {}),
      };
    } catch {
      // Not JSON after all: fall through to the text form.
    }
  }
  const m = /^([A-Za-z ]+?) Error: ([\s\S]*)$/.exec(raw);
  const text = (m ? m[2] : raw).replace(/\n+LINE \d+:[\s\S]*$/, '').trim();
  return { type: m ? m[1] : 'Error', message: text };
}

/** DuckDB's "Could not set lock on file" (another process has the database file open for writing). */
export function isLockError(raw: string): boolean {
  return /Could not set lock on file/i.test(raw) || /Conflicting lock is held/i.test(raw);
}

/** The PID DuckDB names in a lock error, if any. */
export function lockHolderPid(raw: string): number | undefined {
  const m = /\(PID (\d+)\)/.exec(raw);
  return m ? Number(m[1]) : undefined;
}

// Shim macros refuse a value as Snowflake does with a cast that must fail (DuckDB refuses error() in an expression
// that a later select item names). The failing text is Snowflake's message behind this mark, so DuckDB's "Could not
// convert string '…' to INT32" is read back as that message rather than shown as if a value had failed to convert.
// `Snowflake@<offset>: ` also says where the construct is in the statement (DuckDB locates no runtime failure).
const REFUSAL_MARK = /^Snowflake(?:@(\d+))?: /;

/**
 * SQL that fails with Snowflake's message (`messageSql`, a SQL text expression) as a value of `type`; located at `at`
 * (an offset in the statement the translator was given) when given.
 */
export function refusalCast(messageSql: string, type: 'INTEGER' | 'HUGEINT', at?: number): string {
  return `CAST('Snowflake${at === undefined ? '' : `@${at}`}: ' || ${messageSql} AS ${type})`;
}

/** The text a `refusalCast` failing carries (its mark included), else undefined. */
function refusalText(duckDbMessage: string): string | undefined {
  const m = /^Could not convert string '([\s\S]*)' to [A-Z0-9]+$/.exec(duckDbMessage);
  return m && REFUSAL_MARK.test(m[1]) ? m[1] : undefined;
}

/** Snowflake's message when a DuckDB error message is a `refusalCast` failing, else undefined. */
export function refusalMessage(duckDbMessage: string): string | undefined {
  return refusalText(duckDbMessage)?.replace(REFUSAL_MARK, '');
}

/** Where in the statement a `refusalCast` that failed was written, when it says. */
export function refusalOffset(duckDbMessage: string): number | undefined {
  const at = REFUSAL_MARK.exec(refusalText(duckDbMessage) ?? '')?.[1];
  return at === undefined ? undefined : Number(at);
}

/** Text Snowflake reads as a number: blanks, a sign, digits with one point, an exponent (also a DuckDB regex). */
export const SNOWFLAKE_NUMBER_PATTERN = String.raw`\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*`;
const NUMBER_TEXT = new RegExp(`^${SNOWFLAKE_NUMBER_PATTERN}$`);

/**
 * Snowflake's message for DuckDB's failing cast of text to a number (`cast(split_part(network, '/', 2) as int)` of a
 * network without `/n`, a relationships test comparing 'ID-0000001' with a NUMBER column): Snowflake fails the same
 * conversion with "Numeric value '…' is not recognized". Only text that is no number at all: DuckDB also refuses
 * some numbers Snowflake reads (an exponent into an integer, one beyond INT32), which keep DuckDB's message. A text →
 * NUMBER(p,s) cast (mattermost's `available_renewal__c::number(18,2)`) fails the same way, as a DECIMAL.
 */
export function numericConversionMessage(duckDbMessage: string): string | undefined {
  // DuckDB quotes the text with '…' for integers and floats, with "…" for DECIMAL(p,s).
  const m = /^Could not convert string (['"])([\s\S]*)\1 to (?:U?INT(?:8|16|32|64|128)|HUGEINT|UHUGEINT|DOUBLE|FLOAT|DECIMAL\(\d+,\d+\))(?: when casting from source column \S+)?$/.exec(duckDbMessage);
  return m && !REFUSAL_MARK.test(m[2]) ? notANumberMessage(m[2]) : undefined;
}

/** Snowflake's message for converting `text` to a number, when it is no number at all; undefined when it is one. */
export function notANumberMessage(text: string): string | undefined {
  return NUMBER_TEXT.test(text) ? undefined : `Numeric value '${text}' is not recognized`;
}

/**
 * Snowflake's message for DuckDB's failing cast of text to BOOLEAN: "Boolean value '…' is not recognized" (error 100037).
 * Of the strings Snowflake's page lists as TRUE or FALSE, DuckDB refuses 'on'/'off' only, which never reach the cast
 * (bz_boolean_text gives them as 'true'/'false').
 */
export function booleanConversionMessage(duckDbMessage: string): string | undefined {
  const m = /^Could not convert string '([\s\S]*)' to BOOL(?: when casting from source column \S+)?$/.exec(duckDbMessage);
  return m && !REFUSAL_MARK.test(m[1]) ? `Boolean value '${m[1]}' is not recognized` : undefined;
}

/**
 * Snowflake's message for a name two relations of the FROM clause both have, read unqualified (error 002028, "SQL
 * compilation error: ambiguous column name 'DAY'"). Both resolve the name the same way — the innermost query block
 * with a relation that has the column, USING/NATURAL join columns counting once — so DuckDB's refusal is Snowflake's,
 * in DuckDB's words (mattermost's account_daily_arr_deltas: `min(day)` in a subquery over a table without DAY).
 */
export function ambiguousColumnMessage(duckDbMessage: string): string | undefined {
  const m = /^Ambiguous reference to column name "([^"]+)"/.exec(duckDbMessage);
  return m ? `ambiguous column name '${m[1]}'` : undefined;
}

/**
 * Snowflake's message for a qualified column the relation lacks (`c.geo_id` where C has no GEO_ID): "invalid identifier
 * 'C.GEO_ID'" (error 000904). DuckDB says "Table "C" (or "Values list "C"", for a CTE) does not have a column named
 * "GEO_ID"", naming its own kind of relation; the qualifier resolves alike on both. The bare `zz` DuckDB reports as
 * "Referenced column … not found" keeps DuckDB's message (duckdb-warehouse.test.ts), and a name of the translation's
 * own (bz_…) is never the user's.
 */
export function qualifiedColumnMessage(duckDbMessage: string): string | undefined {
  const m = /^(?:Table|Values list) "([^"]+)" does not have a column named "([^"]+)"/.exec(duckDbMessage);
  return m && !/^bz_/i.test(m[1]) && !/^bz_/i.test(m[2]) ? `SQL compilation error: invalid identifier '${m[1]}.${m[2]}'` : undefined;
}

/**
 * Snowflake's message for a column whose qualifier names no relation of the query (`x.a` with no X in FROM, or a
 * three-part `db.schema.t.a` naming a table the query does not read): "invalid identifier 'X.A'" (error 000904).
 * DuckDB says "Referenced table "X" not found!" and gives the position of the reference, whose parts `written` are.
 */
export function unknownQualifierMessage(duckDbMessage: string, written: readonly NamePart[] | undefined): string | undefined {
  if (!/^Referenced table "[^"]+" not found!/.test(duckDbMessage) || !written || written.length < 2) return undefined;
  return `SQL compilation error: invalid identifier '${written.map((p) => shownName(p)).join('.')}'`;
}
