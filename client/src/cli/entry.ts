// Whether this process is the `bronze` CLI itself (bin/bronze, or client/src/cli.ts under tsx) rather than a program
// that calls main() (the tests, the benches). Only the CLI may start a check daemon: the daemon is started as
// `<node> <node flags> <entry> daemon serve …`, which means nothing when the entry is a test runner's file.
// No imports: cli.ts loads this with every command.
let entry: string | undefined;

/** Called once by cli.ts when it runs as the process's entry, with the script node ran (process.argv[1]). */
export function markCliEntry(script: string): void {
  entry = script;
}

/** The CLI's script when this process is the CLI; undefined when main() was called from another program. */
export function cliEntry(): string | undefined {
  return entry;
}
