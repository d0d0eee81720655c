// `bronze debug`: the resolved target with secrets masked, then a connection test.
import { maskSecrets } from '../../../server/src/project';
import { openEngine, testConnection } from '../run/runner';
import type { CommonArgs } from './args';
import { projectRequest, type Io } from './context';

export async function debugCommand(args: CommonArgs, io: Io): Promise<number> {
  const request = projectRequest(args);
  const engine = await openEngine(request);
  const shown = maskSecrets(engine.target);
  const lines = [
    `project:   ${engine.project.name} (${engine.project.root})`,
    `profiles:  ${engine.project.profilesPath ?? '(none: the embedded DuckDB default)'}`,
    `target:    ${shown.name} (profile ${shown.profileName})`,
    ...Object.entries(shown)
      .filter(([k]) => k !== 'name' && k !== 'profileName')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`),
  ];
  const check = await testConnection(request);
  if (args.output === 'json') {
    io.out(JSON.stringify({ project: engine.project.name, target: shown, connection: check }, null, 2));
  } else {
    io.out(lines.join('\n'));
    io.out(`connection: ${check.ok ? 'OK' : 'FAILED'} — ${check.message}`);
  }
  return check.ok ? 0 : 1;
}
