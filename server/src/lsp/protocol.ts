// Bronze's custom LSP requests and command arguments, declared once and imported by both the server and the
// VS Code client (so the two can never disagree on a method name or a payload shape).
import { RequestType } from 'vscode-languageserver-protocol';

// Type-only: the client bundle gets the shapes, not the engine.
import type { PreviewMode } from '../engine';
import type { CompiledSqlResult } from '../analysis/compiled-sql';

export type { PreviewMode, CompiledSqlResult };

export interface CompiledSqlParams {
  /** The model's document URI; the server compiles its unsaved buffer. */
  uri: string;
  mode: PreviewMode;
}

/** `bronze/compiledSql`: the statements a run would execute for a model (for an incremental model, the MERGE). */
export const CompiledSqlRequest = new RequestType<CompiledSqlParams, CompiledSqlResult, void>('bronze/compiledSql');

/** The argument every model code lens passes to its command. */
export interface ModelCommandArgs {
  uri: string;
  uniqueId: string;
  /** Set by a CTE's Preview lens: the CTE to preview. */
  cte?: string;
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
