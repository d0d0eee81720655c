// test/fixtures/python-model on DuckDB: a dbt Python model (refs a SQL model and a source; a SQL model refs it)
// compiles to dbt's code with the target's relations; build fails it by name and skips what depends on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/python-model');
const NOT_RUN = "Python model 'customers_enriched': Python models are not supported by Bronze's runner on the DuckDB target.";

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-python-model-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

test('compile writes the Python model with dbt\'s ref/source/config/this section resolved for the target', async () => {
  const dir = copy();
  try {
    const out = await cli(['compile', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const code = readFileSync(join(dir, 'target/compiled/python_model/models/customers_enriched.py'), 'utf8');
    const source = readFileSync(join(FIXTURE, 'models/customers_enriched.py'), 'utf8').trim();
    assert.ok(code.startsWith(`${source}\n\n\n# This part is user provided model code\n`), code);
    assert.match(code, /\n {4}refs = \{"customers": "local\.analytics\.customers"\}\n/);
    assert.match(code, /\n {4}sources = \{"raw\.raw_orders": "local\.analytics\.raw_orders"\}\n/);
    assert.match(code, /\nconfig_dict = \{'min_orders': 2\}\n/);
    assert.match(code, /\n {4}identifier = "customers_enriched"\n[\s\S]*return 'local\.analytics\.customers_enriched'\n/);
    assert.match(code, /self\.is_incremental = False\n\n# COMMAND ----------\n\n\n$/);
    // No run statements exist for it; its SQL child compiles against its relation.
    assert.equal(existsSync(join(dir, 'target/run/python_model/models/customers_enriched.py')), false);
    assert.match(readFileSync(join(dir, 'target/compiled/python_model/models/customer_totals.sql'), 'utf8'), /from local\.analytics\.customers_enriched\b/);
    const manifest = JSON.parse(readFileSync(join(dir, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, { language: string; compiled_code: string; depends_on: { nodes: string[] } }> };
    const node = manifest.nodes['model.python_model.customers_enriched'];
    assert.equal(node.language, 'python');
    assert.equal(node.compiled_code, code);
    assert.deepEqual(node.depends_on.nodes, ['model.python_model.customers', 'source.python_model.raw.raw_orders']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compile: the Python model\'s refs and `this` follow dbt_project.yml quoting:, its sources their own quoting:', async () => {
  const dir = copy();
  try {
    const project = join(dir, 'dbt_project.yml');
    writeFileSync(project, `${readFileSync(project, 'utf8')}\nquoting:\n  identifier: true\n`);
    const schema = join(dir, 'models/schema.yml');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace(/(\n {2}- name: raw\n)/, '$1    quoting:\n      schema: true\n'));
    const out = await cli(['compile', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const code = readFileSync(join(dir, 'target/compiled/python_model/models/customers_enriched.py'), 'utf8');
    assert.match(code, /\n {4}refs = \{"customers": "local\.analytics\.\\"customers\\""\}\n/);
    assert.match(code, /\n {4}sources = \{"raw\.raw_orders": "local\.\\"analytics\\"\.raw_orders"\}\n/);
    assert.match(code, /return 'local\.analytics\."customers_enriched"'\n/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('build: the SQL parent passes, the Python model fails with a located error naming it, its children are skipped', async () => {
  const dir = copy();
  try {
    const out = await cli(['build', '--project-dir', dir]);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const text = out.stdout + out.stderr;
    assert.ok(text.includes(`models/customers_enriched.py:1:1: error customers_enriched: ${NOT_RUN}`), text);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    const status = Object.fromEntries(results.results.map((r) => [r.unique_id.split('.').slice(2).join('.'), r.status]));
    assert.deepEqual(status, {
      customers: 'success',
      raw_orders: 'success',
      customers_enriched: 'error',
      'not_null_customers_enriched_customer_id.9e4d68936c': 'skipped',
      customer_totals: 'skipped',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check warns on the Python model file with the same words', async () => {
  const dir = copy();
  try {
    const out = await cli(['check', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.ok((out.stdout + out.stderr).includes(`models/customers_enriched.py:1:1: warning bronze/python-model-not-run: ${NOT_RUN}`), out.stdout + out.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a unit test on the Python model fails by name instead of rendering Python as SQL', async () => {
  const dir = copy();
  try {
    writeFileSync(
      join(dir, 'models/unit.yml'),
      'unit_tests:\n  - name: ut_enriched\n    model: customers_enriched\n    given:\n      - input: ref("customers")\n        rows: [{customer_id: 1}]\n    expect:\n      rows: [{customer_id: 1}]\n',
    );
    const out = await cli(['compile', '--project-dir', dir, '--select', 'customers_enriched']);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.ok((out.stdout + out.stderr).includes(`error compiling ut_enriched: ${NOT_RUN}`), out.stdout + out.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
