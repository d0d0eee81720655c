// `where store_id = {{ var('default_store_id') }}`: a var whose value is a number or a plain string renders as that
// literal, and the comparison around it says what the column holds (ammodepot's ids compared with its vars were
// sampled as text words, which Snowflake's own comparison with a number rejects). The masked template shows the
// tag as a blank; here it shows the literal.
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import type { scanJinja } from '../../../server/src/template/scan';
import { tokenizeSql } from '../../../server/src/core/sql/tokenize';

type Scan = { masked: string; calls: ReturnType<typeof scanJinja>['calls'] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A var's value as dbt's var() finds it for a node of `scope` (the CLI's, the scoped `vars: {project: {…}}`, the
 * global one, then the call's default); undefined when not found.
 */
function varValue(project: ProjectModel, scope: string, name: string, fallback: unknown): unknown {
  // The loaded project carries the run's --vars (a ProjectModel built otherwise has none).
  const cli = 'cliVars' in project && isRecord(project.cliVars) ? project.cliVars : {};
  if (name in cli) return cli[name];
  const scoped = project.vars[scope];
  if (isRecord(scoped) && name in scoped) return scoped[name];
  if (name in project.vars && name !== scope && !isRecord(project.vars[name])) return project.vars[name];
  return fallback;
}

/** The SQL literal a value renders as where the value is plain: a finite number, or text without quotes or Jinja. */
function literal(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  if (typeof value === 'string' && !/['\\{}%\n]/.test(value)) return `'${value}'`;
  return undefined;
}

/** The masked text of `model` with each `{{ var('x') }}` whose value is a plain literal written as that literal. */
export function varsAsSql(project: ProjectModel, model: ModelNode, scan: Scan, text: string): string {
  let masked = scan.masked;
  const calls = scan.calls.filter((c) => c.name === 'var');
  if (calls.length === 0) return masked;
  // A tag inside a string literal (`'{{ var("label") }}'`) prints into that string: not a literal of its own.
  const strings = tokenizeSql(scan.masked).tokens.filter((t) => t.kind === 'string');
  for (const call of calls) {
    const tag = call.tag;
    if (tag.kind !== 'expr' || text.slice(tag.innerStart, tag.innerEnd).trim() !== text.slice(call.start, call.end)) continue;
    if (strings.some((t) => t.start < tag.start && tag.end <= t.end)) continue;
    const [name, fallback] = call.args;
    if (!name?.literal || typeof name.value !== 'string' || (fallback && !fallback.literal)) continue;
    const sql = literal(varValue(project, model.packageName, name.value, fallback?.value));
    // The literal must fit where the tag stood (offsets of the tokens after it stay put).
    if (sql === undefined || sql.length > tag.end - tag.start) continue;
    masked = masked.slice(0, tag.start) + sql.padEnd(tag.end - tag.start, ' ') + masked.slice(tag.end);
  }
  return masked;
}
