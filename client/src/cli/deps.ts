// `bronze deps [--upgrade] [--lock] [--add-package NAME@VERSION [--source hub|git|local]]`: installs packages.yml
// (or dependencies.yml) entries and what they require into dbt_packages/ through package-lock.yml, as dbt 1.7+ does
// (the work is in ../deps/).
import path from 'node:path';
import { parseAddPackage } from '../deps/add';
import { installDeps } from '../deps/install';
import { projectDir as resolveProjectDir, type Io } from './context';
import { UsageError, type CommonArgs } from './args';

/** `bronze deps`: exit status 0 when every package installed (or, with --lock, the lock was written). */
export async function depsCommand(args: CommonArgs, io: Io): Promise<number> {
  const lockOnly = args.flags.get('--lock') === true;
  const source = args.flags.get('--source') ?? 'hub';
  if (source !== 'hub' && source !== 'git' && source !== 'local') throw new UsageError(`--source takes hub, git or local, got '${String(source)}'`);
  const addValue = args.flags.get('--add-package');
  if (args.flags.has('--source') && typeof addValue !== 'string') throw new UsageError('--source goes with --add-package NAME@VERSION');
  const add = typeof addValue === 'string' ? parseAddPackage(addValue, source) : undefined;
  if (add && !add.version && add.source !== 'local') {
    throw new UsageError(`Version is required in --add-package when a package when source is ${add.source}: write --add-package ${add.name}@VERSION`);
  }
  const report = await installDeps(resolveProjectDir(args), { upgrade: args.flags.get('--upgrade') === true, lockOnly, ...(add ? { add } : {}), log: (l) => io.err(l) });
  if (args.output === 'json') {
    io.out(JSON.stringify(report.installed.map((p) => ({ name: p.name, kind: p.kind, source: p.source, resolved: p.resolved ?? null, dir: p.dir }))));
  } else if (report.installed.length > 0) {
    const n = `${report.installed.length} package${report.installed.length === 1 ? '' : 's'}`;
    io.out(lockOnly ? `Resolved ${n} into package-lock.yml.` : `Installed ${n} into ${path.relative(process.cwd(), report.installDir) || report.installDir}.`);
  }
  return 0;
}
