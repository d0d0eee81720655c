// The floor for bench/lsp.ts's stdio rows: a language server that does nothing but the least any server must do
// on the same project — start Node, speak LSP over stdio, read every file and YAML-parse the YAML files
// (bench/floor.ts) before its first publication, and answer each didChange with an empty publication. Run as an
// esbuild bundle like dist/server.js, so both pay the same start-up and protocol costs.
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { readProjectFloor } from './floor';

const conn = createProtocolConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
let root: string | undefined;
let read = false;
conn.onRequest(InitializeRequest.type, (p) => {
  root = p.rootUri ? fileURLToPath(p.rootUri) : undefined;
  return { capabilities: { textDocumentSync: 1 } };
});
conn.onNotification(DidOpenTextDocumentNotification.type, (p) => {
  if (!read && root) readProjectFloor(root);
  read = true;
  void conn.sendNotification(PublishDiagnosticsNotification.type, { uri: p.textDocument.uri, diagnostics: [] });
});
conn.onNotification(DidChangeTextDocumentNotification.type, (p) => {
  void conn.sendNotification(PublishDiagnosticsNotification.type, { uri: p.textDocument.uri, diagnostics: [] });
});
conn.onRequest(ShutdownRequest.type, () => undefined);
conn.onNotification(ExitNotification.type, () => process.exit(0));
conn.listen();
