// Language-server entry. `node server.js --stdio` (any editor, the protocol tests) or `--node-ipc` (the VS
// Code client); createConnection picks the transport from the command line.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { registerHandlers } from './lsp/handlers';

const connection = createConnection(ProposedFeatures.all);
registerHandlers(connection);
connection.listen();
