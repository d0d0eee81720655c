// `--vars` (and run-operation's `--args`) as dbt reads it: dbt-core's parse_cli_yaml_string reads the text with
// PyYAML's safe_load, as the project's YAML is read (loadDbtYaml): `1:` an int key, `2024-01-01` a date, `yes` True,
// `1.0` a float.
import { loadDbtYaml } from '../../../server/src/project/yaml-dbt';
import { UsageError } from './args';

export function parseVars(text: string): Record<string, unknown> {
  return cliYamlMapping(text, `--vars must be a YAML or JSON mapping, e.g. --vars '{lookback_days: 3}'`);
}

/**
 * A command-line option dbt reads as a YAML dictionary (dbt-core's parse_cli_yaml_string: `--vars`, `--args`):
 * PyYAML's safe_load, and anything but a mapping (null and the empty text too) refused with `message`.
 */
export function cliYamlMapping(text: string, message: string): Record<string, unknown> {
  const read = loadDbtYaml(text, false);
  const problem = read.problems.find((p) => p.severity === 'error');
  if (problem) throw new UsageError(`${message}: ${problem.message}`);
  const value = read.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(message);
  return value as Record<string, unknown>;
}
