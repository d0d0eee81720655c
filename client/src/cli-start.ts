// The `bronze` bin's entry (dist/start.js): runs the CLI bundle next to it (dist/cli.js) through V8's code cache,
// one cache per command (cli/code-cache.ts); plainly when there is no cache folder or this Node cannot.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_FLAGS } from './cli/args';
import { codeCacheDir, codeCacheSupported, runWithCodeCache } from './cli/code-cache';

const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.js');
const word = process.argv[2];
// A mistyped command gets no cache of its own (it only prints an error).
const command = word !== undefined && Object.hasOwn(COMMAND_FLAGS, word) ? word : 'help';
const dir = codeCacheSupported() ? codeCacheDir() : undefined;
// Without a bundle, require() says what is missing the way it always has.
if (dir !== undefined && existsSync(bundle)) runWithCodeCache(bundle, command, dir);
else createRequire(import.meta.url)(bundle);
