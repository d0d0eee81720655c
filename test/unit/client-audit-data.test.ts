import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPanelState, groupInvocations, invocationRows, modelHistory, nodeName, sparklinePoints } from '../../client/src/panel/audit-data';
import { parsePageMessage } from '../../client/src/panel/messages';
import type { AuditRecord, AuditStatus } from '../../client/src/run/audit';

function rec(inv: string, nodeId: string, status: AuditStatus, start: string, seconds: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  const startedAt = new Date(start);
  return {
    recordId: `${inv}-${nodeId}`,
    sourceTable: nodeId.split('.').pop() ?? nodeId,
    loadTimestamp: startedAt,
    processedBy: 'bronze',
    processingTime: seconds,
    status,
    invocationId: inv,
    nodeId,
    nodeType: nodeId.startsWith('test.') ? 'test' : 'model',
    targetName: 'local',
    rowsAffected: status === 'SUCCESS' ? 10 : null,
    startedAt,
    completedAt: new Date(startedAt.getTime() + seconds * 1000),
    errorMessage: status === 'FAILED' ? 'boom' : null,
    ...extra,
  };
}

const records: AuditRecord[] = [
  rec('inv-a', 'model.demo.bz_users', 'SUCCESS', '2024-01-01T10:00:00Z', 2),
  rec('inv-a', 'model.demo.bz_meetings', 'FAILED', '2024-01-01T10:00:01Z', 1),
  rec('inv-a', 'model.demo.bz_participants', 'SKIPPED', '2024-01-01T10:00:03Z', 0),
  rec('inv-b', 'model.demo.bz_users', 'SUCCESS', '2024-01-02T10:00:00Z', 4),
  rec('inv-b', 'test.demo.not_null_bz_users_email.abc123', 'WARNING', '2024-01-02T10:00:05Z', 0.5),
];

test('nodeName drops package and test hash', () => {
  assert.equal(nodeName('model.demo.bz_users', 'model'), 'bz_users');
  assert.equal(nodeName('test.demo.not_null_bz_users_email.abc123', 'test'), 'not_null_bz_users_email');
  assert.equal(nodeName('odd', 'model'), 'odd');
});

test('groupInvocations: newest first, counts per status, time span', () => {
  const inv = groupInvocations(records);
  assert.deepEqual(inv, [
    {
      invocationId: 'inv-b',
      targetName: 'local',
      startedAt: '2024-01-02T10:00:00.000Z',
      completedAt: '2024-01-02T10:00:05.500Z',
      counts: { SUCCESS: 1, FAILED: 0, WARNING: 1, SKIPPED: 0, INTERRUPTED: 0 },
      total: 2,
    },
    {
      invocationId: 'inv-a',
      targetName: 'local',
      startedAt: '2024-01-01T10:00:00.000Z',
      completedAt: '2024-01-01T10:00:03.000Z',
      counts: { SUCCESS: 1, FAILED: 1, WARNING: 0, SKIPPED: 1, INTERRUPTED: 0 },
      total: 3,
    },
  ]);
});

test('invocationRows: execution order, bars relative to the slowest node', () => {
  const rows = invocationRows(records, 'inv-a');
  assert.deepEqual(
    rows.map((r) => [r.name, r.status, r.barPercent, r.rowsAffected, r.errorMessage]),
    [
      ['bz_users', 'SUCCESS', 100, 10, null],
      ['bz_meetings', 'FAILED', 50, null, 'boom'],
      ['bz_participants', 'SKIPPED', 0, null, null],
    ],
  );
  assert.equal(rows[0].startedAt, '2024-01-01T10:00:00.000Z');
  assert.equal(rows[0].completedAt, '2024-01-01T10:00:02.000Z');
  assert.deepEqual(invocationRows(records, 'missing'), []);
});

test('sparklinePoints: scaled into the box, flat lines for one value or equal values', () => {
  assert.equal(sparklinePoints([]), '');
  assert.equal(sparklinePoints([3], 100, 20), '0,10 100,10');
  assert.equal(sparklinePoints([2, 2], 100, 20), '0,10 100,10');
  assert.equal(sparklinePoints([1, 3, 2], 100, 20), '0,19 50,1 100,10');
});

test('modelHistory: models only, skips excluded, oldest first, capped', () => {
  const h = modelHistory(records);
  assert.deepEqual(Object.keys(h), ['model.demo.bz_meetings', 'model.demo.bz_users']);
  assert.deepEqual(h['model.demo.bz_users'].seconds, [2, 4]);
  assert.equal(h['model.demo.bz_users'].points, '0,23 120,1');
  const many = Array.from({ length: 25 }, (_, i) =>
    rec(`i${i}`, 'model.demo.m', 'SUCCESS', new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(), i + 1),
  );
  assert.deepEqual(modelHistory(many, 20)['model.demo.m'].seconds, [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
});

test('buildPanelState: keeps a known selection, else the newest invocation', () => {
  const now = new Date('2024-02-01T00:00:00Z');
  const base = { records, target: 'local', auditTable: 'bz_data_audit', now };
  const first = buildPanelState({ ...base, selected: 'inv-a' });
  assert.equal(first.selected, 'inv-a');
  assert.equal(first.rows.length, 3);
  assert.equal(first.loadedAt, '2024-02-01T00:00:00.000Z');
  const fallback = buildPanelState({ ...base, selected: 'gone' });
  assert.equal(fallback.selected, 'inv-b');
  assert.deepEqual(fallback.rows.map((r) => r.name), ['bz_users', 'not_null_bz_users_email']);
  const empty = buildPanelState({ ...base, records: [] });
  assert.equal(empty.selected, null);
  assert.deepEqual(empty.rows, []);
});

test('parsePageMessage accepts only known shapes', () => {
  assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parsePageMessage({ type: 'openNode', nodeId: 'model.a.b', extra: 1 }), { type: 'openNode', nodeId: 'model.a.b' });
  assert.deepEqual(parsePageMessage({ type: 'selectInvocation', invocationId: 'x' }), { type: 'selectInvocation', invocationId: 'x' });
  assert.equal(parsePageMessage({ type: 'openNode', nodeId: 3 }), undefined);
  assert.equal(parsePageMessage({ type: 'eval' }), undefined);
  assert.equal(parsePageMessage('ready'), undefined);
  assert.equal(parsePageMessage(null), undefined);
});
