// Singular tests that every row of a seed has a match in a model: `select … from {{ ref('plan') }} pe left join
// <the model, or a CTE over it> t on t.a = pe.a and (…t.b = pe.b…) where t.a is null` (mattermost's documented
// playbook actions must each have telemetry). The sampler writes the seed's rows, in turn, into the source columns
// the model's columns come from, with at least as many rows as the seed has, so every seed row finds one.
import { readFileSync } from 'node:fs';
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import { readSeed, type SeedValue } from '../../../server/src/compile/seed-csv';
import type { Listings } from './introspection';
import { originOfModelColumn } from './model-alias';

export interface SeedCoverage {
  seed: string;
  model: string;
  /** The model column that must hold each value of the seed column. */
  columns: Array<{ seedColumn: string; modelColumn: string }>;
}

const REF = /\{\{\s*ref\s*\(\s*['"]([^'"]+)['"]\s*\)\s*\}\}/g;

/** The coverage a singular test asserts, when its SQL has the "seed left join model where no match" shape. */
export function seedCoverageOf(sql: string, isSeed: (name: string) => boolean): SeedCoverage | undefined {
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const refs = [...new Set([...code.matchAll(REF)].map((m) => m[1]))];
  const seeds = refs.filter(isSeed);
  const models = refs.filter((r) => !isSeed(r));
  if (seeds.length !== 1 || models.length !== 1 || !/\bleft\s+(?:outer\s+)?join\b/i.test(code)) return undefined;
  const seed = seeds[0];
  const seedAlias = new RegExp(`\\{\\{\\s*ref\\s*\\(\\s*['"]${seed}['"]\\s*\\)\\s*\\}\\}\\s+(?:as\\s+)?([A-Za-z_]\\w*)`, 'i').exec(code)?.[1];
  if (!seedAlias || /^(left|join|where|on)$/i.test(seedAlias)) return undefined;
  const columns: SeedCoverage['columns'] = [];
  let other: string | undefined;
  for (const m of code.matchAll(/\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)/g)) {
    const [a, ac, b, bc] = [m[1], m[2], m[3], m[4]];
    const seedSide = a.toLowerCase() === seedAlias.toLowerCase() ? 0 : b.toLowerCase() === seedAlias.toLowerCase() ? 1 : -1;
    if (seedSide < 0) continue;
    const [alias, modelColumn, seedColumn] = seedSide === 0 ? [b, bc, ac] : [a, ac, bc];
    if (other !== undefined && other.toLowerCase() !== alias.toLowerCase()) return undefined;
    other = alias;
    if (!columns.some((c) => c.seedColumn.toLowerCase() === seedColumn.toLowerCase())) columns.push({ seedColumn, modelColumn });
  }
  // Only unmatched seed rows are kept: the joined side's column IS NULL.
  if (!other || columns.length === 0 || !new RegExp(`\\bwhere\\b[\\s\\S]*\\b${other}\\.[A-Za-z_]\\w*\\s+is\\s+null\\b`, 'i').test(code)) return undefined;
  return { seed, model: models[0], columns };
}

/**
 * The other direction: every value of a model column is a row of a seed — `select … from {{ ref('model') }} t left
 * join {{ ref('seed') }} r on t.a = r.b where r.b is null` (museum_dw's assert_ticket_types_match_seed). The model
 * column and the seed column it must be one of, or undefined for any other shape.
 */
export function seedMembershipOf(sql: string, isSeed: (name: string) => boolean): { seed: string; model: string; modelColumn: string; seedColumn: string } | undefined {
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  const refs = [...new Set([...code.matchAll(REF)].map((m) => m[1]))];
  const seeds = refs.filter(isSeed);
  const models = refs.filter((r) => !isSeed(r));
  if (seeds.length !== 1 || models.length !== 1) return undefined;
  const alias = (name: string): string | undefined => {
    const a = new RegExp(`\\{\\{\\s*ref\\s*\\(\\s*['"]${name}['"]\\s*\\)\\s*\\}\\}\\s+(?:as\\s+)?([A-Za-z_]\\w*)`, 'i').exec(code)?.[1];
    return a && !/^(left|join|where|on|inner|group|order)$/i.test(a) ? a : undefined;
  };
  const [seedAlias, modelAlias] = [alias(seeds[0]), alias(models[0])];
  if (!seedAlias || !modelAlias) return undefined;
  // The model's rows left join the seed on one column, and only those the seed lacks are kept.
  const join = new RegExp(`\\{\\{\\s*ref\\s*\\(\\s*['"]${models[0]}['"]\\s*\\)\\s*\\}\\}\\s+(?:as\\s+)?${modelAlias}\\s+left\\s+(?:outer\\s+)?join\\s+\\{\\{\\s*ref\\s*\\(\\s*['"]${seeds[0]}['"]\\s*\\)\\s*\\}\\}\\s+(?:as\\s+)?${seedAlias}\\s+on\\s+([A-Za-z_]\\w*)\\.([A-Za-z_]\\w*)\\s*=\\s*([A-Za-z_]\\w*)\\.([A-Za-z_]\\w*)\\s+where\\s+${seedAlias}\\.([A-Za-z_]\\w*)\\s+is\\s+null\\b`, 'i').exec(code);
  if (!join) return undefined;
  const sides = [[join[1], join[2]], [join[3], join[4]]];
  const seedSide = sides.find(([a]) => a.toLowerCase() === seedAlias.toLowerCase());
  const modelSide = sides.find(([a]) => a.toLowerCase() === modelAlias.toLowerCase());
  if (!seedSide || !modelSide || seedSide[1].toLowerCase() !== join[5].toLowerCase()) return undefined;
  return { seed: seeds[0], model: models[0], modelColumn: modelSide[1], seedColumn: seedSide[1] };
}

/** The non-NULL text values of one column of a seed, or undefined when the seed or the column cannot be read. */
export function seedColumnValues(seed: ModelNode, column: string): string[] | undefined {
  let table;
  try {
    const c = seed.config;
    table = readSeed(readFileSync(seed.location.file, 'utf8'), { file: seed.location.file, delimiter: typeof c.delimiter === 'string' ? c.delimiter : undefined });
  } catch {
    return undefined; // an unreadable seed is the seed command's to report
  }
  const index = table.columns.findIndex((c) => c.name.toLowerCase() === column.toLowerCase());
  if (index < 0) return undefined;
  return [...new Set(table.rows.map((r) => cellText(r[index])).filter((v): v is string => v !== null))];
}

/** A seed cell as the text a source column holds (NULL stays NULL). */
function cellText(v: SeedValue): string | null {
  if (v === null) return null;
  if (v.kind === 'boolean') return String(v.value);
  return v.kind === 'text' ? v.value : v.text;
}

/**
 * The source columns (source id → lower-case column → values in row order) that hold the seeds singular tests ask
 * the models to cover. A model column is followed back through renames (`event_text as event_name`) and models
 * reading one other model, to the sources a model reads or lists (a union of a schema's event tables).
 */
export function seedCoveredColumns(project: ProjectModel, listings: Listings): Map<string, Map<string, Array<string | null>>> {
  const out = new Map<string, Map<string, Array<string | null>>>();
  const byName = new Map([...project.models.values()].map((m) => [m.name, m]));
  const isSeed = (name: string): boolean => byName.get(name)?.resourceType === 'seed';
  const sourcesOf = (model: ModelNode, column: string, depth: number): Array<{ sourceId: string; column: string }> => {
    if (depth > 8) return [];
    const name = originOfModelColumn(model.rawCode, column);
    if (name?.aggregate) return [];
    const read = name?.column ?? column;
    if (listings.listers.has(model)) {
      return [...listings.bySource].filter(([, ms]) => ms.includes(model)).map(([sourceId]) => ({ sourceId, column: read }));
    }
    const from = model.dependsOn.nodes;
    const sources = from.filter((id) => id.startsWith('source.'));
    const models = from.filter((id) => id.startsWith('model.')).map((id) => project.models.get(id)).filter((m): m is ModelNode => m !== undefined);
    if (sources.length === 1 && models.length === 0) return [{ sourceId: sources[0], column: read }];
    if (sources.length === 0 && models.length === 1) return sourcesOf(models[0], read, depth + 1);
    return [];
  };
  for (const test of project.tests.values()) {
    if (test.config.enabled === false || test.testMetadata) continue;
    const coverage = seedCoverageOf(test.rawCode, isSeed);
    const seed = coverage && byName.get(coverage.seed);
    const model = coverage && byName.get(coverage.model);
    if (!coverage || !seed || !model || model.resourceType !== 'model') continue;
    let table;
    try {
      const c = seed.config;
      table = readSeed(readFileSync(seed.location.file, 'utf8'), { file: seed.location.file, delimiter: typeof c.delimiter === 'string' ? c.delimiter : undefined });
    } catch {
      continue; // an unreadable seed is the seed command's to report
    }
    for (const { seedColumn, modelColumn } of coverage.columns) {
      const index = table.columns.findIndex((c) => c.name.toLowerCase() === seedColumn.toLowerCase());
      if (index < 0) continue;
      const values = table.rows.map((r) => cellText(r[index]));
      for (const at of sourcesOf(model, modelColumn, 0)) {
        let columns = out.get(at.sourceId);
        if (!columns) out.set(at.sourceId, (columns = new Map()));
        columns.set(at.column.toLowerCase(), values);
      }
    }
  }
  return out;
}
