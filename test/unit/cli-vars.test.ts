// `--vars` is read as dbt-core reads it (core/dbt/config/utils.py parse_cli_yaml_string: dbt-common's
// load_yaml_text, PyYAML's safe_load): int keys stay ints, dates are dates, `yes` is True, `1.0` a float.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVars } from '../../client/src/cli/vars';
import { UsageError } from '../../client/src/cli/args';
import { fromJs, pyRepr } from '../../server/src/template/values';

test('--vars keeps the values PyYAML gives: an int key, a date, yes, a whole float', () => {
  const vars = parseVars('{thresholds: {1: low, 2: high}, since: 2024-01-31, flag: yes, pct: 1.0}');
  // Python: {'thresholds': {1: 'low', 2: 'high'}, 'since': datetime.date(2024, 1, 31), 'flag': True, 'pct': 1.0}
  assert.equal(pyRepr(fromJs(vars.thresholds)), "{1: 'low', 2: 'high'}");
  assert.equal(pyRepr(fromJs(vars.flag)), 'True');
  assert.equal(pyRepr(fromJs(vars.pct)), '1.0');
  assert.equal(String(vars.since), '2024-01-31');
});

test('--vars that is not a mapping, or not YAML, is a usage error', () => {
  assert.throws(() => parseVars('[1, 2]'), UsageError);
  assert.throws(() => parseVars('{a: [1'), UsageError);
});
