// A model column whose schema.yml declares a data_type (`d_customer._AB_CDC_CURSOR: NUMBER`) and which the model
// passes straight through from a source (renamed at most, never cast) says what the source column holds.
import type { ProjectModel } from '../../../server/src/core/types';
import { madeUpstream } from './relationship-types';
import type { SourceColumn } from './join-types';

/**
 * The declared types of model columns passed straight through, by the source column they come from
 * (`sourceId|column`, lower case). `trace` gives the source columns a model column is passed through from.
 */
export function typesDeclaredDownstream(project: ProjectModel, trace: (modelId: string, column: string) => SourceColumn[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model') continue;
    for (const column of Object.values(model.columns)) {
      const type = column.dataType?.trim();
      if (!type || madeUpstream(project, model.uniqueId, column.name).converted) continue;
      for (const s of trace(model.uniqueId, column.name)) {
        const key = `${s.sourceId}|${s.column.toLowerCase()}`;
        if (!out.has(key)) out.set(key, type.toUpperCase());
      }
    }
  }
  return out;
}
