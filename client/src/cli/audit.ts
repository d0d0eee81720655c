// `bronze audit`: the latest audit rows of the target, newest first.
import { readAudit } from '../run/runner';
import { intFlag, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';
import { formatTable, jsonReplacer } from './table';

export async function auditCommand(args: CommonArgs, io: Io): Promise<number> {
  const limit = intFlag(args, '--limit', 20, 0, 100_000);
  const invocation = args.flags.get('--invocation');
  const rows = await readAudit({ ...projectRequest(args), limit, invocationId: typeof invocation === 'string' ? invocation : undefined });
  if (args.output === 'json') {
    io.out(JSON.stringify(rows, jsonReplacer, 2));
    return 0;
  }
  if (rows.length === 0) {
    io.out('No audit records yet. Run `bronze run` or `bronze build` with enable_audit_logging true.');
    return 0;
  }
  const view = rows.map((r) => ({
    completed_at: r.completedAt,
    status: r.status,
    node: r.sourceTable,
    type: r.nodeType,
    rows: r.rowsAffected,
    seconds: r.processingTime.toFixed(3),
    invocation: r.invocationId.slice(0, 8),
    error: r.errorMessage ?? '',
  }));
  io.out(formatTable(Object.keys(view[0]), view));
  return 0;
}
