// "Bronze: New bronze model from source" and "Bronze: Generate YAML for model": the language server plans
// and applies the edit (workspace/executeCommand); the client only asks the user what the server needs
// (which source table, which key column) and opens the result.
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { AUTHORING_COMMANDS, type GenerateAnswer, type GenerateModelArgs, type GenerateYamlArgs } from '../../../server/src/lsp/authoring-protocol';
import { argumentUri } from './commands';
import type { BronzeLanguageClient } from './language-client';
import type { Projects } from './projects';
import type { RunController } from './run-controller';

/** Generated files open here, so that the user sees (and can undo) what was written. */
async function show(answer: GenerateAnswer): Promise<void> {
  if (!answer.ok) {
    void vscode.window.showErrorMessage(`Bronze: ${answer.message}`);
    return;
  }
  if (answer.uri) await vscode.window.showTextDocument(vscode.Uri.parse(answer.uri), { preview: false });
}

export function registerAuthoringCommands(context: vscode.ExtensionContext, client: BronzeLanguageClient, projects: Projects, runs: RunController): void {
  const execute = async (command: string, arg: object): Promise<GenerateAnswer | undefined> => {
    const c = client.current;
    if (!c) {
      void vscode.window.showErrorMessage('Bronze: the language server is not running (no dbt project is open).');
      return undefined;
    }
    return (await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] })) as GenerateAnswer | undefined;
  };

  /** The suggested relationships tests of a generated model, with a button that adds them all. */
  const offerRelationships = async (root: string, model: string, suggestions: string[]): Promise<void> => {
    const pick = await vscode.window.showInformationMessage(`Bronze: ${model}'s columns name other models' keys: ${suggestions.join(', ')}.`, 'Add relationships tests');
    if (pick !== 'Add relationships tests') return;
    // The server reads the generated files as saved (as Build does, the project's edited files are saved first).
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.isDirty && doc.uri.scheme === 'file' && projects.forFile(doc.uri.fsPath)?.root === root) await doc.save();
    }
    const added = await execute(AUTHORING_COMMANDS.addRelationships, { uri: vscode.Uri.file(`${root}/dbt_project.yml`).toString(), model });
    if (added && !added.ok) void vscode.window.showErrorMessage(`Bronze: ${added.message}`);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('bronze.newModelFromSource', async (arg?: unknown) => {
      const hint = argumentUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
      const project = await projects.pick(hint);
      if (!project) return undefined;
      const uri = hint?.scheme === 'file' && projects.forFile(hint.fsPath)?.root === project.root ? hint.toString() : vscode.Uri.file(`${project.root}/dbt_project.yml`).toString();
      const given = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? (arg as Partial<GenerateModelArgs>) : {};
      let source = typeof given.source === 'string' ? given.source : undefined;
      if (!source) {
        const list = await execute(AUTHORING_COMMANDS.generateModel, { uri });
        const choices = list && !list.ok ? (list.sourceChoices ?? []) : [];
        if (choices.length === 0) {
          void vscode.window.showWarningMessage(`Bronze: ${project.name} declares no source tables.`);
          return undefined;
        }
        source = await vscode.window.showQuickPick(choices, { placeHolder: 'Source table to generate a bronze model from' });
        if (!source) return undefined;
      }
      const args: GenerateModelArgs = {
        uri,
        source,
        ...(typeof given.key === 'string' ? { key: given.key } : {}),
        ...(given.materialized ? { materialized: given.materialized } : {}),
        ...(given.relationships === true ? { relationships: true } : {}),
      };
      let answer = await execute(AUTHORING_COMMANDS.generateModel, args);
      if (answer && !answer.ok && answer.keyChoices) {
        const key = await vscode.window.showQuickPick(answer.keyChoices, { placeHolder: answer.message });
        if (!key) return undefined;
        answer = await execute(AUTHORING_COMMANDS.generateModel, { ...args, key });
      }
      if (answer) await show(answer);
      if (answer?.ok && answer.model && answer.suggestions?.length) void offerRelationships(project.root, answer.model, answer.suggestions);
      return answer;
    }),
    vscode.commands.registerCommand('bronze.generateYaml', async (arg?: unknown) => {
      const uri = argumentUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== 'file' || !projects.forFile(uri.fsPath)) {
        void vscode.window.showWarningMessage('Bronze: open a model of a dbt project to generate its YAML.');
        return undefined;
      }
      const project = projects.forFile(uri.fsPath)!;
      // The active target types the output columns (the model's table, else its SQL over zero-row inputs); when
      // it cannot, the server still types what the SQL's text says.
      const { modelOutputTypes } = await import('../run/output-columns');
      const typed = await modelOutputTypes(await runs.targetRequest(project), uri.fsPath);
      const dataTypes = typed.ok ? `data_type from ${typed.from === 'table' ? `the ${typed.target} table` : `the SQL typed by ${typed.target}`}` : `data_type from the SQL's text only (${typed.reason})`;
      const args: GenerateYamlArgs = { uri: uri.toString(), ...(typed.ok ? { types: Object.fromEntries(typed.types) } : {}) };
      const answer = await execute(AUTHORING_COMMANDS.generateYaml, args);
      if (answer?.ok) vscode.window.setStatusBarMessage(`Bronze: ${answer.title}; ${dataTypes}`, 8000);
      if (answer) await show(answer);
      return answer ? { ...answer, dataTypes: typed.ok ? typed.from : 'text' } : answer;
    }),
  );
}
