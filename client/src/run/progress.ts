// Progress lines for people: one line per finished node, then a summary. The CLI writes them to stderr; the
// extension writes the same lines to its "Bronze" output channel.
import type { NodeResult, RunSummary } from './results';

export interface RunListener {
  nodeStarted?(info: { uniqueId: string; name: string; index: number; total: number; description: string }): void;
  nodeFinished?(result: NodeResult, index: number, total: number): void;
  runFinished?(summary: RunSummary, elapsedSeconds: number): void;
  /** Free-form lines (hooks, warnings). */
  log?(line: string): void;
  /** The embedded database's file is locked by another process and the run waits for it (the line names the holder). */
  waiting?(line: string): void;
}

const WIDTH = 72;

function clock(d: Date): string {
  return d.toISOString().slice(11, 19);
}

function dots(left: string, right: string): string {
  const pad = Math.max(3, WIDTH - left.length);
  return `${left} ${'.'.repeat(pad)} ${right}`;
}

export function statusWord(r: NodeResult): string {
  switch (r.status) {
    case 'success':
      // A seed reports dbt's adapter code: `INSERT 3`, or `CREATE 3` on a full refresh.
      if (r.adapterCode) return `${r.adapterCode} ${r.rowsAffected ?? 0}`;
      return r.rowsAffected !== null ? `SUCCESS ${r.rowsAffected}` : 'SUCCESS';
    case 'pass':
      return 'PASS';
    case 'warn':
      return `WARN ${r.failures ?? ''}`.trim();
    case 'fail':
      return `FAIL ${r.failures ?? ''}`.trim();
    case 'error':
      return 'ERROR';
    case 'skipped':
      return 'SKIP';
    case 'partial success':
      // dbt's `PARTIAL SUCCESS (2/3)`: the message's first line.
      return r.message.split('\n')[0];
  }
}

function verb(r: NodeResult): string {
  if (r.status === 'skipped') return 'SKIP';
  if (r.resourceType === 'test' || r.resourceType === 'unit_test') return r.status === 'pass' ? 'PASS' : r.status === 'warn' ? 'WARN' : r.status === 'fail' ? 'FAIL' : 'ERROR';
  return r.status === 'success' ? 'OK' : r.status === 'partial success' ? 'PARTIAL SUCCESS' : 'ERROR';
}

export function formatNodeLine(r: NodeResult, index: number, total: number, description: string): string {
  const left = `${clock(r.completedAt)}  ${index} of ${total} ${verb(r)} ${description}`;
  return dots(left, `[${statusWord(r)} in ${r.executionTime.toFixed(2)}s]`);
}

export function formatSummary(s: RunSummary, elapsedSeconds: number): string {
  return (
    `Finished running ${s.total} node${s.total === 1 ? '' : 's'} in ${elapsedSeconds.toFixed(2)}s.\n` +
    `Done. PASS=${s.pass} WARN=${s.warn} ERROR=${s.error} SKIP=${s.skip} TOTAL=${s.total}`
  );
}

/** A listener that prints to a stream (stderr for the CLI). */
export function textProgress(write: (line: string) => void, describe: (uniqueId: string) => string): RunListener {
  return {
    nodeFinished(result, index, total) {
      write(formatNodeLine(result, index, total, describe(result.uniqueId)));
      if ((result.status === 'error' || result.status === 'fail') && result.message) {
        for (const line of result.message.split('\n')) write(`    ${line}`);
      } else if (result.status === 'partial success') {
        // The failed batches, after the count the status word shows.
        for (const line of result.message.split('\n').slice(1)) write(`    ${line}`);
      } else if (result.standIn?.role === 'read') {
        // Not a build from real upstream rows (stand-in-run.ts).
        write(`    ${result.standIn.note}`);
      } else if (result.standIn?.role === 'untested') {
        write(`    ${result.standIn.note}`);
      }
    },
    runFinished(summary, elapsed) {
      write('');
      write(formatSummary(summary, elapsed));
    },
    log(line) {
      write(line);
    },
  };
}
