// The `bronze` CLI entry: parse, dispatch, map errors to exit statuses (2 usage/configuration, 1 failure).
import { BronzeError } from '../../server/src/core/types';
import { parseArgs, UsageError, USAGE, type CommonArgs } from './cli/args';
import { parseVars } from './cli/vars';
import { applyFlagEnv } from './cli/flag-env';
import { processIo, type Io } from './cli/context';
import { markCliEntry } from './cli/entry';
import { ConfigError } from './run/config-error';
import { reportInterruptedRuns } from './cli/interrupted-runs';

type Handler = (args: CommonArgs, io: Io, signal: AbortSignal) => Promise<number>;

type Command = 'compile' | 'run' | 'show' | 'debug' | 'audit' | 'demo' | 'source' | 'check' | 'daemon' | 'docs' | 'deps' | 'ls' | 'clean' | 'retry' | 'sample' | 'run-operation' | 'generate';

/**
 * Each face lives in its own module, loaded when its command runs: the entry loads no command's code up front, so
 * `bronze check` (or `ls`, `compile`…) never evaluates the runner or loads DuckDB's native library, which only
 * the commands that open a warehouse need.
 */
async function loadCommand(command: Command): Promise<Handler> {
  switch (command) {
    case 'compile':
      return (await import('./cli/compile')).compileCommand;
    case 'run':
      return (await import('./cli/run')).runCommand;
    case 'show':
      return (await import('./cli/show')).showCommand;
    case 'debug':
      return (await import('./cli/debug')).debugCommand;
    case 'audit':
      return (await import('./cli/audit')).auditCommand;
    case 'demo':
      return (await import('./cli/demo')).demoCommand;
    case 'source':
      return (await import('./cli/freshness')).freshnessCommand;
    case 'check':
      return (await import('./cli/check-command')).checkCommand;
    case 'daemon':
      return (await import('./cli/daemon-command')).daemonCommand;
    case 'docs':
      return (await import('./cli/docs')).docsCommand;
    case 'deps':
      return (await import('./cli/deps')).depsCommand;
    case 'ls':
      return (await import('./cli/ls')).lsCommand;
    case 'clean':
      return (await import('./cli/clean')).cleanCommand;
    case 'retry':
      return (await import('./cli/retry')).retryCommand;
    case 'sample':
      return (await import('./cli/sample')).sampleCommand;
    case 'run-operation':
      return (await import('./cli/run-operation')).runOperationCommand;
    case 'generate':
      return (await import('./cli/generate')).generateCommand;
  }
}

export async function main(argv: string[], io: Io = processIo, signal: AbortSignal = new AbortController().signal): Promise<number> {
  let args: CommonArgs;
  try {
    args = parseArgs(argv, parseVars);
    applyFlagEnv(args, process.env);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`bronze: ${e.message}`);
      return 2;
    }
    throw e;
  }
  try {
    if (args.command !== 'help' && args.command !== 'demo') reportInterruptedRuns(args, io);
    switch (args.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'compile':
      case 'show':
      case 'debug':
      case 'audit':
      case 'demo':
      case 'source':
      case 'check':
      case 'daemon':
      case 'docs':
      case 'deps':
      case 'ls':
      case 'clean':
      case 'retry':
      case 'sample':
      case 'run-operation':
      case 'generate':
        return await (await loadCommand(args.command))(args, io, signal);
      case 'run':
      case 'test':
      case 'build':
      case 'seed':
      case 'snapshot':
        return await (await loadCommand('run'))(args, io, signal);
      case 'list':
        return await (await loadCommand('ls'))(args, io, signal);
      default:
        io.err(`bronze: unknown command '${args.command}'`);
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.err(`bronze: ${e.message}`);
      return 2;
    }
    if (e instanceof BronzeError) {
      const loc = e.location;
      io.err(`bronze: ${loc ? `${loc.file}:${loc.range.start.line + 1}:${loc.range.start.character + 1}: ` : ''}${e.message}`);
      return /selector|invalid|config|profile|target/i.test(e.code) ? 2 : 1;
    }
    io.err(`bronze: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

// Run only when this bundle is the process entry (bin/bronze), not when tests import main().
const isEntry = typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module;
const viaBin = process.argv[1] !== undefined && (/[\\/]bin[\\/]bronze$/.test(process.argv[1]) || /client[\\/]src[\\/]cli\.ts$/.test(process.argv[1]));
if (isEntry || viaBin) {
  markCliEntry(process.argv[1]);
  const controller = new AbortController();
  let interrupted = 0;
  process.on('SIGINT', () => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    process.stderr.write('\nbronze: cancelling running statements (Ctrl-C again to quit at once)…\n');
    controller.abort();
  });
  // A reader that stops early (`bronze ls | head`) closes the pipe: the command winds down quietly, as Unix tools do,
  // instead of dying on an unhandled EPIPE; running statements are cancelled as on Ctrl-C.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    controller.abort();
  });
  main(process.argv.slice(2), processIo, controller.signal).then(
    (code) => {
      process.exitCode = interrupted ? 130 : code;
    },
    (err: unknown) => {
      process.stderr.write(`bronze: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
