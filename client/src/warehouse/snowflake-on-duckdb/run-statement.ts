// Runs one statement on a DuckDB connection as Snowflake runs it: the one pipeline behind the DuckDB target's sessions
// (duckdb.ts) and the Snowflake wire-protocol emulator, so that a fix to any step reaches both. In order: translation
// and name folding, Snowflake's table-name case rules, the bound-plan check (variant-implicit-cast.ts), a cancel that
// landed on one of those preparatory queries, the statement's preparations and fast paths, the run — again with an
// alias inlined where DuckDB cannot read it — and a DuckDB failure read as Snowflake's failure or a refusal by name.
// What the caller answers with the outcome, and the shape of its errors (a WarehouseError, the driver's error), are
// the caller's.
import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { translateWithMap, type Translation } from '../../../../server/src/core/sql/snowflake-on-duckdb/translate';
import { NotSnowflakeFunction } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-only-functions';
import { definesFunction } from './session-functions';
import { foldUnquotedIdentifiers } from '../../../../server/src/core/sql/snowflake-on-duckdb/identifier-case';
import type { SessionState } from '../../../../server/src/core/sql/snowflake-on-duckdb/session-state';
import {
  ambiguousColumnMessage,
  qualifiedColumnMessage,
  unknownQualifierMessage,
  booleanConversionMessage,
  numericConversionMessage,
  parseDuckDbError,
  refusalMessage,
  refusalOffset,
  type ParsedDuckDbError,
} from '../../../../server/src/core/sql/snowflake-on-duckdb/errors';
import { textLengthViolation } from '../../../../server/src/core/sql/snowflake-on-duckdb/text-length';
import { UnknownFunction, UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { publicFallback, withPublicOnPath } from './public-search-path';
import { unsupportedFromDuckDbError } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-errors';
import { positionInStatement } from '../../../../server/src/core/sql/snowflake-on-duckdb/macro-positions';
import { GroupByAliasInliner, applyGroupByEdit, editLength } from '../../../../server/src/core/sql/snowflake-on-duckdb/group-by-alias';
import { inlineSideEffectAlias } from '../../../../server/src/core/sql/snowflake-on-duckdb/lateral-alias';
import {
  SET_OPERATION_PLAN_CONSTRUCT,
  firstSetOperator,
  isSetOperationPlanFault,
  materializingCtes,
} from '../../../../server/src/core/sql/snowflake-on-duckdb/set-operation-plan';
import { isTrivia, lex } from '../../../../server/src/core/sql/tokenize';
import { checkMergeSourceDuplicates } from './merge-check';
import { runMergeAsDeleteInsert } from './merge-fast-path';
import { inTransaction } from './transaction';
import { truncateIfExists, type TruncateIfExists } from './truncate-if-exists';
import { runReadingOffsetLiterals } from './offset-literal-run';
import { runTextTypeChange } from './text-column-widen';
import { convertingInsert } from './insert-conversions';
import { prepareRowCounts } from './row-counts';
import { implicitCastRefusal, ConversionFailure, type StarColumns } from './variant-implicit-cast';
import { convertingSetBranches } from './variant-set-branches';
import { castingNumberArguments } from './number-text-arguments';
import { castingOperands, withInsertions, withRefusals, type TextOperand } from './variant-text-operands';
import { quote } from '../../../../server/src/core/sql/snowflake-on-duckdb/template';
import { refusalMessage as locatedRefusal } from '../../../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';
import { qualifyingSchemaNames } from './schema-or-catalog';
import { setsDuckDbSetting } from './duckdb-settings';
import { runExpanded } from './expanded-statement';
import { prepareQuotedNamesView } from './quoted-names';
import { prepareExternalTableFiles } from './external-table-files';
import { missingHistoryColumn, prepareQueryHistory, type QueryHistoryLog } from './query-history';
import { runCountingMergeActions, type MergeCounts } from './merge-action-counts';
import { UPDATE_FROM_UNCOUNTED, countUpdateJoins, isUpdateFrom, type UpdateJoinCounts } from './update-join-counts';
import { runRetryingCreateConflict } from './transaction';
import { bareContextWord } from './bare-context-words';
import { externalStarExclusions } from './external-table-star';
import { recordLowerTimePrecision, writesLowerTimePrecision } from './time-precision';
import { afterSchemaDdl, beforeSchemaDdl, prepareShowSchemas } from './schema-times';
import type { NameCaseCatalog } from './name-case-catalog';
import { dottedNameAt } from '../../../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { WarehouseError } from '../warehouse';

export interface RunStatementOptions {
  /** The Snowflake dialect layer is on (the connection has the shims); off, the statement is plain DuckDB SQL. */
  compat: boolean;
  /** With `compat`: the statement is DuckDB SQL already, run untranslated (the shims' failures still read back). */
  native?: boolean;
  /** The session parameters the translation follows (session-state.ts). */
  state: SessionState;
  /** Refuse calls of DuckDB-only functions (the local twin: a Snowflake project's SQL; TranslationOptions). */
  snowflakeFunctionsOnly?: boolean;
  binds?: DuckDBValue[];
  /** Table names as DuckDB stores them, for Snowflake's case rules (name-case.ts). */
  nameCase?: NameCaseCatalog;
  /** Read at most this many rows and one more (to know whether more exist), streaming. */
  maxRows?: number;
  /**
   * Whether a cancel was asked for. Read once the preparatory queries ran: the caller's interrupt may have hit one of
   * them (the plan check swallows its own failure), and the statement must then not run.
   */
  cancelled: () => boolean;
  /**
   * The caller answers a DML statement with Snowflake's result (the emulator): a MERGE's rows are counted per action
   * (`mergeCounts`, and it never runs as DELETE + INSERT), an UPDATE … FROM's as Snowflake counts them (`updateCounts`).
   */
  dmlResults?: boolean;
  /**
   * The session's query history (query-history.ts): it fills what QUERY_HISTORY_BY_SESSION, RESULT_SCAN and
   * LAST_QUERY_ID read, and a MERGE's and an UPDATE … FROM's rows are counted for it as Snowflake reports them
   * (`mergeCounts`, `updateCounts`). Without it those calls are refused by name.
   */
  history?: QueryHistoryLog;
}

export type { MergeCounts } from './merge-action-counts';

export type StatementOutcome =
  | {
      kind: 'ran';
      reader: DuckDBResultReader;
      /** The DuckDB SQL that ran. */
      sql: string;
      /**
       * The MERGE ran with `RETURNING merge_action` (dmlResults, or for `history`): its rows were counted into
       * `mergeCounts` as they were read, and the reader holds none of them.
       */
      mergeActions: boolean;
      /** A MERGE's rows by action (`mergeActions`, or the DELETE + INSERT path's counts). */
      mergeCounts?: MergeCounts;
      /** An UPDATE … FROM's rows as Snowflake counts them (dmlResults or `history`), when the twin could count them. */
      updateCounts?: { updated: number; multiJoined: number };
    }
  /** Nothing to run: a BEGIN inside a transaction, COMMIT/ROLLBACK with none, which Snowflake accepts. */
  | { kind: 'accepted' };

/** The statement was cancelled before or while it ran. */
export class StatementCancelled extends Error {
  constructor() {
    super('Query cancelled.');
  }
}

/** A name Snowflake resolves otherwise (name-case.ts), failed with Snowflake's compilation error. */
export class SnowflakeNameError extends Error {
  constructor(
    message: string,
    /** Snowflake's error code: 002003 (no such object) or 000904 (invalid identifier). */
    readonly code: '002003' | '000904',
    /** Where, in the statement as given. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Snowflake's own message for a failure DuckDB reports in its words, and what kind of failure it is. */
export interface SnowflakeFailure {
  kind: 'refusal' | 'numeric' | 'boolean' | 'length' | 'ambiguous' | 'identifier';
  message: string;
}

/** DuckDB refused the statement; `parsed.position` is an offset in the statement as given (or undefined). */
export class DuckDbStatementError extends Error {
  constructor(
    readonly parsed: ParsedDuckDbError,
    /** Set when Snowflake fails the same way: its message (a shim's refusal, text that is no number…). */
    readonly snowflake: SnowflakeFailure | undefined,
  ) {
    super(parsed.message);
  }
}

/** Aliases inlined into one statement (GROUP BY or lateral), at most: each is a binder error and a new attempt. */
const MAX_ALIAS_INLINES = 16;
/** Plan checks of one statement, each after the conversions the previous one placed (variant-implicit-cast.ts). */
const MAX_CONVERSION_PASSES = 3;

/** `begin`, `begin transaction`, `start transaction [name x]` — not a Snowflake Scripting `begin … end` block. */
const BEGIN_TRANSACTION = /^\s*(begin(\s+(transaction|work))?|start\s+transaction)(\s+name\s+\S+)?\s*;?\s*$/i;

const CREATE_SCHEMA_IF_NOT_EXISTS = /^\s*create\s+schema\s+if\s+not\s+exists\b/i;

/** The string index of UTF-8 byte offset `bytes` in `text`. */
function textOffsetOfByte(text: string, bytes: number): number {
  let seen = 0;
  let i = 0;
  while (i < text.length && seen < bytes) {
    const code = text.codePointAt(i)!;
    seen += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    i += code >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** A parser error's `at or near "SELEC"` quotes the text the user wrote (`selec`), not its upper-cased form. */
function nearTextAsWritten(message: string, position: number, folded: string, unfolded: string): string {
  return message.replace(/(at or near ")([^"]*)(")/, (all, open: string, token: string, close: string) =>
    folded.startsWith(token, position) ? `${open}${unfolded.slice(position, position + token.length)}${close}` : all,
  );
}

/**
 * Whether `sql` may run again on DuckDB's "write-write conflict on create": `create schema if not exists` that loses a
 * race with another thread's creation of the same schema, since on Snowflake both succeed. Only outside an explicit
 * transaction, where the statement commits on its own; asked before running, as a failed statement aborts an open
 * transaction, which then no longer looks open.
 */
async function retriesCreateConflict(connection: DuckDBConnection, sql: string): Promise<boolean> {
  return CREATE_SCHEMA_IF_NOT_EXISTS.test(sql) && !(await inTransaction(connection));
}

/** A MERGE without its own RETURNING clause. */
function isMergeWithoutReturning(sql: string): boolean {
  const words = lex(sql).filter((l) => !isTrivia(l));
  return words[0]?.text.toLowerCase() === 'merge' && !words.some((l) => l.kind === 'word' && l.text.toLowerCase() === 'returning');
}

/** The DuckDB text, with the map of its offsets back into the statement as given. */
interface Translated {
  sql: string;
  toSourceOffset: (o: number) => number;
}

/** Calls of DuckDB-only names the session defines, at most, read back into one translation (each is a query). */
const MAX_SESSION_FUNCTIONS = 8;

/**
 * The translation of `stmt`. A call refused as a DuckDB-only function is the user's own when the session defines a
 * function of that name (session-functions.ts): translated again with it allowed.
 */
async function translateStatement(connection: DuckDBConnection, stmt: string, options: RunStatementOptions): Promise<Translation> {
  const userFunctions = new Set<string>();
  for (;;) {
    try {
      return translateWithMap(
        stmt,
        { timestampTypeMapping: options.state.timestampTypeMapping },
        { columnNames: true, snowflakeFunctionsOnly: options.snowflakeFunctionsOnly, userFunctions },
      );
    } catch (e) {
      if (!(e instanceof NotSnowflakeFunction) || userFunctions.has(e.fn) || userFunctions.size >= MAX_SESSION_FUNCTIONS) throw e;
      if (!(await definesFunction(connection, e.fn).catch(() => false))) throw e;
      userFunctions.add(e.fn);
    }
  }
}

/**
 * Runs `stmt` (one statement) on `connection`. Throws UnsupportedOnDuckDb (a construct refused by name, its offset in
 * `stmt`), SnowflakeNameError, StatementCancelled, DuckDbStatementError, or a WarehouseError a step raised.
 */
export async function runStatement(connection: DuckDBConnection, stmt: string, options: RunStatementOptions): Promise<StatementOutcome> {
  try {
    return await runStatementOnce(connection, stmt, options);
  } catch (e) {
    // An unqualified function the current schema lacks: where Snowflake's SEARCH_PATH looks next (public-search-path.ts).
    if (!(e instanceof UnknownFunction) || !options.compat || options.native) throw e;
    const fallback = await publicFallback(connection, stmt, e);
    if (fallback === undefined) throw e;
    if (fallback instanceof UnsupportedOnDuckDb) throw fallback;
    return withPublicOnPath(connection, fallback.schema, () => runStatementOnce(connection, stmt, options));
  }
}

async function runStatementOnce(connection: DuckDBConnection, stmt: string, options: RunStatementOptions): Promise<StatementOutcome> {
  const { compat, state } = options;
  const translate = compat && !options.native;
  let tr: Translated;
  // The statement before its unquoted names were upper-cased (same offsets), for quoting it in errors.
  let unfolded: string;
  if (translate) {
    // Result columns named as Snowflake names them (column-names.ts).
    const translated = await translateStatement(connection, stmt, options);
    unfolded = translated.sql;
    // Unquoted names stored and returned upper-case, as on Snowflake (identifier-case.ts says why).
    tr = { sql: foldUnquotedIdentifiers(translated.sql, state.quotedIdentifiersIgnoreCase), toSourceOffset: translated.toSourceOffset };
  } else {
    unfolded = stmt;
    tr = { sql: stmt, toSourceOffset: (o: number) => o };
  }
  if (compat && (await setsDuckDbSetting(connection, tr.sql))) tr = { sql: stmt, toSourceOffset: (o: number) => o };
  // Snowflake ignores BEGIN inside a transaction; in DuckDB the failed BEGIN would abort the open one.
  if (compat && BEGIN_TRANSACTION.test(tr.sql) && (await inTransaction(connection))) return { kind: 'accepted' };
  // TRUNCATE … IF EXISTS: run without the two words, or nothing when the table is not there (truncate-if-exists.ts).
  if (translate) {
    let truncate: TruncateIfExists | undefined;
    try {
      truncate = await truncateIfExists(connection, tr.sql);
    } catch (e) {
      if (e instanceof UnsupportedOnDuckDb) throw new UnsupportedOnDuckDb(e.construct, tr.toSourceOffset(e.offset));
      throw e;
    }
    if (truncate?.kind === 'absent') return { kind: 'accepted' };
    if (truncate) tr = { sql: truncate.sql, toSourceOffset: tr.toSourceOffset };
  }
  // A table name Snowflake resolves differently (its case): Snowflake's error, or a refusal by name.
  if (translate && options.nameCase) {
    const problem = await options.nameCase.problem(connection, stmt, state.quotedIdentifiersIgnoreCase).catch(() => undefined);
    if (problem?.unsupported) throw new UnsupportedOnDuckDb(problem.unsupported, problem.at);
    if (problem?.missing) throw new SnowflakeNameError(problem.missing, '002003', problem.at);
    if (problem?.invalid) throw new SnowflakeNameError(problem.invalid, '000904', problem.at);
  }
  // An edit of the DuckDB text: `toOriginal` maps the edited text's offsets into the text before.
  const edited = (sql: string, toOriginal: (o: number) => number): void => {
    const before = tr.toSourceOffset;
    tr = { sql, toSourceOffset: (o: number) => before(toOriginal(o)) };
  };
  // `x.t` where x is both a database (an attached catalog) and a schema: Snowflake's schema (schema-or-catalog.ts).
  if (translate) {
    const qualified = await qualifyingSchemaNames(connection, tr.sql).catch(() => undefined);
    if (qualified) edited(qualified.sql, qualified.toOriginal);
  }
  // Text into a BINARY column (read as hex), values into a TIMESTAMP_TZ column (insert-conversions.ts).
  if (translate && !options.binds) {
    const converted = await convertingInsert(connection, tr.sql).catch(() => undefined);
    if (converted) {
      const { queryStart, shift } = converted;
      edited(converted.sql, (o) => (o < queryStart ? o : Math.max(queryStart, o - shift)));
    }
  }
  // A VARCHAR DuckDB would parse into a VARIANT where Snowflake keeps the string (variant-implicit-cast.ts); checked
  // again after an alias is inlined below, as the statement's plan could not be made before that.
  const refuseImplicitVariantCast = async (): Promise<void> => {
    if (!translate) return;
    let starColumns: StarColumns = { columns: [] };
    for (let pass = 0; ; pass++) {
      const textOperands: TextOperand[] = [];
      starColumns = { columns: [] };
      const cast = await implicitCastRefusal(connection, tr.sql, textOperands, starColumns);
      // A conversion Snowflake fails whatever the rows (text that is no number, compared with one), located.
      if (cast instanceof ConversionFailure) {
        const at = tr.toSourceOffset(cast.offset);
        throw new DuckDbStatementError({ type: 'Conversion', message: cast.message, position: at }, { kind: 'numeric', message: cast.message });
      }
      // A conversion placed in this pass may settle the refusal (a COALESCE made VARCHAR that a comparison reads):
      // the statement is checked again with it, a few times at most.
      if (cast && (!textOperands.length || pass >= MAX_CONVERSION_PASSES)) throw new UnsupportedOnDuckDb(cast.construct, tr.toSourceOffset(cast.offset));
      // A VARIANT operand cast to VARCHAR as Snowflake casts it (variant-text-operands.ts, variant-implicit-cast.ts).
      if (textOperands.length) {
        // A check's refusal (variant-grouping.ts) names where the operand is in the statement as written.
        const operands = withRefusals(textOperands, (o) => quote(locatedRefusal(o.refusal ?? '', { at: tr.toSourceOffset(o.at ?? o.from) })));
        const converted = castingOperands(tr.sql, operands);
        edited(converted.sql, converted.toOriginal);
        unfolded = castingOperands(unfolded, operands).sql;
      }
      if (!cast) break;
    }
    // A set-operation column VARCHAR beside a VARIANT branch: that branch's column as ::VARCHAR gives it; VARCHAR
    // beside a NUMBER: the text branch converted to NUMBER (set-number-columns.ts).
    if (starColumns.columns.length) {
      const converted = await convertingSetBranches(connection, tr.sql, starColumns.columns, tr.toSourceOffset);
      if (converted instanceof UnsupportedOnDuckDb) throw new UnsupportedOnDuckDb(converted.construct, tr.toSourceOffset(converted.offset));
      edited(converted.sql, converted.toOriginal);
    }
  };
  // A bare CURRENT_ROLE / CURRENT_SCHEMA / CURRENT_CATALOG / SESSION_USER DuckDB would answer itself: Snowflake's
  // "invalid identifier" (bare-context-words.ts).
  if (translate) {
    const bare = await bareContextWord(connection, tr.sql);
    if (bare?.unsupported) throw new UnsupportedOnDuckDb(bare.unsupported, tr.toSourceOffset(bare.at));
    if (bare?.invalid) throw new SnowflakeNameError(bare.invalid, '000904', tr.toSourceOffset(bare.at));
  }
  // `*` over a sampled external table leaves out its METADATA$ pseudocolumns, as on Snowflake (external-table-star.ts).
  if (translate) {
    const exclusions = await externalStarExclusions(connection, tr.sql);
    if (exclusions.length) {
      const converted = withInsertions(tr.sql, exclusions);
      edited(converted.sql, converted.toOriginal);
      unfolded = withInsertions(unfolded, exclusions).sql;
    }
  }
  await refuseImplicitVariantCast();
  // A cancel that interrupted one of the preparatory queries above (the plan check swallows its failure) stops here.
  if (options.cancelled()) throw new StatementCancelled();
  const binds = options.binds;
  // A CREATE or DROP SCHEMA: whether the schema exists before it runs, for the record of creation times (schema-times.ts).
  const schemaChange = compat ? await beforeSchemaDdl(connection, stmt) : undefined;
  let mergeActions = false;
  let mergeCounts: MergeCounts | undefined;
  const countsDml = options.dmlResults === true || options.history !== undefined;
  let updateJoins: UpdateJoinCounts | undefined;
  // An alias DuckDB cannot read where Snowflake does: run again with it inlined (group-by-alias.ts, lateral-alias.ts).
  const groupByInliner = translate ? new GroupByAliasInliner() : undefined;
  // Whether the statement's CTEs were written MATERIALIZED after DuckDB's set-operation planner fault (set-operation-plan.ts).
  let ctesMaterialized = false;
  for (let retries = 0; ; retries++) {
    let reader: DuckDBResultReader;
    try {
      // dbt's incremental MERGE runs as DELETE + INSERT when equivalent (it checks duplicates itself).
      // A VARCHAR(n) column's length changed under its CHECK: the table rebuilt (text-column-widen.ts).
      const widened = compat && !binds ? await runTextTypeChange(connection, tr.sql) : undefined;
      const matched = { matched: -1 };
      const fast = widened ?? (compat && !binds && !options.dmlResults ? await runMergeAsDeleteInsert(connection, tr.sql, matched) : undefined);
      if (fast && matched.matched >= 0) {
        // DELETE + INSERT: the matched target rows are the MERGE's updates, the other source rows its inserts.
        const read = fast.rowsChanged;
        mergeCounts = { inserted: read - matched.matched, updated: matched.matched, deleted: 0 };
      }
      let sql = tr.sql;
      if (!fast && compat) {
        await checkMergeSourceDuplicates(connection, sql);
        mergeActions = countsDml && isMergeWithoutReturning(sql);
        if (mergeActions) sql = `${sql.trimEnd().replace(/;$/, '')} RETURNING merge_action`;
        updateJoins = countsDml && !binds && isUpdateFrom(sql) ? await countUpdateJoins(connection, sql) : undefined;
        // The emulator answers every UPDATE with its counts: one it cannot count is refused before it changes anything.
        if (options.dmlResults && !updateJoins && isUpdateFrom(sql)) throw new UnsupportedOnDuckDb(UPDATE_FROM_UNCOUNTED, tr.toSourceOffset(0));
      }
      if (compat) await prepareRowCounts(connection, sql, stmt);
      if (compat) await prepareQuotedNamesView(connection, sql);
      if (compat) await prepareExternalTableFiles(connection, sql);
      if (compat) await prepareQueryHistory(connection, sql, stmt, options.history);
      if (compat) await prepareShowSchemas(connection, sql);
      const cap = options.maxRows;
      const run = async (text: string): Promise<DuckDBResultReader> => {
        const retryable = cap === undefined && (await retriesCreateConflict(connection, text));
        // Asked again as the statement is handed to DuckDB: an interrupt that came while no query of the connection
        // ran (between the preparatory queries) is lost, and the statement would run on.
        if (options.cancelled()) throw new StatementCancelled();
        // A MERGE's per-action rows counted as DuckDB hands them over, none kept (merge-action-counts.ts).
        if (mergeActions) {
          const counted = await runCountingMergeActions(connection, text, binds);
          if (counted.counts) mergeCounts = counted.counts;
          return counted.reader;
        }
        return cap !== undefined ? connection.streamAndReadUntil(text, cap + 1, binds) : runRetryingCreateConflict(connection, text, binds, retryable);
      };
      // A statement the translator wrote as several runs them in one transaction (expanded-statement.ts).
      const runAll = (text: string): Promise<DuckDBResultReader> => runExpanded(connection, text, run);
      reader = fast ?? (compat ? await runReadingOffsetLiterals(connection, sql, runAll) : await run(sql));
    } catch (e) {
      if (e instanceof WarehouseError || e instanceof StatementCancelled || e instanceof UnsupportedOnDuckDb) throw e;
      const raw = (e as Error).message;
      if (options.cancelled() || /INTERRUPT/i.test(raw)) throw new StatementCancelled();
      const parsed = parseDuckDbError(raw);
      // DuckDB counts the position in UTF-8 bytes; everything here indexes UTF-16 text.
      if (parsed.position !== undefined) parsed.position = textOffsetOfByte(tr.sql, parsed.position);
      const inlined =
        retries < MAX_ALIAS_INLINES && parsed.type === 'Binder' && groupByInliner
          ? (groupByInliner.retry(tr.sql, parsed.message, parsed.position) ?? inlineSideEffectAlias(tr.sql, parsed.message))
          : undefined;
      // A NUMBER given to a string function: that call's number arguments cast to VARCHAR, as Snowflake coerces them
      // (number-text-arguments.ts), and the statement run again.
      const numberText = !inlined && compat && parsed.type === 'Binder' && retries < MAX_ALIAS_INLINES ? castingNumberArguments(tr.sql, parsed.message, parsed.position) : undefined;
      if (numberText) {
        const converted = withInsertions(tr.sql, numberText);
        edited(converted.sql, converted.toOriginal);
        unfolded = withInsertions(unfolded, numberText).sql;
        await refuseImplicitVariantCast();
        continue;
      }
      if (inlined) {
        const shift = editLength(inlined) - (inlined.to - inlined.from);
        // Offsets in the inlined text map to the reference it replaced.
        edited(applyGroupByEdit(tr.sql, inlined), (o) => (o < inlined.from ? o : o >= inlined.to + shift ? o - shift : inlined.from));
        unfolded = applyGroupByEdit(unfolded, inlined);
        await refuseImplicitVariantCast();
        continue;
      }
      // DuckDB's planner fault over a view's set operation: run once more with the statement's CTEs materialized, which
      // DuckDB plans; otherwise refused by name (set-operation-plan.ts), never DuckDB's raw message.
      if (compat && isSetOperationPlanFault(parsed.message)) {
        const materialize = ctesMaterialized ? [] : materializingCtes(tr.sql);
        if (materialize.length) {
          ctesMaterialized = true;
          const converted = withInsertions(tr.sql, materialize);
          edited(converted.sql, converted.toOriginal);
          unfolded = withInsertions(unfolded, materialize).sql;
          continue;
        }
        throw new UnsupportedOnDuckDb(SET_OPERATION_PLAN_CONSTRUCT, tr.toSourceOffset(firstSetOperator(tr.sql)));
      }
      if (parsed.position !== undefined) parsed.position = positionInStatement(parsed, tr.sql);
      if (parsed.position !== undefined) parsed.message = nearTextAsWritten(parsed.message, parsed.position, tr.sql, unfolded);
      // A column the twin's QUERY_HISTORY_BY_SESSION does not hold: refused by name (query-history.ts).
      const historyColumn = compat ? missingHistoryColumn(parsed, tr.sql) : undefined;
      if (historyColumn) throw new UnsupportedOnDuckDb(historyColumn, parsed.position !== undefined ? tr.toSourceOffset(parsed.position) : 0);
      const unsupported = compat ? unsupportedFromDuckDbError(parsed, stmt, tr.toSourceOffset) : undefined;
      if (unsupported) throw unsupported;
      // Snowflake tolerates COMMIT/ROLLBACK with no open transaction and BEGIN inside one; DuckDB does not.
      if (compat && parsed.type === 'TransactionContext' && /^\s*(commit|rollback|begin)\b/i.test(tr.sql)) return { kind: 'accepted' };
      if (parsed.position !== undefined) parsed.position = tr.toSourceOffset(parsed.position);
      // A shim's refusal that says where its construct was written (DuckDB locates no runtime failure).
      const refusedAt = compat ? refusalOffset(parsed.message) : undefined;
      if (refusedAt !== undefined) parsed.position = refusedAt;
      throw new DuckDbStatementError(parsed, compat ? snowflakeFailure(parsed.message, stmt, parsed.position) : undefined);
    }
    await options.nameCase?.ran(connection, stmt, { native: !translate, ignoreCase: state.quotedIdentifiersIgnoreCase });
    // A TIMESTAMP_*/TIME precision below 9 declared: DESCRIBE TABLE can no longer tell (time-precision.ts).
    if (translate && writesLowerTimePrecision(stmt)) await recordLowerTimePrecision(connection);
    if (schemaChange) await afterSchemaDdl(connection, schemaChange);
    // DuckDB counted the join's matches: the counts hold when the query before found as many.
    const updateCounts = updateJoins && reader.rowsChanged === updateJoins.matches ? { updated: updateJoins.updated, multiJoined: updateJoins.multiJoined } : undefined;
    return { kind: 'ran', reader, sql: tr.sql, mergeActions, ...(mergeCounts ? { mergeCounts } : {}), ...(updateCounts ? { updateCounts } : {}) };
  }
}

/** Snowflake's message for a DuckDB failure Snowflake raises too, in its own words. */
function snowflakeFailure(message: string, stmt: string, position: number | undefined): SnowflakeFailure | undefined {
  // A shim's refusal (Snowflake's message, carried by a failing cast).
  const refusal = refusalMessage(message);
  if (refusal !== undefined) return { kind: 'refusal', message: refusal };
  // Text that is no number (no boolean), cast to one: Snowflake fails the same conversion, with its own message.
  const numeric = numericConversionMessage(message);
  if (numeric !== undefined) return { kind: 'numeric', message: numeric };
  const boolean = booleanConversionMessage(message);
  if (boolean !== undefined) return { kind: 'boolean', message: boolean };
  // A VARCHAR(n) column's length CHECK (text-length.ts): Snowflake's refusal of the longer value.
  const tooLong = textLengthViolation(message);
  if (tooLong !== undefined) return { kind: 'length', message: tooLong };
  // A name two relations have, read unqualified: Snowflake refuses it too (both resolve names alike).
  const ambiguous = ambiguousColumnMessage(message);
  if (ambiguous !== undefined) return { kind: 'ambiguous', message: ambiguous };
  // A qualified column the relation lacks: Snowflake's "invalid identifier 'T.X'", not DuckDB's words for its relation.
  const qualified = qualifiedColumnMessage(message);
  if (qualified !== undefined) return { kind: 'identifier', message: qualified };
  // A qualifier naming no relation of the query (a hard-coded `db.schema.table.col`): the same error, as Snowflake words it.
  const unknown = position === undefined ? undefined : unknownQualifierMessage(message, dottedNameAt(stmt, position));
  if (unknown !== undefined) return { kind: 'identifier', message: unknown };
  return undefined;
}
