// A seed whose CSV `bronze seed` (and dbt) cannot load: a row longer than the header, column_types naming a column
// the CSV lacks, a delimiter of more than one character, NaN/Infinity in a numeric column. Reported at the CSV's
// line, so the editor shows it before a run fails. Each CSV is read once per size and modification time.
import { BronzeError, type Diagnostic } from '../../core/types';
import { readSeed } from '../../compile/seed-csv';
import { readTextFile, statFingerprint } from '../../project/input-log';
import { diag, type Rule, type RuleContext } from './rule';

/** Larger seeds are checked when loaded, not on every pass. */
const MAX_CHECKED_BYTES = 5 * 1024 * 1024;

const cache = new Map<string, { key: string; diagnostics: Diagnostic[] }>();

function columnTypes(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

export const seedCsv: Rule = {
  id: 'bronze/seed-csv',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads seed configs and CSV files (changed on disk: a watcher event, never the fast path)
  description: 'A seed CSV that cannot be loaded as dbt reads it (ragged rows, unknown column_types, bad delimiter).',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const node of ctx.project.models.values()) {
      if (node.resourceType !== 'seed' || node.config.enabled === false) continue;
      const file = node.location.file;
      const stat = statFingerprint(file);
      if (stat === undefined) continue;
      if (Number(stat.slice(0, stat.indexOf(':'))) > MAX_CHECKED_BYTES) continue;
      const delimiter = typeof node.config.delimiter === 'string' ? node.config.delimiter : undefined;
      const types = columnTypes(node.config.column_types);
      const key = `${stat}:${delimiter ?? ','}:${JSON.stringify(types)}`;
      const hit = cache.get(file);
      if (hit && hit.key === key) {
        out.push(...hit.diagnostics);
        continue;
      }
      const diagnostics: Diagnostic[] = [];
      const text = readTextFile(file);
      if (text === undefined) continue;
      try {
        readSeed(text, { file, delimiter, columnTypes: types });
      } catch (e) {
        if (!(e instanceof BronzeError)) throw e;
        const range = e.location?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        diagnostics.push(diag(seedCsv, file, range, `Seed '${node.name}': ${e.message}`));
      }
      cache.set(file, { key, diagnostics });
      out.push(...diagnostics);
    }
    return out;
  },
};
