// The one Snowflake-on-DuckDB dialect layer, shared by the embedded DuckDB warehouse and the Snowflake
// wire-protocol emulator.
export { tokenize, lex, type SqlToken, type SqlTokenKind, type Lexeme, type LexemeKind } from '../../../../server/src/core/sql/tokenize';
export { splitStatements, splitStatementsWithOffsets, type SplitStatement } from '../../../../server/src/core/sql/split';
export { translateSnowflakeSql, translateWithMap, NOOP_STATEMENT, type Translation } from './translate';
export { installSnowflakeShims, shimStatements } from './shims';
export { checkMergeSourceDuplicates, parseMerge, mergeDuplicateQuery, type MergeParts } from './merge-check';
export { canonicalDatePart, snowflakeFormatToStrftime } from './date-parts';
export { parseDuckDbError, isLockError, lockHolderPid, type ParsedDuckDbError } from './errors';
export { toPlainValue } from './values';
export { runMergeAsDeleteInsert, parseFastMerge, type FastMerge } from './merge-fast-path';
export { inTransaction } from './transaction';
export { UnsupportedOnDuckDb, UNSUPPORTED_CODE } from './unsupported';
export { unsupportedFromDuckDbError } from './duckdb-errors';
