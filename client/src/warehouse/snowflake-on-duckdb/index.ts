// The one Snowflake-on-DuckDB dialect layer, shared by the embedded DuckDB warehouse and the Snowflake
// wire-protocol emulator. The pure translation (no DuckDB dependency) lives in server/src/core/sql/snowflake-on-duckdb
// so the language server's analysis can run it too; what needs a DuckDB connection lives here.
export { tokenize, lex, type SqlSegment, type SqlSegmentKind, type Lexeme, type LexemeKind } from '../../../../server/src/core/sql/tokenize';
export { splitStatements, splitStatementsWithOffsets, type SplitStatement } from '../../../../server/src/core/sql/split';
export { translateSnowflakeSql, translateWithMap, NOOP_STATEMENT, type Translation } from '../../../../server/src/core/sql/snowflake-on-duckdb/translate';
export { foldUnquotedIdentifiers } from '../../../../server/src/core/sql/snowflake-on-duckdb/identifier-case';
export {
  changesSessionState,
  DEFAULT_SESSION_STATE,
  SESSION_STATE_QUERY,
  sessionStateOf,
  type SessionState,
} from '../../../../server/src/core/sql/snowflake-on-duckdb/session-state';
export { installSnowflakeShims, shimStatements } from './shims';
export { checkMergeSourceDuplicates, parseMerge, mergeDuplicateQuery, type MergeParts } from './merge-check';
export { canonicalDatePart, snowflakeFormatToStrftime } from '../../../../server/src/core/sql/snowflake-on-duckdb/date-parts';
export { parseDuckDbError, isLockError, lockHolderPid, refusalMessage, refusalOffset, numericConversionMessage, booleanConversionMessage, ambiguousColumnMessage, type ParsedDuckDbError } from '../../../../server/src/core/sql/snowflake-on-duckdb/errors';
export { textLengthViolation } from '../../../../server/src/core/sql/snowflake-on-duckdb/text-length';
export { toPlainValue } from './values';
export { runMergeAsDeleteInsert, parseFastMerge, type FastMerge } from './merge-fast-path';
export { inTransaction } from './transaction';
export { UnsupportedOnDuckDb, UNSUPPORTED_CODE } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
export { unsupportedFromDuckDbError } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-errors';
export { positionInStatement } from '../../../../server/src/core/sql/snowflake-on-duckdb/macro-positions';
export { runReadingOffsetLiterals } from './offset-literal-run';
export { runTextTypeChange } from './text-column-widen';
export { convertingInsert } from './insert-conversions';
export { prepareRowCounts } from './row-counts';
export { implicitCastRefusal, ConversionFailure, type StarColumns } from './variant-implicit-cast';
export { convertingSetBranches } from './variant-set-branches';
export { castingOperands, type TextOperand } from './variant-text-operands';
export { qualifyingSchemaNames } from './schema-or-catalog';
export { setsDuckDbSetting } from './duckdb-settings';
export { runExpanded } from './expanded-statement';
export { GroupByAliasInliner, applyGroupByEdit, editLength, type GroupByEdit } from '../../../../server/src/core/sql/snowflake-on-duckdb/group-by-alias';
export { inlineSideEffectAlias } from '../../../../server/src/core/sql/snowflake-on-duckdb/lateral-alias';
export {
  runStatement,
  StatementCancelled,
  SnowflakeNameError,
  DuckDbStatementError,
  type RunStatementOptions,
  type StatementOutcome,
  type SnowflakeFailure,
} from './run-statement';
