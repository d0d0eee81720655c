// Singular tests that say "one b per a": `select a, count(distinct b) from {{ ref(M) }} [where …] group by a
// having count(distinct b) > 1` (b is a function of a; with its twin test the other way, the two are one-to-one).
// The sampler writes such columns from one shared index per key, so the pairing holds in every row, repeats included.
import { aliasedExpressions } from './expression-origin';
import { originOfModelColumn } from './model-alias';

export interface FunctionalDependency {
  /** What the test reads: `ref('m')`'s model name, or `source('s', 't')`'s names. */
  model?: string;
  source?: { sourceName: string; table: string };
  /** The column grouped by (a) and the one counted distinct per group (b). */
  by: string;
  counted: string;
}

const IDENT = '"?([A-Za-z_]\\w*)"?';

/** The dependency a singular test asserts, when its SQL has the "one b per a" shape; else undefined. */
export function functionalDependencyOf(sql: string): FunctionalDependency | undefined {
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const head = new RegExp(`^\\s*select\\s+${IDENT}\\s*,\\s*count\\s*\\(\\s*distinct\\s+${IDENT}\\s*\\)(?:\\s+as\\s+\\w+)?\\s+from\\s+\\{\\{\\s*(ref|source)\\s*\\(([^)]*)\\)\\s*\\}\\}`, 'i').exec(code);
  if (!head) return undefined;
  const [by, counted, fn, args] = [head[1], head[2], head[3].toLowerCase(), head[4]];
  const rest = code.slice(head.index + head[0].length);
  const tail = new RegExp(`^(?:\\s+(?:as\\s+)?\\w+)?(?:\\s+where\\s+[^;]*?)?\\s+group\\s+by\\s+${IDENT}\\s+having\\s+count\\s*\\(\\s*distinct\\s+${IDENT}\\s*\\)\\s*>\\s*1\\s*;?\\s*$`, 'i').exec(rest);
  if (!tail || tail[1].toLowerCase() !== by.toLowerCase() || tail[2].toLowerCase() !== counted.toLowerCase()) return undefined;
  const names = [...args.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]);
  if (fn === 'ref' && names.length >= 1) return { model: names[names.length - 1], by, counted };
  if (fn === 'source' && names.length === 2) return { source: { sourceName: names[0], table: names[1] }, by, counted };
  return undefined;
}

/**
 * The source columns a model column is made of, when it is one of them passed through or renamed, or the first
 * non-NULL of several (`coalesce(a, b) as c`, also inside a CASE): the columns that must hold one value together.
 * Undefined when the model computes it another way.
 */
export function sourceColumnsOfModelColumn(sql: string, column: string): string[] | undefined {
  const origin = originOfModelColumn(sql, column);
  if (origin) return origin.aggregate || origin.converted ? undefined : [origin.column];
  const item = aliasedExpressions(sql, column)[0];
  if (item === undefined) return new RegExp(`\\b${column}\\b`, 'i').test(sql) || /\bselect\s+\*/i.test(sql) ? [column] : undefined;
  // `case when … coalesce(a, b) is not null then … else coalesce(a, b) end`: one list, however often written.
  const coalesced = new Set([...item.matchAll(/\b(?:coalesce|nvl|ifnull)\s*\(([^()]*)\)/gi)].map((m) => m[1].replace(/\s+/g, '').toLowerCase()));
  if (coalesced.size !== 1) return undefined;
  const parts = [...coalesced][0].split(',').map((p) => p.trim().replace(/^[A-Za-z_]\w*\./, '').replace(/^"(.*)"$/, '$1'));
  return parts.length > 0 && parts.every((p) => /^[A-Za-z_]\w*$/.test(p)) ? parts : undefined;
}

