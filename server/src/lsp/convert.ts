// Engine ↔ LSP value mapping: paths ↔ URIs, severities, diagnostics and edits.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, TextEdit } from '../core/types';

export function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'bronze', message: d.message };
  if (d.related?.length) out.relatedInformation = d.related.map((r) => ({ location: { uri: pathToUri(r.file), range: r.range }, message: r.message }));
  return out;
}

export function toWorkspaceEdit(edits: TextEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) (changes[pathToUri(e.file)] ??= []).push({ range: e.range, newText: e.newText });
  return { changes };
}
