// `npm run emulator -- --port 0 [--db FILE] [--users FILE]`: runs the Snowflake emulator until interrupted.
// The users file is JSON: {"users": {"name": "password"}, "publicKeys": {"name": "PEM"}, "oauthTokens": {"token": "name"}}
// or just {"name": "password"}.
import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatorOptions } from './server';
import { serveUntilSignal } from './serve';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: emulator [--port N] [--db FILE] [--users FILE]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): EmulatorOptions {
  const opts: EmulatorOptions = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be 0..65535`);
      opts.port = port;
    } else if (a === '--db') opts.dbFile = value();
    else if (a === '--users') {
      const file = value();
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      } catch (e) {
        usage(`cannot read users file ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (parsed.users || parsed.publicKeys || parsed.oauthTokens) {
        opts.users = (parsed.users ?? {}) as Record<string, string>;
        opts.publicKeys = (parsed.publicKeys ?? {}) as Record<string, string>;
        opts.oauthTokens = (parsed.oauthTokens ?? {}) as Record<string, string>;
      } else opts.users = parsed as Record<string, string>;
    } else if (a === '--help' || a === '-h') usage('Snowflake wire-protocol emulator on DuckDB');
    else usage(`unknown argument ${a}`);
  }
  return opts;
}

const emulator = await startEmulator(parseArgs(process.argv.slice(2)));
serveUntilSignal(emulator);
