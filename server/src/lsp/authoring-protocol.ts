// The authoring commands the server executes (workspace/executeCommand) and their payloads, shared with the
// VS Code client. The ids differ from the client's own command ids: the language client registers a
// VS Code command for each server command, and the two must not collide.
export const AUTHORING_COMMANDS = {
  generateModel: 'bronze.server.generateModel',
  generateYaml: 'bronze.server.generateYaml',
  addRelationships: 'bronze.server.addRelationships',
} as const;

export interface GenerateModelArgs {
  /** Any file of the project (the active editor's, or its dbt_project.yml). */
  uri: string;
  /** `source_name.table_name`; absent: the answer lists the project's source tables. */
  source?: string;
  key?: string;
  materialized?: 'incremental' | 'table' | 'view';
  /** Add the suggested relationships tests to the generated entry (otherwise the answer lists them). */
  relationships?: boolean;
}

export interface AddRelationshipsArgs {
  /** Any file of the project. */
  uri: string;
  /** The model whose schema.yml entry gets the suggested relationships tests. */
  model: string;
}

export interface GenerateYamlArgs {
  uri: string;
  /** data_type by lower-cased output column name, as the client's active target typed the model (else none). */
  types?: Record<string, string>;
}

/** What a generate command answers: the files it changed, or why not (with choices to ask the user). */
export type GenerateAnswer =
  /**
   * `suggestions`: relationships tests the generated entry's columns suggest (`column → model.field`), not added;
   * `model`: the generated model they are for.
   */
  | { ok: true; applied: boolean; uri?: string; title: string; model?: string; suggestions?: string[] }
  | { ok: false; message: string; sourceChoices?: string[]; keyChoices?: string[] };
