// The authoring code actions (schema.yml sync, scaffolding) in one list for the LSP handler, which stays a
// single registration as features are added.
import type { Range } from '../core/types';
import { schemaActions, type SchemaAction } from './schema-sync';
import type { Workspace } from './workspace';

export type AuthoringAction = SchemaAction;

export function authoringActions(ws: Workspace, file: string, range: Range): AuthoringAction[] {
  return [...schemaActions(ws, file, range)];
}
