// The conformance cases that do not give Snowflake's documented result yet (a wrong value or type, or a raw engine
// error instead of a located Bronze error), recorded so the suite is a ratchet: a case outside these lists that
// fails is a regression, and a listed case that starts passing must be taken off its list. Each entry is a known
// difference of the DuckDB target (README, Targets); the pass rate and the silent-difference count are printed by
// the suite and by `node --import tsx test/conformance/snowflake/run.ts`.

/** On the DuckDB target (through DuckDbSession.execute, as `bronze run` sends SQL). */
export const KNOWN_DUCKDB_FAILURES: ReadonlySet<string> = new Set([]);

/** Through the real snowflake-sdk against the emulator (the same dialect layer plus the wire protocol). */
export const KNOWN_EMULATOR_FAILURES: ReadonlySet<string> = new Set([]);

/**
 * The figures when the lists were recorded: the suite fails if a run does worse. 97.2 (989 / 1017): orderings of
 * VARIANT values are refused by name (variant-implicit-cast.ts variantOrdering), eight documented examples ordering
 * VARIANT strings with them, since the twin cannot tell strings from numbers ("10" before "9") when it plans.
 * 96.7 (992 / 1025, 96.78): seven cases added for groupings of VARIANT values by value (variant-grouping.ts), two passing and
 * five refused by name, each grouping 1 with 1.0 or 5 with 5.00, whose group's shown text no page settles; no case that
 * passed before is refused.
 */
export const RECORDED = { duckdbSilent: 0, duckdbPassRate: 96.7 } as const;
