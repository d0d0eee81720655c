// `bronze run-operation MACRO [--args YAML]`: dbt's command. Calls a project's or package's macro once on the target
// with the given keyword arguments; the statements it runs (run_query, statement blocks) execute there, and what
// it logs with log(..., info=True) or print() is shown (codegen's generate_source and friends print their YAML so).
// The macro's rendered text and return value are discarded, as in dbt.
import { randomUUID } from 'node:crypto';
import { jinjaLiteral } from '../../../server/src/engine/engine';
import { openWarehouse } from '../warehouse/connect';
import { openEngine } from '../run/runner';
import { sessionResolver } from '../run/node-runners';
import { UsageError, cliInvocationFlags, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';
import { cliYamlMapping } from './vars';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `--args` as dbt reads it: a YAML (or JSON) mapping of keyword arguments, read as `--vars` is (PyYAML: `yes` and
 * `on` are True, `2024-01-01` a date); none when absent.
 */
export function operationArgs(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const value = cliYamlMapping(text, `--args must be a YAML or JSON mapping, e.g. --args '{schema_name: raw}'`);
  for (const key of Object.keys(value)) if (!IDENT.test(key)) throw new UsageError(`--args key '${key}' is not an argument name`);
  return value as Record<string, unknown>;
}

/** The one-line template that calls the macro (`package.macro` or `macro`) with the arguments. */
export function operationCall(macro: string, kwargs: Record<string, unknown>): string {
  return `{{ ${macro}(${Object.entries(kwargs).map(([k, v]) => `${k}=${jinjaLiteral(v)}`).join(', ')}) }}`;
}

export async function runOperationCommand(args: CommonArgs, io: Io, signal: AbortSignal): Promise<number> {
  const macro = args.positionals[0];
  if (!macro || args.positionals.length > 1) throw new UsageError('run-operation takes one macro name: bronze run-operation MACRO [--args YAML]');
  const parts = macro.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) throw new UsageError(`'${macro}' is not a macro name (use name or package.name)`);
  const argsFlag = args.flags.get('--args');
  const kwargs = operationArgs(typeof argsFlag === 'string' ? argsFlag : undefined);
  const engine = await openEngine(projectRequest(args));
  const name = parts[parts.length - 1];
  const pkg = parts.length === 2 ? parts[0] : undefined;
  // As dbt finds the macro: the root project's, then dbt's own, then an installed package's (codegen's
  // `run-operation generate_source` needs no package prefix); the call names that package.
  const candidates = [...engine.project.macros.values()].filter((m) => m.name === name && (pkg === undefined || m.packageName === pkg));
  const found = candidates.find((m) => m.packageName === engine.project.name) ?? candidates.find((m) => m.packageName === 'dbt') ?? candidates[0];
  if (!found) {
    io.err(`bronze: no macro named '${macro}' in the project or its installed packages. Run 'bronze ls --resource-type macro' to list them.`);
    return 1;
  }
  const callee = found.packageName === engine.project.name || found.packageName === 'dbt' ? name : `${found.packageName}.${name}`;
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      await engine.renderText(operationCall(callee, kwargs), `${engine.project.root}/<run-operation ${macro}>`, {
        invocationId: randomUUID(),
        runStartedAt: new Date(),
        fullRefresh: args.fullRefresh === true,
        which: 'run-operation',
        flags: cliInvocationFlags(args, argsFlag === undefined ? {} : { args: kwargs }),
        resolve: sessionResolver(session, signal),
        log: (message, info) => {
          if (info) io.out(message);
        },
      });
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  return 0;
}
