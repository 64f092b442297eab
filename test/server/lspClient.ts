// A minimal LSP client for the server tests: spawns the built server (`dist/server.js --stdio`),
// speaks JSON-RPC over its stdio, answers the server's requests (configuration, progress tokens,
// registrations, applyEdit) and records everything it is sent, so tests can await what they expect
// with a deadline instead of sleeping.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ConfigurationParams,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

export const SERVER_PATH = join(__dirname, '..', '..', 'dist', 'server.js');

/** How long any expected message may take before the test fails. */
export const DEADLINE_MS = 20_000;

let testCacheHome: string | undefined;

/**
 * The environment of a test server unless the test gives its own: the user's, with a result-cache
 * folder of this test process, so servers of throwaway workspaces leave nothing in the user's cache.
 */
function defaultServerEnv(): NodeJS.ProcessEnv {
  if (!testCacheHome) {
    const home = mkdtempSync(join(tmpdir(), 'rugged-test-cache-'));
    process.once('exit', () => rmSync(home, { recursive: true, force: true }));
    testCacheHome = home;
  }
  return { ...process.env, XDG_CACHE_HOME: testCacheHome };
}

export interface ProgressEvent {
  token: string | number;
  kind: 'begin' | 'report' | 'end';
  message?: string;
  title?: string;
}

export interface StartOptions {
  workspaceFolders?: string[];
  /** Answers `workspace/configuration` per scopeUri; absent = the client lacks the capability. */
  settings?: (scopeUri: string | undefined) => unknown;
  initializationOptions?: unknown;
  /** Overrides of the default (VS Code-like) capabilities. */
  capabilities?: ClientCapabilities;
  /** `stdio` (any editor) by default; `node-ipc` is what the VS Code client uses. */
  transport?: 'stdio' | 'node-ipc';
  /** Another build of the server (measurements use a private copy); dist/server.js by default. */
  serverPath?: string;
  /** Environment of the server process; the test's own by default. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the server process. */
  cwd?: string;
}

export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly logMessages: string[] = [];
  readonly statuses: Record<string, unknown>[] = [];
  readonly appliedEdits: WorkspaceEdit[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly shownDocuments: unknown[] = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  private readonly waiters = new Set<() => void>();
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const serverPath = options.serverPath ?? SERVER_PATH;
    if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run node scripts/build.mjs first`);
    const ipc = options.transport === 'node-ipc';
    const child = spawn(process.execPath, [serverPath, ipc ? '--node-ipc' : '--stdio'], {
      stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : 'pipe',
      env: options.env ?? defaultServerEnv(),
      cwd: options.cwd,
    }) as ChildProcessWithoutNullStreams;
    const connection = ipc
      ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(child, connection);
    child.stderr.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    child.on('exit', () => {
      client.exited = true;
      client.changed();
    });
    client.listen(options);
    connection.listen();
    const folders = (options.workspaceFolders ?? []).map((path) => ({ uri: pathToFileURL(path).toString(), name: path }));
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities: options.capabilities ?? defaultCapabilities(options.settings !== undefined),
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private listen(options: StartOptions): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.published.push(params);
      this.changed();
    });
    c.onNotification('$/progress', (params: { token: string | number; value: { kind: ProgressEvent['kind']; message?: string; title?: string } }) => {
      this.progress.push({ token: params.token, kind: params.value.kind, message: params.value.message, title: params.value.title });
      this.changed();
    });
    c.onNotification('window/logMessage', (params: { message: string }) => {
      this.logMessages.push(params.message);
      this.changed();
    });
    c.onNotification('window/showMessage', (params: { message: string }) => {
      this.logMessages.push(params.message);
      this.changed();
    });
    c.onNotification('rugged/status', (params: Record<string, unknown>) => {
      this.statuses.push(params);
      this.changed();
    });
    c.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      return params.items.map((item) => options.settings?.(item.scopeUri) ?? null);
    });
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      this.changed();
      return null;
    });
    c.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      this.changed();
      return { applied: true };
    });
    c.onRequest('window/showDocument', (params: unknown) => {
      this.shownDocuments.push(params);
      this.changed();
      return { success: true };
    });
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first non-undefined value of `check`, re-checked on every message; rejects after the deadline. */
  until<T>(description: string, check: () => T | undefined, timeoutMs = DEADLINE_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        } else if (this.exited) {
          finish();
          reject(new Error(`server exited while waiting for ${description}; stderr: ${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        const log = this.logMessages.slice(-5).join('\n  ');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}\nlast server log:\n  ${log}\nstderr: ${this.stderr}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** Waits until the latest diagnostics of `uri` satisfy `predicate`. */
  diagnosticsOf(uri: string, predicate: (diagnostics: Diagnostic[], version?: number) => boolean = () => true, description = `diagnostics for ${uri}`): Promise<Diagnostic[]> {
    return this.until(description, () => {
      const latest = this.diagnostics.get(uri);
      return latest && predicate(latest.diagnostics, latest.version) ? latest.diagnostics : undefined;
    });
  }

  open(uri: string, text: string, version = 1, languageId = 'javascript'): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, text: string, version: number): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): void {
    void this.connection.sendNotification(method, params);
  }

  /** The server's process id, so a harness can watch its memory. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return !this.exited;
  }

  get errorOutput(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone: nothing to shut down.
    }
    await this.until('the server to exit', () => (this.exited ? true : undefined), 5000).catch(() => this.child.kill());
    this.connection.dispose();
  }
}

export function defaultCapabilities(configuration: boolean): ClientCapabilities {
  return {
    workspace: {
      configuration,
      workspaceFolders: true,
      applyEdit: true,
      workspaceEdit: { documentChanges: true },
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true },
    },
    textDocument: {
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true, dataSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
    },
    window: { workDoneProgress: true, showDocument: { support: true } },
  };
}

/** Applies LSP text edits (full-document positions) to a text, last edit first. */
export function applyTextEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (starts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const edit of sorted) out = out.slice(0, offset(edit.range.start)) + edit.newText + out.slice(offset(edit.range.end));
  return out;
}

/** The edits a WorkspaceEdit makes to one document, whichever form it uses. */
export function editsFor(edit: WorkspaceEdit, uri: string): Parameters<typeof applyTextEdits>[1] {
  if (edit.documentChanges) {
    return edit.documentChanges.flatMap((change) => ('textDocument' in change && change.textDocument.uri === uri ? change.edits.filter((e): e is Parameters<typeof applyTextEdits>[1][number] => 'range' in e) : []));
  }
  return edit.changes?.[uri] ?? [];
}
