// Bronze's custom LSP requests and command arguments, declared once and imported by both the server and the
// VS Code client (so the two can never disagree on a method name or a payload shape).
import { RequestType } from 'vscode-languageserver-protocol';

export type PreviewMode = 'first' | 'incremental';

export interface CompiledSqlParams {
  /** The model's document URI; the server compiles its unsaved buffer. */
  uri: string;
  mode: PreviewMode;
}

export interface CompiledSqlResult {
  uniqueId?: string;
  mode: PreviewMode;
  /** The statements a run would execute, in order. */
  statements: string[];
  /** The statements joined with `;\n`. */
  sql: string;
  /** Set when the model could not be compiled; says where and what to fix. */
  error?: string;
}

/** `bronze/compiledSql`: the statements a run would execute for a model (for an incremental model, the MERGE). */
export const CompiledSqlRequest = new RequestType<CompiledSqlParams, CompiledSqlResult, void>('bronze/compiledSql');

/** The argument every model code lens passes to its command. */
export interface ModelCommandArgs {
  uri: string;
  uniqueId: string;
}

/** Client commands the server's code lenses invoke (the client registers them). */
export { MODEL_COMMANDS } from '../analysis/commands';

/** Options the client may pass in `initializationOptions`. */
export interface BronzeInitializationOptions {
  target?: string;
  profilesDir?: string;
  /** Parsed `--vars`. */
  vars?: Record<string, unknown>;
}
