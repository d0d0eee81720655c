// Valid Snowflake SQL and dbt idioms that must not be reported (a rule that cannot be sure says nothing).
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixtureProject } from '../lsp/fixture-project';

// [name, file, sql]: extra.sql is an undocumented model; bz_meetings.sql is documented (meeting_id, host_id,
// duration_minutes, updated_at, fee_dollars, load_date), so column rules apply to it.
const CASES: [string, string, string][] = [
  ['{{ this }} inside a string literal is text, not a read', 'extra.sql', "{{ config(materialized='table') }}\nselect '{{ this }}' as model_name, 1 as meeting_id"],
  [
    'Snowflake lateral flatten, VARIANT paths, casts, IFF, QUALIFY and $$ strings',
    'extra.sql',
    "{{ config(materialized='table') }}\nselect f.value:id::number as meeting_id, iff(f.index > 0, 'y', 'n') as flag, $$it's$$ as note\nfrom {{ source('raw', 'meetings') }} m, lateral flatten(input => m.payload) f\nqualify row_number() over (partition by meeting_id order by f.index desc) = 1",
  ],
  ['conditional parentheses across Jinja branches are not judged', 'extra.sql', "{{ config(materialized='table') }}\nselect meeting_id from {{ source('raw', 'meetings') }}\n{% if var('lookback_days') > 1 %}where (meeting_id > 0{% else %}where (meeting_id < 0{% endif %})"],
  ['a star over an unknown relation hides the column list, so no missing-column', 'bz_meetings.sql', "{{ config(materialized='table') }}\nselect * from raw.other_meetings"],
  [
    'select * exclude expands the declared source columns it does not drop',
    'bz_meetings.sql',
    "{{ config(materialized='table') }}\nselect * exclude (host_id), m.host_id, 0 as fee_dollars, current_date() as load_date from {{ source('raw', 'meetings') }} as m",
  ],
];

describe('no false positives on valid SQL', () => {
  for (const [name, file, sql] of CASES) {
    it(name, async () => {
      const p = await fixtureProject();
      try {
        const rel = `models/bronze/${file}`;
        writeFileSync(p.file(rel), sql);
        await p.ws.setText(p.file(rel), sql);
        const found = p.diagnostics();
        assert.deepEqual(found.map((d) => `${d.code}: ${d.message}`), []);
      } finally {
        p.cleanup();
      }
    });
  }

  // A combination's uniqueness without dbt_utils: the unique test on a "column" that is an expression; dbt renders the
  // name into the test's SQL as written.
  it('a schema.yml column named by an expression (unique over a combination) is not reported missing', async () => {
    const p = await fixtureProject();
    try {
      const sql = "{{ config(materialized='table') }}\nselect 1 as meeting_id, 2 as seq";
      writeFileSync(p.file('models/bronze/extra.sql'), sql);
      const yml = "version: 2\nmodels:\n  - name: extra\n    columns:\n      - name: meeting_id\n      - name: seq\n      - name: \"meeting_id || '|' || seq\"\n        tests: [unique]\n";
      writeFileSync(p.file('models/bronze/extra.yml'), yml);
      await p.ws.setText(p.file('models/bronze/extra.yml'), yml);
      await p.ws.setText(p.file('models/bronze/extra.sql'), sql);
      assert.deepEqual(p.diagnostics().map((d) => `${d.code}: ${d.message}`), []);
    } finally {
      p.cleanup();
    }
  });
});
