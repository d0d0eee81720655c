// Wires `bronze check` to the headless diagnostics in ./check.
import type { CommonArgs } from './args';
import { profilesDirOf, type Io } from './context';
import { formatCheck, runCheck } from './check';

export async function checkCommand(args: CommonArgs, io: Io): Promise<number> {
  const result = args.flags.get('--daemon')
    ? await (await import('./daemon-command')).checkViaDaemon(args)
    : await runCheck({ projectDir: args.projectDir, profilesDir: profilesDirOf(args), target: args.target, vars: args.vars });
  if (result.error) io.err(`bronze: ${result.error}`);
  const text = formatCheck(result, args.output === 'json' ? 'json' : 'text');
  if (args.output === 'json') io.out(text);
  else io.out(text.trimEnd());
  return result.exitCode;
}
