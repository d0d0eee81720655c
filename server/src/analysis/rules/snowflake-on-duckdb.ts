// Snowflake SQL the DuckDB target cannot run exactly, shown in the editor before a run fails: the translator's own
// "not supported on the DuckDB target" errors, run on the model with its Jinja blanked (so offsets are the file's).
// Only when the project's active target is DuckDB; on Snowflake the same SQL is fine.
import type { Diagnostic } from '../../core/types';
import { splitStatementsWithOffsets } from '../../core/sql/split';
import { translateWithMap } from '../../core/sql/snowflake-on-duckdb/translate';
import { UnsupportedOnDuckDb } from '../../core/sql/snowflake-on-duckdb/unsupported';
import { diag, textRule, type Rule, type TextFacts } from './rule';

export const snowflakeOnDuckDb: Rule = textRule({
  id: 'bronze/snowflake-on-duckdb',
  severity: 'warning',
  description: 'Snowflake SQL that the DuckDB target cannot run exactly (it fails there with this message; it runs on Snowflake).',
  text: {
    // The translation reads only the model's text (Jinja blanked); the target type decides whether it runs.
    key: (targetType) => targetType ?? '',
    check(f: TextFacts, targetType: string): Diagnostic[] {
      if (targetType !== 'duckdb' || f.scan.truncated) return [];
      const out: Diagnostic[] = [];
      for (const stmt of splitStatementsWithOffsets(f.scan.masked)) {
        try {
          translateWithMap(stmt.text);
        } catch (e) {
          if (!(e instanceof UnsupportedOnDuckDb)) continue;
          const start = stmt.start + e.offset;
          const word = /^[A-Za-z_:][A-Za-z0-9_$]*/.exec(f.scan.masked.slice(start));
          const end = start + Math.max(1, word ? word[0].length : 1);
          out.push(diag(snowflakeOnDuckDb, f.file, f.lines.rangeOf(start, end), `${e.message}: this model fails when run on the DuckDB target (it runs on Snowflake).`));
        }
      }
      return out;
    },
  },
});
