// Runs that never finished. A run keeps a journal under target/run_in_progress/ (what it selected, which nodes
// started, each result as it finished), appended line by line so a kill at any moment leaves a readable record,
// and deleted when the run ends normally. The next command on the project finds a journal whose process is gone,
// writes the run's run_results.json with an INTERRUPTED result for every node that was running, and leaves the
// audit rows for those nodes to the next command that opens the warehouse (the run's audit session died with it).
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RelationName } from '../../../server/src/core/types';
import { writeRunResults, type NodeResult } from './results';

const JOURNALS = 'run_in_progress';
const PENDING_AUDIT = 'interrupted_audit';

export const INTERRUPTED_MESSAGE = 'INTERRUPTED: the run stopped while this node was running (the process was killed or crashed); what it wrote is unknown.';

interface StartLine {
  kind: 'start';
  invocationId: string;
  pid: number;
  startedAt: string;
  args: Record<string, unknown>;
  targetName: string;
  audit: RelationName | null;
  selected: { id: string; name: string; resourceType: NodeResult['resourceType'] }[];
}

type JournalLine = StartLine | { kind: 'started'; id: string; at: string; thread: string } | { kind: 'done'; result: StoredResult };

type StoredResult = Omit<NodeResult, 'startedAt' | 'completedAt' | 'compiledCode' | 'failingRows'> & { startedAt: string; completedAt: string };

/** What a reconciled run leaves for the audit trail: one record per interrupted node. */
export interface PendingAudit {
  invocationId: string;
  targetName: string;
  audit: RelationName;
  results: StoredResult[];
}

export interface InterruptedRun {
  invocationId: string;
  startedAt: Date;
  interrupted: NodeResult[];
  runResultsPath: string;
}

function revive(r: StoredResult): NodeResult {
  return { ...r, startedAt: new Date(r.startedAt), completedAt: new Date(r.completedAt) };
}

function store(r: NodeResult): StoredResult {
  const { compiledCode: _c, failingRows: _f, ...rest } = r;
  return { ...rest, startedAt: r.startedAt.toISOString(), completedAt: r.completedAt.toISOString() };
}

/** The journal of one run in progress. Writes are synchronous appends: each line is on disk before the node runs on. */
export class RunJournal {
  private constructor(private readonly file: string) {}

  static open(targetDir: string, start: Omit<StartLine, 'kind' | 'pid'>): RunJournal {
    const dir = join(targetDir, JOURNALS);
    mkdirSync(dir, { recursive: true });
    const journal = new RunJournal(join(dir, `${start.invocationId}.jsonl`));
    journal.write({ kind: 'start', pid: process.pid, ...start });
    return journal;
  }

  started(id: string, thread: string): void {
    this.write({ kind: 'started', id, at: new Date().toISOString(), thread });
  }

  done(result: NodeResult): void {
    this.write({ kind: 'done', result: store(result) });
  }

  /** The run ended and wrote its own run_results.json. */
  close(): void {
    rmSync(this.file, { force: true });
  }

  private write(line: JournalLine): void {
    appendFileSync(this.file, JSON.stringify(line) + '\n');
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJournal(file: string): JournalLine[] {
  const lines: JournalLine[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      lines.push(JSON.parse(text) as JournalLine);
    } catch {
      // The process died mid-line: everything before it stands.
    }
  }
  return lines;
}

/**
 * Finds runs whose process is gone without finishing, writes run_results.json for the latest of them (every
 * result it finished, INTERRUPTED for the nodes that were running, skipped for the ones not reached) and queues
 * their audit rows. Journals of runs still going (another process) are left alone.
 */
export function reconcileInterruptedRuns(targetDir: string): InterruptedRun[] {
  const dir = join(targetDir, JOURNALS);
  if (!existsSync(dir)) return [];
  const found: InterruptedRun[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  for (const name of files) {
    const file = join(dir, name);
    const lines = readJournal(file);
    const start = lines.find((l): l is StartLine => l.kind === 'start');
    if (!start) {
      rmSync(file, { force: true });
      continue;
    }
    if (processAlive(start.pid)) continue;
    const done = new Map<string, NodeResult>();
    const running = new Map<string, { at: Date; thread: string }>();
    for (const l of lines) {
      if (l.kind === 'started') running.set(l.id, { at: new Date(l.at), thread: l.thread });
      else if (l.kind === 'done') done.set(l.result.uniqueId, revive(l.result));
    }
    const stoppedAt = new Date();
    const interrupted: NodeResult[] = [];
    const results = start.selected.map((n): NodeResult => {
      const finished = done.get(n.id);
      if (finished) return finished;
      const run = running.get(n.id);
      const base = { uniqueId: n.id, name: n.name, resourceType: n.resourceType, rowsAffected: null, failures: null, status: 'skipped' as const };
      if (!run) return { ...base, executionTime: 0, startedAt: stoppedAt, completedAt: stoppedAt, threadId: 'main', message: 'Skipped: the run was interrupted before this node started.' };
      const r: NodeResult = { ...base, executionTime: 0, startedAt: run.at, completedAt: run.at, threadId: run.thread, message: INTERRUPTED_MESSAGE, interrupted: true };
      interrupted.push(r);
      return r;
    });
    const startedAt = new Date(start.startedAt);
    const runResultsPath = writeRunResults(targetDir, results, {
      invocationId: start.invocationId,
      generatedAt: stoppedAt,
      elapsedTime: 0,
      args: { ...start.args, interrupted: true },
    });
    if (start.audit && interrupted.length > 0) {
      const pending: PendingAudit = { invocationId: start.invocationId, targetName: start.targetName, audit: start.audit, results: interrupted.map(store) };
      const pendingDir = join(targetDir, PENDING_AUDIT);
      mkdirSync(pendingDir, { recursive: true });
      const tmp = join(pendingDir, `${start.invocationId}.json.tmp`);
      writeFileSync(tmp, JSON.stringify(pending));
      renameSync(tmp, join(pendingDir, `${start.invocationId}.json`));
    }
    rmSync(file, { force: true });
    found.push({ invocationId: start.invocationId, startedAt, interrupted, runResultsPath });
  }
  return found;
}

/** Audit records queued by reconcileInterruptedRuns, for the next command that has the warehouse open. */
export function pendingInterruptedAudits(targetDir: string): { pending: PendingAudit; done(): void }[] {
  const dir = join(targetDir, PENDING_AUDIT);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const file = join(dir, f);
      return { pending: JSON.parse(readFileSync(file, 'utf8')) as PendingAudit, done: () => rmSync(file, { force: true }) };
    });
}

export function revivePending(p: PendingAudit): NodeResult[] {
  return p.results.map(revive);
}

/** The line the CLI prints when it finds an interrupted run. */
export function describeInterrupted(run: InterruptedRun): string {
  const names = run.interrupted.map((r) => r.name);
  const running = names.length === 0 ? 'no node was running' : `${names.length} node${names.length === 1 ? ' was' : 's were'} running (${names.join(', ')})`;
  return `bronze: the run ${run.invocationId} started at ${run.startedAt.toISOString()} was interrupted; ${running}. ${run.runResultsPath} records ${names.length === 0 ? 'it' : 'them as INTERRUPTED'}${names.length > 0 ? ', and so will the audit trail' : ''}.`;
}
