// The Rugged language server: `node dist/server.js --stdio` (any LSP editor) or `--node-ipc`
// (the VS Code client). Connection, capabilities and handler wiring only; the work is in lsp/.
import { createConnection, ErrorCodes, ProposedFeatures, ResponseError, TextDocuments, type CancellationToken } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../rules/index';
import { FAIL, Failure } from './lsp/guard';
import { limitHeapGrowth } from './shared/heapPolicy';
import { logLines } from './lsp/logLines';
import { RuggedSession } from './lsp/session';
import { serverTransport } from './lsp/transport';
import {
  CreateStoryRequest,
  ProposeStoryRequest,
  RuleDocumentationRequest,
  ScanWorkspaceRequest,
  SecurityBacklogRequest,
  BacklogTargetRequest,
  type ScanWorkspaceParams,
  type ScanWorkspaceResult,
} from './shared/protocol';

// The server scans the workspace like the CLI does, and holds it for hours: the same bounded heap growth.
limitHeapGrowth(process.execArgv);

const transport = serverTransport(process.argv.slice(2));
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let session: RuggedSession | undefined;

connection.onInitialize((params) => {
  session = new RuggedSession(connection, documents, params, allRules);
  return { capabilities: RuggedSession.capabilities(), serverInfo: { name: 'rugged' } };
});

/** Runs `handler` with the session behind the session's guard; before `initialize` answers `fallback`. */
function withSession<P, R, X extends unknown[] = []>(
  name: string,
  fallback: R | Failure,
  uriOf: (params: P) => string | undefined,
  handler: (s: RuggedSession, params: P, ...rest: X) => R | Promise<R>,
): (params: P, ...rest: X) => Promise<R> {
  return (params: P, ...rest: X) => {
    const current = session;
    if (!current) {
      if (fallback instanceof Failure) return Promise.reject(new ResponseError(ErrorCodes.ServerNotInitialized, 'The Rugged server is not initialized yet.'));
      return Promise.resolve(fallback);
    }
    return current.guard.wrap(name, fallback, uriOf, (p: P, ...r: X) => handler(current, p, ...r))(params, ...rest);
  };
}

const none = (): undefined => undefined;

connection.onInitialized(withSession('Start-up', undefined, none, (s) => s.initialized()));
documents.onDidOpen(withSession('Open', undefined, (e) => e.document.uri, (s, e) => s.didOpen(e.document)));
documents.onDidChangeContent(withSession('Change', undefined, (e) => e.document.uri, (s, e) => s.didChangeContent(e.document)));
documents.onDidClose(withSession('Close', undefined, (e) => e.document.uri, (s, e) => s.didClose(e.document)));
connection.onCodeAction(withSession('Code actions', [], (p) => p.textDocument.uri, (s, p) => s.codeActions(p)));
connection.onHover(withSession('Hover', null, (p) => p.textDocument.uri, (s, p) => s.hover(p)));
connection.onExecuteCommand(withSession('Command', null, (p) => p.command, (s, p) => s.executeCommand(p)));
connection.onDidChangeConfiguration(withSession('Settings change', undefined, none, (s, p) => s.didChangeConfiguration(p)));
connection.onDidChangeWatchedFiles(withSession('File change', undefined, (p) => p.changes[0]?.uri, (s, p) => s.didChangeWatchedFiles(p)));
connection.onRequest(
  ScanWorkspaceRequest.type,
  withSession('Workspace scan', emptyScan(), none, (s, p: ScanWorkspaceParams | null, token: CancellationToken) => s.scanWorkspace(p, token)),
);
connection.onRequest(RuleDocumentationRequest.type, withSession('Rule documentation', null, (p) => p.uri, (s, p) => s.ruleDocumentation(p)));
connection.onRequest(ProposeStoryRequest.type, withSession('Propose story', FAIL, (p) => p.uri, (s, p) => s.proposeStory(p)));
connection.onRequest(CreateStoryRequest.type, withSession('Create story', FAIL, (p) => p.uri, (s, p) => s.createStory(p)));
connection.onRequest(BacklogTargetRequest.type, withSession('Backlog target', FAIL, (p) => p.uri, (s, p) => s.backlogTarget(p)));
connection.onRequest(SecurityBacklogRequest.type, withSession('Security backlog', FAIL, (p) => p.folder, (s, p) => s.securityBacklog(p)));
connection.onShutdown(withSession('Shutdown', undefined, none, (s) => s.shutdown()));

function emptyScan(): ScanWorkspaceResult {
  return { folders: 0, files: 0, analysed: 0, cached: 0, skipped: 0, findings: 0, filesWithFindings: 0, cancelled: true };
}

// Last resort: an error that escaped every handler is logged, and the server keeps serving.
const lastResort = logLines(connection.console);
process.on('uncaughtException', (error) => lastResort.error(`Unexpected error: ${error.message}`));
process.on('unhandledRejection', (reason) => lastResort.error(`Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`));

documents.listen(connection);
connection.listen();
