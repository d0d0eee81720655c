// What the differential against Python cannot record: the clock and the machine's zone. Python's naive now(),
// today() and timestamp() read local time; aware now(tz) is that zone's wall time at the instant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment } from '../../server/src/template/index';
import { datetimeModule, pytzModule } from '../../server/src/template/pydatetime';
import { JinjaObject } from '../../server/src/template/values';

// 2024-07-01 02:30:00.250 UTC: still 30 June in New York (UTC-4 in July).
const INSTANT = new Date(Date.UTC(2024, 6, 1, 2, 30, 0, 250));

function render(template: string): string {
  const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
  const modules = new JinjaObject({ datetime: datetimeModule(() => INSTANT), pytz: pytzModule() });
  return env.render(template, 'clock.sql', { modules }).output;
}

function inZone<T>(zone: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

test('naive now() and today() are the machine’s local wall time, utcnow() is UTC', () => {
  inZone('America/New_York', () => {
    assert.equal(render('{{ modules.datetime.datetime.now() }}'), '2024-06-30 22:30:00.250000');
    assert.equal(render('{{ modules.datetime.date.today() }}'), '2024-06-30');
    assert.equal(render('{{ modules.datetime.datetime.today().day }}'), '30');
    assert.equal(render('{{ modules.datetime.datetime.utcnow() }}'), '2024-07-01 02:30:00.250000');
  });
  inZone('UTC', () => assert.equal(render('{{ modules.datetime.date.today() }}'), '2024-07-01'));
});

test('now(tz) is the zone’s wall time with its offset; a naive timestamp() reads local time', () => {
  inZone('America/New_York', () => {
    assert.equal(render("{{ modules.datetime.datetime.now(modules.pytz.timezone('Asia/Tokyo')) }}"), '2024-07-01 11:30:00.250000+09:00');
    assert.equal(render('{{ modules.datetime.datetime.now(tz=modules.pytz.utc).isoformat() }}'), '2024-07-01T02:30:00.250000+00:00');
    // 2024-01-01 00:00 in New York is 05:00 UTC.
    assert.equal(render('{{ modules.datetime.datetime(2024, 1, 1).timestamp() }}'), '1704085200.0');
    assert.equal(render('{{ modules.datetime.datetime(2024, 1, 1).astimezone(modules.pytz.utc) }}'), '2024-01-01 05:00:00+00:00');
  });
});
