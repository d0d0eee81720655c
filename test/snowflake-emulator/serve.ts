// How a process that hosts the emulator announces it and shuts it down: the parent reads the `listening on` line
// for the URL, and SIGINT/SIGTERM close the server before the process exits.
import type { startEmulator } from './server';

export function serveUntilSignal(emulator: Awaited<ReturnType<typeof startEmulator>>): void {
  process.stdout.write(`listening on ${emulator.url}\n`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
