// `sample --synthetic` writes text the models cut a date out of so that the cut piece is a date in the format they
// parse (dates-in-text.ts). willibald_datavault's loads parse `TRY_TO_TIMESTAMP(REPLACE(RIGHT(filenamedate, 19),
// '.csv', ''), 'YYYYMMDD_HH24MISS')` out of an external table's file name and keep rows newer than a high-water
// mark: sampled as 'filenamedate_3', every parse was NULL and every load kept no row (the vault held ghost records
// only). Each shape below is checked with DuckDB's own functions standing for Snowflake's, written out by hand, so
// the check does not replay the sampler's own reading. Formats: Snowflake's "Date and time formats in conversion
// functions" (https://docs.snowflake.com/en/sql-reference/date-time-input-output).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { tokenizeSql } from '../../server/src/core/sql/tokenize';
import { dateCutsIn } from '../../client/src/sample/dates-in-text';
import { applyCut, dateTextFor, mergeTemplates, printTemplate, templateOf } from '../../client/src/sample/date-templates';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';

const SOURCE = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: files\n';

/**
 * Plans raw.files for one model, writes 40 rows with DuckDB and returns, per row, `check` (DuckDB SQL over the
 * sampled column `column`) evaluated: how many rows it holds a value for, and how many distinct values.
 */
async function sampled(t: TestContext, model: string, column: string, check: string, source = SOURCE): Promise<{ parsed: number; distinct: number; example: string }> {
  const engine = await openTempProject(t, 'bronze-sample-dates-', { 'models/src.yml': source, 'models/m.sql': model });
  const plan = planSynthetic(engine.project, { rows: 40, clean: true, sourceIds: [[...engine.project.sources.keys()][0]] })[0];
  assert.ok(plan.columns.some((c) => c.name === column), `columns: ${plan.columns.map((c) => c.name).join(', ')}`);
  const select = syntheticInsert(plan, { seed: 3, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  const reader = await conn.runAndReadAll(`select count(v), count(distinct v), any_value("${column}") from (select ${check} as v, "${column}" from (${select}))`);
  const [parsed, distinct, example] = reader.getRows()[0];
  return { parsed: Number(parsed), distinct: Number(distinct), example: String(example) };
}

/** How many NULLs the sampler writes in `column` of raw.files when it adds dirt (sparse NULLs). */
async function sampledDirty(t: TestContext, model: string, column: string, source: string): Promise<number> {
  const engine = await openTempProject(t, 'bronze-sample-dirt-', { 'models/src.yml': source, 'models/m.sql': model });
  const plan = planSynthetic(engine.project, { rows: 400, clean: false, sourceIds: [[...engine.project.sources.keys()][0]] })[0];
  assert.ok(plan.sparseNulls, 'dirt is on');
  const select = syntheticInsert(plan, { seed: 3, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  return Number((await conn.runAndReadAll(`select count(*) - count("${column}") from (${select})`)).getRows()[0][0]);
}

describe('text the models cut a date out of', () => {
  it("an external table's file name (a partition computed from METADATA$FILENAME) is one its LOCATION path and PATTERN read", async (t) => {
    // willibald_datavault: the raw table is declared twice, once with dbt_external_tables' properties; Snowflake's
    // external table reads only files whose whole name PATTERN matches, and the twin refuses sampled rows of others.
    const source = [
      'version: 2',
      'sources:',
      '  - name: raw',
      '    tables:',
      '      - name: files',
      '  - name: ext',
      '    schema: raw',
      '    tables:',
      '      - name: files',
      '        external:',
      '          location: "@stage/V1.0/"',
      "          pattern: 'V1.0/kunde/kunde_.*[.]csv'",
      '          partitions:',
      '            - {name: filenamedate, data_type: varchar, expression: metadata$filename}',
      '',
    ].join('\n');
    const model = "select try_to_timestamp(replace(right(filenamedate, 19), '.csv', ''), 'YYYYMMDD_HH24MISS') as ldts from {{ source('raw', 'files') }}";
    const got = await sampled(t, model, 'filenamedate', "CASE WHEN regexp_full_match(filenamedate, 'V1[.]0/kunde/kunde_.*[.]csv') THEN try_strptime(replace(right(filenamedate, 19), '.csv', ''), '%Y%m%d_%H%M%S') END", source);
    assert.equal(got.parsed, 40, got.example);
    assert.match(got.example, /^V1\.0\/kunde\/kunde_/);
    // Never NULL, even where the sampler leaves a few NULLs for dirt: Snowflake fills the file name of every row.
    const dirty = await sampledDirty(t, model, 'filenamedate', source);
    assert.equal(dirty, 0);
  });

  it('SUBSTR then TO_DATE with a format: the cut piece is a date in that format', async (t) => {
    const got = await sampled(t, "select to_date(substr(batch_name, 7, 8), 'YYYYMMDD') as batch_date from {{ source('raw', 'files') }}", 'batch_name', "try_strptime(substr(batch_name, 7, 8), '%Y%m%d')");
    assert.equal(got.parsed, 40, got.example);
    assert.ok(got.distinct > 5, `dates spread over the days: ${got.distinct}`);
  });

  it('SPLIT_PART then TRY_TO_TIMESTAMP with a format', async (t) => {
    const got = await sampled(t, "select try_to_timestamp(split_part(file_key, '_', 2), 'YYYYMMDDHH24MISS') as loaded_at from {{ source('raw', 'files') }}", 'file_key', "try_strptime(split_part(file_key, '_', 2), '%Y%m%d%H%M%S')");
    assert.equal(got.parsed, 40, got.example);
    assert.ok(got.distinct > 5);
  });

  it('REGEXP_SUBSTR then TRY_TO_DATE without a format (AUTO: ISO text)', async (t) => {
    const got = await sampled(t, "select try_to_date(regexp_substr(object_path, '[0-9]{4}-[0-9]{2}-[0-9]{2}')) as day from {{ source('raw', 'files') }}", 'object_path', "try_cast(regexp_extract(object_path, '[0-9]{4}-[0-9]{2}-[0-9]{2}') as date)");
    assert.equal(got.parsed, 40, got.example);
  });

  it('a cast of a cut (LEFT(x, 10)::DATE)', async (t) => {
    const got = await sampled(t, "select left(event_label, 10)::date as event_day from {{ source('raw', 'files') }}", 'event_label', 'try_cast(left(event_label, 10) as date)');
    assert.equal(got.parsed, 40, got.example);
  });

  it('a format over the bare column (TRY_TO_DATE(x, \'DD.MM.YYYY\'))', async (t) => {
    const got = await sampled(t, "select try_to_date(birth_text, 'DD.MM.YYYY') as birth_day from {{ source('raw', 'files') }}", 'birth_text', "try_strptime(birth_text, '%d.%m.%Y')");
    assert.equal(got.parsed, 40, got.example);
  });

  it("two parses of one file name through a CTE's computed columns (RIGHT + REPLACE, and REVERSE + SUBSTR + REVERSE) both hold", async (t) => {
    const model =
      "with raw_data as (\n  select trim(replace(right(file_name, 19), '.csv', '')::string) as \"LDTS_RAW\",\n" +
      "    trim(reverse(substring(reverse(replace(file_name, '.csv', '')), 17, 8))::varchar) as edts_raw\n  from {{ source('raw', 'files') }}\n)\n" +
      "select try_to_timestamp(\"LDTS_RAW\", 'YYYYMMDD_HH24MISS') as ldts, try_to_date(edts_raw, 'YYYYMMDD') as edts from raw_data\n";
    const ldts = await sampled(t, model, 'file_name', "try_strptime(replace(right(file_name, 19), '.csv', ''), '%Y%m%d_%H%M%S')");
    assert.equal(ldts.parsed, 40, ldts.example);
    assert.match(ldts.example, /^files_\d{8}_\d{8}_\d{6}\.csv$/);
    const edts = await sampled(t, model, 'file_name', "try_strptime(reverse(substr(reverse(replace(file_name, '.csv', '')), 17, 8)), '%Y%m%d')");
    assert.equal(edts.parsed, 40, edts.example);
  });

  it("a JSON leaf's text parsed with a format (TRY_TO_DATE(TRIM(value:c6::string), 'DD.MM.YYYY'))", async (t) => {
    const model = "with raw as (select trim(value:c6::string) as birth_raw, trim(value:c1::string) as id_raw from {{ source('raw', 'files') }})\nselect id_raw, try_to_date(birth_raw, 'DD.MM.YYYY') as birth_day from raw\n";
    const got = await sampled(t, model, 'value', "try_strptime(json_extract_string(value, '$.c6'), '%d.%m.%Y')");
    assert.equal(got.parsed, 40, got.example);
    assert.ok(got.distinct > 5);
  });

  it('leaves text alone when the cut is one it cannot invert, or reads another column', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-dates-none-', {
      'models/src.yml': SOURCE,
      'models/m.sql': "select to_date(upper(a), 'YYYYMMDD') as d1, to_date(b || '01', 'YYYYMMDD') as d2, to_date(substr(c, 1, 8)) as d3 from {{ source('raw', 'files') }}\n",
    });
    const plan = planSynthetic(engine.project, { rows: 10, clean: true })[0];
    const dated = plan.columns.filter((c) => c.dateText).map((c) => c.name);
    // c: 8 characters cannot hold an ISO date (10): no template replays, so none is used.
    assert.deepEqual(dated, []);
  });
});

describe('reading, inverting and laying over', () => {
  const cutsOf = (sql: string) => {
    const { tokens } = tokenizeSql(sql);
    return dateCutsIn(tokens, (i) => (tokens[i].text.toLowerCase() === 'x' ? 'x' : undefined));
  };

  it('reads the cuts outermost first, through aliases and text casts', () => {
    assert.deepEqual(cutsOf("with c as (select trim(right(x, 19))::string as r from t) select try_to_timestamp(r, 'YYYYMMDD_HH24MISS') from c"), [
      { column: 'x', path: [], cuts: [{ fn: 'right', n: 19 }], format: '%Y%m%d_%H%M%S' },
    ]);
    assert.deepEqual(cutsOf("select cast(split_part(x, '/', -2) as date) from t"), [{ column: 'x', path: [], cuts: [{ fn: 'split_part', delimiter: '/', part: -2 }], format: '%Y-%m-%d' }]);
    assert.deepEqual(cutsOf("select regexp_substr(x, 'd=(\\\\d{8})', 1, 1, 'e')::date from t"), [{ column: 'x', path: [], cuts: [{ fn: 'regexp_substr', pattern: 'd=(\\d{8})', flags: '', group: 1 }], format: '%Y-%m-%d' }]);
    // A JSON leaf's text (an external table's `value:c6`), cast to text and trimmed.
    assert.deepEqual(cutsOf("select try_to_date(trim(x:c6::string), 'DD.MM.YYYY') from t"), [{ column: 'x', path: [{ key: 'c6' }], cuts: [], format: '%d.%m.%Y' }]);
    // Not a cut it inverts, or no format to write: nothing.
    assert.deepEqual(cutsOf("select to_date(lower(x), 'YYYYMMDD'), to_date(x), x::date, to_date(substr(x, 2, 8), 'YYYYMMDD FF9') from t"), []);
  });

  it('replays each cut as Snowflake documents it', () => {
    assert.equal(applyCut({ fn: 'right', n: 3 }, 'ab'), 'ab');
    assert.equal(applyCut({ fn: 'substr', from: -4, length: 2 }, 'abcdef'), 'cd');
    assert.equal(applyCut({ fn: 'split_part', delimiter: '_', part: -1 }, 'a_b_c'), 'c');
    assert.equal(applyCut({ fn: 'split_part', delimiter: '_', part: 5 }, 'a_b_c'), '');
    assert.equal(applyCut({ fn: 'replace', what: '.csv', with: '' }, 'a.csv'), 'a');
  });

  it('lays two templates of one column over each other from their fixed ends, and refuses a clash', () => {
    const a = templateOf({ cuts: [{ fn: 'right', n: 8 }], format: '%Y%m%d' }, 0)!;
    const b = templateOf({ cuts: [{ fn: 'left', n: 4 }], format: '%Y' }, 1)!;
    const both = mergeTemplates(a, b)!;
    const text = { cells: both, formats: ['%Y%m%d', '%Y'], free: '_', any: 'f_' };
    assert.equal(printTemplate(text, new Date(Date.UTC(2024, 2, 7))), '2024f_20240307');
    // Two cuts wanting different characters at one place: no template for both.
    const c = templateOf({ cuts: [{ fn: 'right', n: 4 }], format: '%Y' }, 1)!;
    const d = templateOf({ cuts: [{ fn: 'right', n: 4 }], format: '%m%d' }, 0)!;
    assert.equal(mergeTemplates(c, d), undefined);
    // dateTextFor then keeps the first that replays alone.
    const chosen = dateTextFor(
      [
        { cuts: [{ fn: 'right', n: 4 }], format: '%m%d' },
        { cuts: [{ fn: 'right', n: 4 }], format: '%Y' },
      ],
      [],
    )!;
    assert.deepEqual(chosen.formats, ['%m%d', '']);
  });
});

describe('sample, then build: an incremental model filtering on a date parsed out of a file name', () => {
  it('keeps the sampled rows past its high-water mark', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-dates-build-', {
      'dbt_project.yml': 'name: p\nversion: "1"\nprofile: p\n',
      'models/src.yml': 'version: 2\nsources:\n  - name: landing\n    tables:\n      - name: orders_files\n',
      'models/load_orders.sql':
        "{{ config(materialized='incremental') }}\n" +
        "with raw_data as (\n  select trim(replace(right(file_name, 19), '.csv', '')::string) as ldts_raw, order_id, amount::number(10, 2) as amount\n" +
        "  from {{ source('landing', 'orders_files') }}\n),\n" +
        "hwm as (\n  select {% if is_incremental() %}coalesce((select max(ldts) from {{ this }}), to_timestamp('01.01.1900', 'DD.MM.YYYY')){% else %}to_timestamp('01.01.1900', 'DD.MM.YYYY'){% endif %} as hwm_ts\n)\n" +
        "select try_to_timestamp(ldts_raw, 'YYYYMMDD_HH24MISS') as ldts, order_id, amount\nfrom raw_data cross join hwm\nwhere try_to_timestamp(ldts_raw, 'YYYYMMDD_HH24MISS') > hwm.hwm_ts\n",
    });
    const dir = engine.project.root;
    const sample = await cli(['sample', '--synthetic', '--clean', '--project-dir', dir, '--rows', '30', '--seed', '3']);
    assert.equal(sample.code, 0, sample.stderr);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', 'select count(*) as n, count(distinct ldts) as loads from load_orders', '--output', 'json']);
    assert.match(shown.stdout, /"N": 30\b/i, shown.stdout + shown.stderr);
    assert.doesNotMatch(shown.stdout, /"LOADS": [01]\b/i, shown.stdout);
  });
});
