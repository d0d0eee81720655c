// `sample --synthetic` writes digits into text the models convert to a number under another name
// (numbers-in-text.ts): datavault_extension's loads read `TRIM(value:c3::STRING) AS "ALLGLIEFERADRID_RAW"` from an
// external table and check `TRY_TO_NUMBER("ALLGLIEFERADRID_RAW") IS NOT NULL OR … IS NULL`; the leaf was sampled as
// 'c3_1', the check failed on every row and the stage (`where is_check_ok`) kept none (willibald_datavault's
// orders). Checked with DuckDB's own casts, written out by hand.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { tokenizeSql } from '../../server/src/core/sql/tokenize';
import { numberTextsIn } from '../../client/src/sample/numbers-in-text';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { openTempProject } from '../helpers/temp-project';

const SOURCE = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: files\n';

/** Plans raw.files for one model, writes 40 rows with DuckDB and counts the rows `check` (DuckDB SQL) is not NULL for. */
async function converted(t: TestContext, model: string, check: string): Promise<{ n: number; example: string }> {
  const engine = await openTempProject(t, 'bronze-sample-numbers-', { 'models/src.yml': SOURCE, 'models/m.sql': model });
  const plan = planSynthetic(engine.project, { rows: 40, clean: true })[0];
  const select = syntheticInsert(plan, { seed: 3, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  const reader = await conn.runAndReadAll(`select count(${check}), any_value(cast(columns(*) as varchar)) from (${select})`);
  const [n, example] = reader.getRows()[0];
  return { n: Number(n), example: String(example) };
}

describe('text the models convert to a number under another name', () => {
  it("a JSON leaf through a CTE's computed column and a REPLACE of separators: TRY_TO_NUMBER(x) and TRY_TO_NUMBER(x, 28, 10)", async (t) => {
    const model =
      "with raw as (select replace(trim(value:c3::string), ',', '') as \"ADDR_RAW\", replace(trim(value:c4::string), ',', '.') as rabatt_raw from {{ source('raw', 'files') }})\n" +
      "select try_to_number(\"ADDR_RAW\") as addr_id, try_to_number(rabatt_raw, 28, 10) as rabatt from raw\n";
    const ids = await converted(t, model, "try_cast(json_extract_string(value, '$.c3') as bigint)");
    assert.equal(ids.n, 40, ids.example);
    const amounts = await converted(t, model, "try_cast(json_extract_string(value, '$.c4') as decimal(28, 10))");
    assert.equal(amounts.n, 40, amounts.example);
  });

  it('a column through a CTE alias', async (t) => {
    const model = "with r as (select trim(qty_text::string) as qty_raw from {{ source('raw', 'files') }})\nselect try_to_number(qty_raw) as qty from r\n";
    const got = await converted(t, model, 'try_cast(qty_text as bigint)');
    assert.equal(got.n, 40, got.example);
  });

  it('reads the kind from the scale, and leaves a format or a cut alone', () => {
    const { tokens } = tokenizeSql(
      "select try_to_number(x:a::string), to_number(x:b, 10, 2), to_number(x:c, 3, 2), try_to_double(x:d), to_number(x:e, '999.99'), to_number(left(x:f::string, 2)), to_number(replace(x:g, '0', '')) from t",
    );
    const got = numberTextsIn(tokens, (i) => (tokens[i].text === 'x' ? 'x' : undefined));
    assert.deepEqual(
      got.map((n) => [n.path, n.kind]),
      [
        [[{ key: 'a' }], 'integer'],
        [[{ key: 'b' }], 'decimal'],
        [[{ key: 'd' }], 'float'],
      ],
    );
  });
});
