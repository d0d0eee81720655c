// A generic test's arguments are rendered with Jinja wherever they hold a string, inside lists and mappings too, as
// dbt's add_rendered_test_kwargs does: dbt_expectations' `column_type_list: [date, "{{ dbt_expectations.type_datetime() }}"]`
// compared column types with the unrendered text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../server/src/engine';

describe('generic test arguments', () => {
  it('renders Jinja in list items and mapping values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bronze-test-kwargs-'));
    try {
      mkdirSync(join(dir, 'models'));
      mkdirSync(join(dir, 'macros'));
      writeFileSync(join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
      writeFileSync(join(dir, 'models', 'm.sql'), 'select 1 as a\n');
      writeFileSync(
        join(dir, 'macros', 'listed.sql'),
        "{% macro my_type() %}timestamp_ntz{% endmacro %}\n{% test listed(model, column_name, types, opts) %}select '{{ types | join('|') }}' as t, '{{ opts.k }}' as k from {{ model }} where false{% endtest %}\n",
      );
      writeFileSync(
        join(dir, 'models', 'm.yml'),
        'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: a\n        tests:\n          - listed:\n              types: [date, "{{ my_type() }}"]\n              opts: {k: "{{ 1 + 1 }}"}\n',
      );
      const engine = await Engine.open({ projectDir: dir, cliVars: {} });
      const test = [...engine.project.tests.values()].find((t) => t.name.startsWith('listed_'))!;
      const sql = await engine.testSql(test, { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, resolve: async () => null });
      assert.match(sql, /select 'date\|timestamp_ntz' as t, '2' as k from/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
