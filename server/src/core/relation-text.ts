// How a relation name prints in SQL: the one rendering shared by compile, the template context and the runner.
import type { RelationName } from './types';

/** `database.schema.identifier`, leaving out an empty part (a relation with no database prints `schema.identifier`). */
export function renderRelation(rel: RelationName): string {
  return [rel.database, rel.schema, rel.identifier].filter((p) => p !== undefined && p !== null && p !== '').join('.');
}
