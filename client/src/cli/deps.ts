// `bronze deps [--upgrade] [--lock]`: installs packages.yml (or dependencies.yml) entries and what they
// require into dbt_packages/ through package-lock.yml, as dbt 1.7+ does (the work is in ../deps/).
import path from 'node:path';
import { installDeps } from '../deps/install';
import { projectDir as resolveProjectDir, type Io } from './context';
import type { CommonArgs } from './args';

/** `bronze deps`: exit status 0 when every package installed (or, with --lock, the lock was written). */
export async function depsCommand(args: CommonArgs, io: Io): Promise<number> {
  const lockOnly = args.flags.get('--lock') === true;
  const report = await installDeps(resolveProjectDir(args), { upgrade: args.flags.get('--upgrade') === true, lockOnly, log: (l) => io.err(l) });
  if (args.output === 'json') {
    io.out(JSON.stringify(report.installed.map((p) => ({ name: p.name, kind: p.kind, source: p.source, resolved: p.resolved ?? null, dir: p.dir }))));
  } else if (report.installed.length > 0) {
    const n = `${report.installed.length} package${report.installed.length === 1 ? '' : 's'}`;
    io.out(lockOnly ? `Resolved ${n} into package-lock.yml.` : `Installed ${n} into ${path.relative(process.cwd(), report.installDir) || report.installDir}.`);
  }
  return 0;
}
