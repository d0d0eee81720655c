// `bronze run-operation` on test/fixtures/packages/run-operation: a package macro (codegen-style) asks the target
// about built relations and prints its YAML through log(..., info=True); a macro's statements run on the target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, query } from './helpers';
import { operationArgs, operationCall } from '../../client/src/cli/run-operation';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/packages/run-operation');

test('--args is a YAML mapping passed as keyword arguments', () => {
  assert.deepEqual(operationArgs(undefined), {});
  assert.deepEqual(operationArgs('{model_names: [customers], upstream_descriptions: true}'), { model_names: ['customers'], upstream_descriptions: true });
  assert.equal(operationCall('gen_helpers.generate_model_yaml', { model_names: ['customers'] }), '{{ gen_helpers.generate_model_yaml(model_names=["customers"]) }}');
  assert.throws(() => operationArgs('[1, 2]'), /--args must be a YAML or JSON mapping/);
  // dbt reads --args with PyYAML (YAML 1.1), as --vars: `yes`/`on`/`off` are booleans, a bare date a date.
  const typed = operationArgs('{a: yes, b: on, c: off, d: 2024-01-02, e: 1.0, f: 0o7}');
  assert.deepEqual([typed.a, typed.b, typed.c, typed.f], [true, true, false, '0o7']);
  assert.equal(operationCall('m', { d: typed.d }), '{{ m(d=modules.datetime.date(2024, 1, 2)) }}');
  // parse_cli_yaml_string: anything but a dict is refused, None (the empty text, `null`) too.
  assert.throws(() => operationArgs(''), /--args must be a YAML or JSON mapping/);
  assert.throws(() => operationArgs('null'), /--args must be a YAML or JSON mapping/);
});

test('run-operation: package macros print what they log with info=True, and run their statements', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-run-op-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    assert.equal((await cli(['run', '--project-dir', dir])).code, 0);

    const yaml = await cli(['run-operation', 'gen_helpers.generate_model_yaml', '--args', '{model_names: [customers]}', '--project-dir', dir]);
    assert.equal(yaml.code, 0, yaml.stdout + yaml.stderr);
    assert.equal(yaml.stdout.trim(), 'version: 2\n\nmodels:\n  - name: customers\n    columns:\n      - name: customer_id\n      - name: first_name');

    const count = await cli(['run-operation', 'count_tables', '--args', 'schema_name: main', '--project-dir', dir]);
    assert.equal(count.code, 0, count.stdout + count.stderr);
    const [{ n }] = await query(dir, "select count(*)::int as n from information_schema.tables where table_schema = 'main'");
    assert.equal(count.stdout.trim(), `tables in main: ${n}`);

    const audit = await cli(['run-operation', 'create_audit_table', '--project-dir', dir]);
    assert.equal(audit.code, 0, audit.stdout + audit.stderr);
    assert.equal(audit.stdout.trim(), 'created op_audit');
    assert.deepEqual(await query(dir, 'select answer from main.op_audit'), [{ ANSWER: 42 }]);

    const typed = await cli(['run-operation', 'typed_args', '--args', '{flag: yes, switch: off, day: 2024-01-02, ratio: 1.0}', '--project-dir', dir]);
    assert.equal(typed.code, 0, typed.stdout + typed.stderr);
    assert.equal(typed.stdout.trim(), 'True False 2024 True');

    // invocation_args_dict as dbt builds it for run-operation: its --args as read, the command line's vars.
    const invocation = await cli(['run-operation', 'show_invocation', '--args', '{n: 1}', '--vars', '{v: yes}', '--project-dir', dir]);
    assert.equal(invocation.code, 0, invocation.stdout + invocation.stderr);
    assert.equal(invocation.stdout.trim(), "run-operation {'n': 1} {'v': True} False 80");

    const unknown = await cli(['run-operation', 'generate_modle_yaml', '--project-dir', dir]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no macro named 'generate_modle_yaml'/);
    assert.equal((await cli(['run-operation', '--project-dir', dir])).code, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
