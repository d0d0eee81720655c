// The Snowflake conformance cases are well formed: unique ids, a docs.snowflake.com page each, at least 400 in all,
// and every construct the suite promises to cover has at least one case.
import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import type { ConformanceCase } from '../conformance/snowflake/case';
import { loadCaseFiles } from '../conformance/snowflake/run';

/** The constructs issue #13 lists; each must appear as some case's `construct`. */
const REQUIRED = [
  'CURRENT_TIMESTAMP', 'UPPER', 'COALESCE', 'CAST', ':: cast', 'CURRENT_DATE', 'TRIM', 'ROW_NUMBER', 'DATE',
  'TRY_TO_TIMESTAMP', 'DATEDIFF', 'MAX', 'UUID_STRING', 'COUNT', 'TRY_TO_DATE', 'CURRENT_USER', 'REGEXP_REPLACE',
  'REPLACE', 'TRY_CAST', 'SUM', 'CONCAT', 'MONTH', 'TRY_TO_NUMBER', 'LENGTH', 'HOUR', 'YEAR', 'ROUND', 'LOWER',
  'REGEXP_LIKE', 'DAYOFWEEK', 'QUARTER', 'EXTRACT', 'DAYNAME', 'DATEADD', 'PARSE_JSON', 'AVG', 'INITCAP',
  'WEEKOFYEAR', 'MONTHNAME', 'DAY', 'GENERATOR', 'TO_VARCHAR', 'POSITION', 'REGEXP_SUBSTR', 'CONVERT_TIMEZONE',
  'SUBSTRING', 'MD5', 'NULLIF', 'SPLIT_PART', 'CONTAINS', 'DATE_TRUNC', 'IFF', 'NVL', 'NVL2', 'DECODE', 'DIV0',
  'LISTAGG', 'ARRAY_AGG', 'FLATTEN', 'OBJECT_CONSTRUCT', 'TO_CHAR', 'TO_DATE', 'TO_TIMESTAMP', 'LAST_DAY',
  'ADD_MONTHS', 'SHA2', 'LPAD', 'RPAD', 'STARTSWITH', 'ENDSWITH', 'REGEXP_COUNT', 'REGEXP_INSTR', 'EQUAL_NULL',
  'ZEROIFNULL', 'COUNT_IF', 'MEDIAN', 'ARRAY_CONSTRUCT', 'ARRAY_SIZE', 'OBJECT_KEYS', 'GET', 'GET_PATH',
  'QUALIFY', 'REGEXP', 'RLIKE', 'SEQ4', 'SEQ8',
];

let all: ConformanceCase[] = [];

before(async () => {
  all = (await loadCaseFiles()).flatMap((f) => f.cases);
});

describe('Snowflake conformance cases', () => {
  it('has at least 400 cases', () => {
    assert.ok(all.length >= 400, `only ${all.length} cases`);
  });

  it('gives every case a unique lower-case id', () => {
    const seen = new Set<string>();
    const dupes = all.filter((c) => (seen.has(c.id) ? true : (seen.add(c.id), false))).map((c) => c.id);
    assert.deepEqual(dupes, []);
    const badIds = all.filter((c) => !/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(c.id)).map((c) => c.id);
    assert.deepEqual(badIds, []);
  });

  it('takes every expectation from a docs.snowflake.com page', () => {
    const bad = all.filter((c) => !/^https:\/\/docs\.snowflake\.com\/en\/\S+$/.test(c.doc)).map((c) => c.id);
    assert.deepEqual(bad, []);
  });

  it('covers every listed construct', () => {
    const covered = new Set(all.map((c) => c.construct));
    assert.deepEqual(REQUIRED.filter((name) => !covered.has(name)), []);
  });

  it('keeps each expected row as wide as its asserted types and column names', () => {
    const bad: string[] = [];
    for (const c of all) {
      if (!('rows' in c.expect)) continue;
      const width = c.expect.types?.length ?? c.expect.columns?.length ?? c.expect.rows[0]?.length;
      if (c.expect.types && c.expect.columns && c.expect.types.length !== c.expect.columns.length) bad.push(c.id);
      if (width !== undefined && c.expect.rows.some((r) => r.length !== width)) bad.push(c.id);
    }
    assert.deepEqual(bad, []);
  });

  it('names session parameters the way Snowflake spells them', () => {
    const bad = all.filter((c) => Object.keys(c.session ?? {}).some((k) => !/^[A-Z][A-Z0-9_]*$/.test(k))).map((c) => c.id);
    assert.deepEqual(bad, []);
  });

  it('writes one statement per sql and setup entry', () => {
    const bad = all.filter((c) => [c.sql, ...(c.setup ?? [])].some((s) => /;\s*\S/.test(s.replace(/'(?:[^']|'')*'/g, "''")))).map((c) => c.id);
    assert.deepEqual(bad, []);
  });
});
