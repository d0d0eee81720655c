import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planClean } from '../../client/src/cli/clean';
import { listLine, resourceTypes } from '../../client/src/cli/ls';
import { planRetry } from '../../client/src/cli/retry';
import { parseArgs, UsageError } from '../../client/src/cli/args';
import type { NodeBase } from '../../server/src/core/types';

const node = (over: Partial<NodeBase> & { sourceName?: string }): NodeBase & { sourceName?: string } =>
  ({ uniqueId: 'model.p.m', name: 'm', resourceType: 'model', packageName: 'p', originalFilePath: 'models/a/m.sql', fqn: ['p', 'a', 'm'], description: '', tags: [], meta: {}, ...over }) as NodeBase & { sourceName?: string };

describe('bronze ls lines', () => {
  it('prints selectors, names and paths as dbt does', () => {
    const model = node({});
    assert.equal(listLine(model, 'selector'), 'p.a.m');
    assert.equal(listLine(model, 'name'), 'm');
    assert.equal(listLine(model, 'path'), 'models/a/m.sql');
    const source = node({ resourceType: 'source', name: 'users', sourceName: 'raw', fqn: ['p', 'staging', 'raw', 'users'], originalFilePath: 'models/staging/src.yml' });
    // dbt's generate_selectors: package.source_name.table, not the fqn (which holds the YAML's folders).
    assert.equal(listLine(source, 'selector'), 'source:p.raw.users');
    assert.equal(listLine(source, 'name'), 'raw.users');
  });

  it('checks --resource-type and --output', () => {
    assert.deepEqual(resourceTypes([]), ['model', 'test', 'unit_test', 'source', 'seed', 'snapshot', 'analysis']);
    assert.deepEqual(resourceTypes(['model', 'source']), ['model', 'source']);
    assert.throws(() => resourceTypes(['modle']), UsageError);
    const parsed = parseArgs(['ls', '--resource-type', 'model', '--resource-type', 'source', '-o', 'name'], () => ({}));
    assert.equal(parsed.flags.get('--resource-type'), 'model,source');
    assert.equal(parsed.output, 'name');
    assert.throws(() => parseArgs(['run', '--output', 'name'], () => ({})), /--output for 'bronze run' takes 'text', 'json'/);
  });
});

describe('bronze clean plan', () => {
  it('removes clean-targets inside the project and refuses source folders and outside paths', () => {
    const plan = planClean('/p', ['target', 'dbt_packages', 'models', '../elsewhere', '.', 'models/..'], ['models', 'tests']);
    assert.deepEqual(plan.remove, ['/p/target', '/p/dbt_packages']);
    assert.equal(plan.refused.length, 4);
    assert.match(plan.refused[0], /^models: .*source folders/);
    assert.match(plan.refused[1], /^\.\.\/elsewhere: outside the project/);
  });

  it('refuses a folder that holds a source folder', () => {
    const plan = planClean('/p', ['src'], ['src/models']);
    assert.deepEqual(plan.remove, []);
    assert.match(plan.refused[0], /holds\) one of the project's source folders/);
  });
});

describe('bronze retry plan', () => {
  const results = (which: string, statuses: Array<[string, string]>, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ args: { which, full_refresh: false, target: 'dev', ...extra }, results: statuses.map(([unique_id, status]) => ({ unique_id, status })) });

  it('re-runs what errored, failed or was skipped, with the same command and target', () => {
    const plan = planRetry(results('build', [['model.p.a', 'success'], ['model.p.b', 'error'], ['test.p.t', 'fail'], ['model.p.c', 'skipped'], ['test.p.w', 'warn']]), 'rr.json');
    assert.deepEqual(plan, { command: 'build', nodeIds: ['model.p.b', 'test.p.t', 'model.p.c'], fullRefresh: false, target: 'dev', warnError: false, empty: false, state: undefined, deferState: undefined, defer: false, favorState: false });
  });

  it("a microbatch model's partial success is retried with only its failed batches (dbt's previous_batch_results)", () => {
    const day = (d: number): [string, string] => [`2024-09-0${d}T00:00:00+00:00`, `2024-09-0${d + 1}T00:00:00+00:00`];
    const text = JSON.stringify({
      args: { which: 'run', full_refresh: false, target: 'dev', event_time_start: '2024-09-01T00:00:00.000Z', event_time_end: '2024-09-04T00:00:00.000Z' },
      results: [
        { unique_id: 'model.p.daily', status: 'partial success', batch_results: { successful: [day(1), day(3)], failed: [day(2)] } },
        // No batch done: planned afresh (dbt passes no batch info then).
        { unique_id: 'model.p.none_done', status: 'error', batch_results: { successful: [], failed: [day(1)] } },
      ],
    });
    const plan = planRetry(text, 'rr.json');
    assert.deepEqual(plan.nodeIds, ['model.p.daily', 'model.p.none_done']);
    assert.deepEqual([...(plan.batches ?? new Map()).keys()], ['model.p.daily']);
    const daily = plan.batches?.get('model.p.daily');
    assert.deepEqual(daily?.failed.map((b) => [b.start.toISOString(), b.end.toISOString()]), [['2024-09-02T00:00:00.000Z', '2024-09-03T00:00:00.000Z']]);
    assert.deepEqual(daily?.successful, [day(1), day(3)]);
    assert.equal(plan.eventTimeStart, '2024-09-01T00:00:00.000Z');
  });

  it('keeps the earlier run\'s --state, --defer and --favor-state, so a deferred run is retried deferred', () => {
    const plan = planRetry(results('run', [['model.p.child', 'error']], { state: '/ci/prod', defer: true, favor_state: true }), 'rr.json');
    assert.deepEqual([plan.state, plan.deferState, plan.defer, plan.favorState], ['/ci/prod', undefined, true, true]);
  });

  it('retries a seed invocation, and keeps --empty', () => {
    const plan = planRetry(results('seed', [['seed.p.s', 'error']], { empty: true }), 'rr.json');
    assert.deepEqual([plan.command, plan.nodeIds, plan.empty], ['seed', ['seed.p.s'], true]);
  });

  it('counts warnings when the earlier run treated them as errors', () => {
    const plan = planRetry(results('test', [['test.p.w', 'warn']], { warn_error: true }), 'rr.json');
    assert.deepEqual(plan.nodeIds, ['test.p.w']);
  });

  it('explains what it cannot retry', () => {
    assert.throws(() => planRetry('{', 'target/run_results.json'), /target\/run_results.json is not valid JSON/);
    assert.throws(() => planRetry(results('compile', []), 'rr.json'), /records a 'compile' invocation/);
  });
});
