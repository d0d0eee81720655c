// A seed's manifest.json node in dbt's shape (SeedNode): the CSV's checksum, the seed config defaults
// (delimiter, quote_columns, column_types), an empty raw_code, and no refs, sources or compiled fields.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { ModelNode } from '../core/types';

/** dbt hashes a seed's contents up to 1 MiB; a larger seed is identified by its path. */
const MAXIMUM_SEED_SIZE = 1024 * 1024;

function seedChecksum(seed: ModelNode): { name: string; checksum: string } {
  try {
    if (statSync(seed.location.file).size > MAXIMUM_SEED_SIZE) return { name: 'path', checksum: seed.originalFilePath };
    return { name: 'sha256', checksum: createHash('sha256').update(readFileSync(seed.location.file, 'utf8')).digest('hex') };
  } catch {
    return { name: 'path', checksum: seed.originalFilePath };
  }
}

/** Reshapes the entry a model would get into a seed's. */
export function seedManifestEntry(seed: ModelNode, asModel: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...asModel };
  for (const k of ['refs', 'sources', 'compiled', 'compiled_code', 'extra_ctes', 'extra_ctes_injected', 'language', 'version']) delete out[k];
  out.checksum = seedChecksum(seed);
  out.config = { quote_columns: null, column_types: {}, delimiter: ',', ...seed.config };
  out.depends_on = { macros: seed.dependsOn.macros };
  return out;
}
