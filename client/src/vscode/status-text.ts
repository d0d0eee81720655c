// What the status bar says: the target, then the last run's outcome (codicons in $(name) form).

export interface LastRun {
  command: string;
  ok: boolean;
  pass: number;
  warn: number;
  error: number;
  skip: number;
  elapsedSeconds: number;
  cancelled?: boolean;
}

/** The status bar text for a target and the last run (pure, so it is unit-tested). */
export function statusText(target: string, last: LastRun | undefined, running: boolean): string {
  const head = `$(database) ${target}`;
  if (running) return `${head} $(sync~spin)`;
  if (!last) return head;
  if (last.cancelled) return `${head} $(circle-slash) cancelled`;
  if (last.ok) return `${head} $(check) ${last.pass}${last.warn ? ` $(warning) ${last.warn}` : ''}`;
  return `${head} $(error) ${last.error}${last.skip ? ` $(debug-step-over) ${last.skip}` : ''}`;
}
