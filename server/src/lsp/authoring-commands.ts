// workspace/executeCommand for the authoring commands: plan with the analysis services, then ask the editor
// to apply the edit (files created and schema.yml patched in one undoable workspace edit).
import type { Connection } from 'vscode-languageserver/node';
import { openRelationshipSuggestions, planRelationships } from '../analysis/relationship-suggestions';
import { planGenerateModel, planGenerateYaml } from '../analysis/scaffold';
import type { EditPlan } from '../analysis/edit-plan';
import type { Workspace } from '../analysis/workspace';
import { AUTHORING_COMMANDS, type AddRelationshipsArgs, type GenerateAnswer, type GenerateModelArgs, type GenerateYamlArgs } from './authoring-protocol';
import { pathToUri, uriToPath } from './convert';
import { planToWorkspaceEdit } from './plan-edit';

function argOf<T>(args: unknown[] | undefined): T | undefined {
  const a = args?.[0];
  return a && typeof a === 'object' ? (a as T) : undefined;
}

export function registerAuthoringCommands(connection: Connection, ws: () => Workspace, settle: () => Promise<void>): void {
  const apply = async (plan: EditPlan, file?: string): Promise<GenerateAnswer> => {
    const r = await connection.workspace.applyEdit({ label: plan.title, edit: planToWorkspaceEdit(plan) });
    if (!r.applied) return { ok: false, message: `The editor did not apply the edit${r.failureReason ? `: ${r.failureReason}` : ''}.` };
    return { ok: true, applied: true, title: plan.title, ...(file ? { uri: pathToUri(file) } : {}) };
  };

  connection.onExecuteCommand(async (p): Promise<GenerateAnswer | undefined> => {
    await settle();
    if (p.command === AUTHORING_COMMANDS.generateModel) {
      const a = argOf<GenerateModelArgs>(p.arguments);
      if (!a?.uri) return { ok: false, message: 'generateModel needs { uri, source }.' };
      const file = uriToPath(a.uri);
      if (!a.source) {
        const project = ws().projectFor(file);
        if (!project) return { ok: false, message: `${file} is not in a dbt project.` };
        return { ok: false, message: 'Pick a source table.', sourceChoices: [...project.index.sourceTables.keys()].sort() };
      }
      const r = planGenerateModel(ws(), file, {
        source: a.source,
        relationships: a.relationships === true,
        ...(a.key ? { key: a.key } : {}),
        ...(a.materialized ? { materialized: a.materialized } : {}),
      });
      if (!r.ok) return { ok: false, message: r.message, ...(r.keyChoices ? { keyChoices: r.keyChoices } : {}) };
      const answer = await apply(r.plan, r.file);
      return answer.ok && !a.relationships && r.suggestions.length > 0 ? { ...answer, model: r.model, suggestions: r.suggestions.map((x) => `${x.column} → ${x.to}.${x.field}`) } : answer;
    }
    if (p.command === AUTHORING_COMMANDS.addRelationships) {
      const a = argOf<AddRelationshipsArgs>(p.arguments);
      if (!a?.uri || !a.model) return { ok: false, message: 'addRelationships needs { uri, model }.' };
      const project = ws().projectFor(uriToPath(a.uri));
      const schema = project?.index.modelsByName.get(a.model)?.[0]?.patchLocation?.file;
      if (!project || !schema) return { ok: false, message: `Model '${a.model}' has no schema.yml entry yet.` };
      const open = openRelationshipSuggestions(ws(), schema, a.model);
      const plan = planRelationships(project, schema, a.model, open, `Add ${open.length} relationships test${open.length === 1 ? '' : 's'} to ${a.model}`);
      if (!plan) return { ok: false, message: `No relationships test to add to '${a.model}'.` };
      return apply(plan);
    }
    if (p.command === AUTHORING_COMMANDS.generateYaml) {
      const a = argOf<GenerateYamlArgs>(p.arguments);
      if (!a?.uri) return { ok: false, message: 'generateYaml needs { uri } of a model.' };
      const types = a.types && typeof a.types === 'object' ? new Map(Object.entries(a.types).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;
      const r = planGenerateYaml(ws(), uriToPath(a.uri), types);
      if (!r.ok) return { ok: false, message: r.message };
      return apply(r.plan, r.plan.edits[0]?.file);
    }
    return undefined;
  });
}
