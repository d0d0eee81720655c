// `sample --synthetic` reads what a project's own generic test asserts from its compiled SQL, by what the SQL means
// and not by the test's name (test-sql.ts): the rows a test returns are the rows that break it, so a filter
// `col < a or col > b` on the model's rows asks values within [a, b], and counts of the model's rows per value of a
// column (or of its distinct values) returned when outside constants ask counts within them.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Engine } from '../../server/src/engine';
import { openTempProject } from '../helpers/temp-project';
import { syntheticRows } from '../helpers/synthetic-rows';
import { planSynthetic, type TablePlan } from '../../client/src/sample/plan';
import { renderOwnTests } from '../../client/src/sample/rendered';
import { assertionOfTestSql } from '../../client/src/sample/test-sql';

const project = (t: TestContext, files: Record<string, string>): Promise<Engine> => openTempProject(t, 'bronze-sample-test-sql-', files);

const rows = (t: TestContext, plan: TablePlan, query: string): Promise<unknown[][]> => syntheticRows(t, plan, query);

const M = 'ANALYTICS.SILVER.orders';

describe("a project's own generic tests read from their compiled SQL", () => {
  it('reads a filter on one column, counts per value and distinct counts compared with constants', () => {
    const read = (sql: string) => assertionOfTestSql(sql, 'orders');
    assert.deepEqual(read(`SELECT qty FROM ${M} WHERE qty < 1 OR qty > 50`), { kind: 'range', column: 'qty', bounds: { min: 1, max: 50 } });
    assert.deepEqual(read(`select qty from ${M} where qty < 0;`), { kind: 'range', column: 'qty', bounds: { min: 0 } });
    assert.deepEqual(read(`select o.qty from ${M} as o where (100 < o.qty)`), { kind: 'range', column: 'qty', bounds: { max: 100 } });
    // Counts per value: in a CTE compared outside it (by alias), or in HAVING (written out); `<=` on a count.
    assert.deepEqual(
      read(`with c as (select order_date as d, count(*) as n from ${M} group by 1) select d, n from c where n < 10 or n > 500`),
      { kind: 'rowsPerValue', column: 'order_date', bounds: { min: 10, max: 500 } },
    );
    assert.deepEqual(read(`select order_date, count(*) from ${M} group by order_date having count(*) <= 4`), { kind: 'rowsPerValue', column: 'order_date', bounds: { min: 5 } });
    assert.deepEqual(
      read(`WITH card AS (SELECT COUNT(DISTINCT status) AS k FROM ${M}) SELECT k FROM card WHERE k < 2 OR k > 10`),
      { kind: 'distinctCount', column: 'status', bounds: { min: 2, max: 10 } },
    );
    // A value's share: an arithmetic of the two counts, evaluated, so its scale (percent, fraction) is the test's.
    assert.deepEqual(
      read(
        `WITH counts AS (SELECT COUNT(*) AS total_rows, COUNT(CASE WHEN status = 'done' THEN 1 END) AS value_rows FROM ${M}) ` +
          'SELECT total_rows FROM counts WHERE ROUND(value_rows::FLOAT / NULLIF(total_rows, 0) * 100, 2) < 70 OR ROUND(value_rows::FLOAT / NULLIF(total_rows, 0) * 100, 2) > 99',
      ),
      { kind: 'valueShare', column: 'status', value: 'done', bounds: { min: 70, max: 99 } },
    );
    assert.deepEqual(
      read(`select count(*) as n, sum(case when o.status = 'it''s' then 1 else 0 end) as k from ${M} o having cast(k as float) / n < 0.2`),
      { kind: 'valueShare', column: 'status', value: "it's", bounds: { min: 20, max: 100 } },
    );
    // Not a multiple of the share (k - n), or two values counted.
    assert.equal(read(`select count(*) as n, count_if(status = 'x') as k from ${M} having k - n < 2`), undefined);
    assert.equal(read(`select count(*) as n, count_if(s = 'x') as k, count_if(s = 'y') as j from ${M} having k / n < 0.2`), undefined);
    // Shapes that say something else, or nothing read here.
    assert.equal(read(`select qty from ${M} where qty < 1 and status = 'x'`), undefined);
    assert.equal(read(`select qty from ${M} where qty <= 0`), undefined, 'a value above 0, not a bound the sampler holds inclusive');
    assert.equal(read(`select qty from ${M}, stats where qty < stats.lo`), undefined);
    assert.equal(read(`select qty from ANALYTICS.SILVER.other where qty < 1`), undefined, 'another relation');
    assert.equal(read(`select qty from ${M} join x on x.id = qty where qty < 1`), undefined);
    assert.equal(read(`select qty from (select * from ${M} where ok) where qty < 1`), undefined);
    assert.equal(read(`select d, count(*) from ${M} group by d, e having count(*) < 3`), undefined);
    assert.equal(read(`select qty from ${M} where qty < 1 union all select qty from ${M} where qty > 5`), undefined);
    assert.equal(read(`select a from ${M} where a < 5 or b > 6`), undefined, 'two columns');
    assert.equal(read(`select qty from ${M} where qty > 5 or qty < 6`), undefined, 'no value passes');
  });

  // Macros of the project's own, named as no package names them: their SQL is what is read.
  const FILES = {
    'models/src.yml':
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n        columns:\n' +
      '          - name: order_id\n            tests: [not_null, unique]\n          - name: ordered_at\n            data_type: timestamp\n' +
      '          - name: status\n          - name: qty\n            data_type: number\n          - name: channel\n',
    'models/orders.sql':
      "select order_id, date_trunc('day', ordered_at) as order_date, status, qty, channel\nfrom {{ source('raw', 'orders') }}",
    'models/orders.yml':
      'version: 2\nmodels:\n  - name: orders\n    tests:\n' +
      '      - enough_each_day:\n          day_column: order_date\n          fewest: 10\n' +
      '      - some_values:\n          column_name: status\n          most: 4\n' +
      '      - share_of:\n          column_name: channel\n          value: web\n          low: 30\n          high: 60\n' +
      '    columns:\n      - name: qty\n        tests:\n          - inside:\n              lo: 1\n              hi: 50\n',
    'macros/checks.sql':
      '{% test enough_each_day(model, day_column, fewest=1, most=100000) %}\n' +
      'with per_day as (select {{ day_column }} as d, count(*) as n from {{ model }} group by 1)\n' +
      'select d, n from per_day where n < {{ fewest }} or n > {{ most }}\n{% endtest %}\n' +
      '{% test some_values(model, column_name, least=1, most=100) %}\n' +
      'with k as (select count(distinct {{ column_name }}) as c from {{ model }})\nselect c from k where c < {{ least }} or c > {{ most }}\n{% endtest %}\n' +
      '{% test share_of(model, column_name, value, low=0, high=100) %}\n' +
      "with c as (select count(*) as total, count(case when {{ column_name }} = '{{ value }}' then 1 end) as hits from {{ model }})\n" +
      'select * from c where hits * 100.0 / nullif(total, 0) < {{ low }} or hits * 100.0 / nullif(total, 0) > {{ high }}\n{% endtest %}\n' +
      '{% test inside(model, column_name, lo, hi) %}\nselect {{ column_name }} from {{ model }} where {{ column_name }} < {{ lo }} or {{ column_name }} > {{ hi }}\n{% endtest %}\n',
  };

  it('writes source rows that pass them, through the model that renames and truncates the columns', async (t) => {
    const engine = await project(t, FILES);
    const testSql = await renderOwnTests(engine);
    assert.equal(testSql.size, 4);
    const plan = planSynthetic(engine.project, { rows: 100, clean: false, testSql }).find((p) => p.label === 'raw.orders')!;
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual(col('ordered_at').perDay, { min: 10, max: 100000, days: 10 });
    assert.equal(col('ordered_at').notNull, true);
    assert.deepEqual(col('status').distinct, { min: 1, max: 4 });
    assert.deepEqual([col('qty').min, col('qty').max], [1, 50]);
    assert.deepEqual(col('channel').share, { value: 'web', min: 30, max: 60 });
    const [[days, fewest, statuses, outside]] = await rows(
      t,
      plan,
      "select (select count(distinct date_trunc('day', ordered_at)) from t), (select min(n) from (select date_trunc('day', ordered_at) d, count(*) n from t group by 1)), " +
        '(select count(distinct status) from t), (select count(*) from t where qty < 1 or qty > 50)',
    );
    assert.deepEqual([days, fewest, statuses, outside].map(Number), [10, 10, 4, 0]);
    const [[web]] = await rows(t, plan, "select count(*) filter (where channel = 'web') * 100.0 / count(*) from t");
    // The middle of 30–60 %, less the few NULLs the dirt puts where nothing requires a value.
    assert.ok(Number(web) >= 40 && Number(web) <= 45, `web is ${web} % of the rows`);
  });

  it('a count per value of a column that is no day does not cut the days per-day tables share', async (t) => {
    const engine = await project(t, {
      ...FILES,
      'models/orders.yml':
        'version: 2\nmodels:\n  - name: orders\n    tests:\n' +
        '      - enough_each_day:\n          day_column: order_date\n          fewest: 10\n' +
        '      - enough_each_day:\n          day_column: status\n          fewest: 50\n',
    });
    const plan = planSynthetic(engine.project, { rows: 100, clean: false, testSql: await renderOwnTests(engine) }).find((p) => p.label === 'raw.orders')!;
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual(col('ordered_at').perDay, { min: 10, max: 100000, days: 10 });
    assert.equal(col('status').perDay, undefined);
    assert.equal(col('status').notNull, true);
  });

  it('without their compiled SQL the same tests say nothing (the rows spread over --days)', async (t) => {
    const engine = await project(t, FILES);
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.orders')!;
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.equal(col('ordered_at').perDay, undefined);
    assert.equal(col('status').distinct, undefined);
    assert.equal(col('channel').share, undefined);
  });
});
