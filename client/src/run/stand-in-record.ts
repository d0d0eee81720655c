// The record of the stand-ins `bronze sample --synthetic` wrote on the twin: for each model the twin refuses by name,
// the table of synthetic rows it put at the model's relation so the model's descendants can run offline (dbt's answer
// for an upstream not built here is deferral; this is the twin's). The runner reads it to tell a stand-in from a build.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RelationName } from '../../../server/src/core/types';

export interface StandInEntry {
  /** The refused model's unique_id. */
  model: string;
  name: string;
  /** Where the stand-in is, as the twin stores it (snowflakeStoredRelation of the model's relation). */
  relation: RelationName;
  /** The construct the twin refuses, as its refusal names it (`HASH (…)`, `Function X (a Snowflake EXTERNAL function)`). */
  refusal: string;
  rows: number;
  /** The target its rows were copied from (`bronze sample --from`); none: synthetic rows. */
  from?: string;
  /** How synthetic rows were drawn (`bronze sample`'s options): a run that retypes the stand-in draws them again so. */
  drawn?: { seed: number; days: number; anchor: string };
  /**
   * Its columns and how each got its type: `model`, as the refused model's query types it on the twin (a run wrote
   * the stand-in again once its parents existed, stand-in-run.ts); `yaml`, its data_type; `use`, what its readers do with it.
   */
  columns?: Array<{ name: string; dataType: string; typedBy: 'model' | 'yaml' | 'use' }>;
}

/** `.bronze/stand-ins.<target>.json` under the project: one record per target the sampler writes into. */
export function standInRecordPath(projectRoot: string, targetName: string): string {
  return join(projectRoot, '.bronze', `stand-ins.${targetName.replace(/[^\w.-]/g, '_')}.json`);
}

/** The recorded stand-ins by model unique_id (none when there is no record or it cannot be read). */
export function readStandIns(path: string): Map<string, StandInEntry> {
  if (!existsSync(path)) return new Map();
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { standIns?: unknown };
    const list = Array.isArray(parsed.standIns) ? (parsed.standIns as StandInEntry[]) : [];
    return new Map(list.filter((e) => typeof e?.model === 'string' && typeof e.relation?.identifier === 'string').map((e) => [e.model, e]));
  } catch {
    return new Map();
  }
}

/** Replaces the record (written aside, then renamed: a reader never sees half of it). */
export function writeStandIns(path: string, entries: Iterable<StandInEntry>): void {
  mkdirSync(dirname(path), { recursive: true });
  const list = [...entries].sort((a, b) => a.model.localeCompare(b.model));
  writeFileSync(`${path}.tmp`, JSON.stringify({ standIns: list }, null, 2) + '\n');
  renameSync(`${path}.tmp`, path);
}
