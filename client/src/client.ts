// Owns the LanguageClient: how the server is started (Node IPC), which documents it sees, how
// start-up failures are shown, and restarting by building a fresh client.
import * as vscode from 'vscode';
import { maskedTraceChannel } from './maskedTrace';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONFIG_DOCUMENT_GLOBS } from '../../server/src/shared/configDocuments';
import type { RuggedInitializationOptions } from '../../server/src/shared/protocol';
import { serverCommandMiddleware } from './serverCommands';
import { configurationMiddleware } from './settings';

/** The languages Rugged checks, on disk and in unsaved editors. */
export const RUGGED_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'] as const;

// Plain filter objects satisfy both vscode's and the LSP library's selector types.
export const documentSelector = RUGGED_LANGUAGES.flatMap((language) => [
  { scheme: 'file', language },
  { scheme: 'untitled', language },
]);

/**
 * The configuration files module resolution reads: the server sees their unsaved text, so an
 * edited `paths` mapping counts before it is saved. It checks nothing in them.
 */
const resolutionConfigSelector = CONFIG_DOCUMENT_GLOBS.map((pattern) => ({ scheme: 'file', pattern }));

export type ServerState = 'starting' | 'running' | 'stopped' | 'failed';

export class RuggedClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private clientStateListener: vscode.Disposable | undefined;
  private serverState: ServerState = 'stopped';
  private readonly clientChanged = new vscode.EventEmitter<LanguageClient | undefined>();
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  // One watcher for the extension's lifetime; each new client subscribes to it.
  private readonly configWatcher = vscode.workspace.createFileSystemWatcher('**/.rugged.json');
  private readonly disposables: vscode.Disposable[] = [this.clientChanged, this.stateChanged, this.configWatcher];

  /** Fires with the new client once it runs, and with undefined when it stops. */
  readonly onDidChangeClient = this.clientChanged.event;
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {}

  get state(): ServerState {
    return this.serverState;
  }

  /** The running client, if any; requests sent while the server is down have nowhere to go. */
  get running(): LanguageClient | undefined {
    return this.serverState === 'running' ? this.client : undefined;
  }

  async start(): Promise<void> {
    if (this.client) return;
    const client = this.createClient();
    this.client = client;
    this.clientStateListener = client.onDidChangeState(({ newState }) => {
      // The library restarts a crashed server by itself; mirror its state for the status item.
      if (newState === State.Running) this.setState('running');
      else if (newState === State.Starting) this.setState('starting');
      else if (this.serverState !== 'failed') this.setState('stopped');
    });
    this.setState('starting');
    const started = Date.now();
    try {
      await client.start();
    } catch (error) {
      // initializationFailedHandler has already logged the cause and revealed the output.
      this.output.error(`The Rugged language server did not start: ${describe(error)}`);
      this.setState('failed');
      return;
    }
    this.output.info(`Rugged language server running (started in ${Date.now() - started} ms).`);
    this.setState('running');
    this.clientChanged.fire(client);
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    this.clientStateListener?.dispose();
    this.clientStateListener = undefined;
    this.clientChanged.fire(undefined);
    try {
      if (client.needsStop()) await client.stop(2000);
    } catch (error) {
      this.output.warn(`Stopping the Rugged language server: ${describe(error)}`);
    }
    this.setState('stopped');
  }

  /** Builds a fresh client, which also recovers from a server that gave up restarting. */
  async restart(): Promise<void> {
    this.output.info('Restarting the Rugged language server.');
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private setState(state: ServerState): void {
    if (state === this.serverState) return;
    this.serverState = state;
    this.stateChanged.fire(state);
  }

  private initializationOptions(): RuggedInitializationOptions {
    // storageUri is absent without a workspace; without a file: storage the server uses the user's cache folder.
    const storage = this.context.storageUri ?? this.context.globalStorageUri;
    return storage.scheme === 'file' ? { storagePath: storage.fsPath } : {};
  }

  private createClient(): LanguageClient {
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      // TransportKind.ipc forks the module with `--node-ipc`.
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [...documentSelector, ...resolutionConfigSelector],
      outputChannel: this.output,
      // Backlog requests carry tracker tokens; a verbose trace shows them masked.
      traceOutputChannel: maskedTraceChannel(this.output),
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: {
        configurationSection: 'rugged',
        fileEvents: this.configWatcher,
      },
      initializationOptions: this.initializationOptions(),
      middleware: {
        workspace: { configuration: configurationMiddleware },
        executeCommand: serverCommandMiddleware(() => this.running, this.output),
      },
      initializationFailedHandler: (error) => {
        this.output.error(`The Rugged language server failed to initialize: ${describe(error)}`);
        this.output.show(true);
        return false;
      },
    };
    // The id 'rugged' makes the library read the `rugged.trace.server` setting.
    return new LanguageClient('rugged', 'Rugged', serverOptions, clientOptions);
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
