// Which files the server asks the client to watch: sources, the project configuration, ignore
// files and what module resolution reads under its fixed names, plus each configuration a
// tsconfig `extends` under any other name (`./base.json`, `@org/config/ts.json`), asked for as
// the resolvers find them, so a change on disk re-resolves imports as one of tsconfig.json does;
// where the client allows, such a file's unsaved text is asked for too, as the client's fixed
// selector asks for an open tsconfig.json's.
import { basename, dirname, sep } from 'node:path';
import type { DocumentSelector, FileSystemWatcher } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../config/load';
import { RESOLUTION_CONFIG_FILES } from '../scan/moduleResolver';
import { CONFIG_DOCUMENT_NAME } from '../shared/configDocuments';
import { pathToUri } from './uris';

/** Sources, `.rugged.json`, `.gitignore`, and the configuration names resolution reads anywhere. */
export const WATCHED_GLOBS: readonly string[] = [
  '**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}',
  `**/${CONFIG_FILE_NAME}`,
  '**/.gitignore',
  ...RESOLUTION_CONFIG_FILES.map((name) => `**/${name}`),
  '**/{tsconfig,jsconfig}.*.json',
];

/** Names `WATCHED_GLOBS` already covers among configuration files. */
const COVERED_NAME = /^(?:(?:tsconfig|jsconfig)(?:\..+)?\.json|package\.json|pnpm-workspace\.yaml)$/;

/** Characters a glob reads as syntax; a file name holding one is matched by a class of that one character. */
const GLOB_SYNTAX = /[*?[\]{}]/g;

export interface ConfigWatcherOptions {
  /** Registers watchers with the client (`client/registerCapability`); resolves once it answers. */
  register(watchers: FileSystemWatcher[]): Promise<unknown>;
  /**
   * Registers text synchronisation (open, change, close) for the documents a selector names, when
   * the client takes such registrations; an open one's unsaved text then counts for resolution.
   */
  readonly sync?: (selector: DocumentSelector) => Promise<unknown>;
  /** The client takes `RelativePattern`s (LSP 3.17), which name one folder instead of every one. */
  relativePatterns: boolean;
  log(message: string): void;
}

export class ConfigWatchers {
  /** Files already asked for: a watcher, once registered, stays (an extra event is only filtered out). */
  private readonly asked = new Set<string>();
  private started = false;
  /** Named before `start`; a set, so a client that never allows registration cannot make it grow. */
  private readonly waiting = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConfigWatcherOptions) {}

  /** The fixed watchers, then any configuration files named before registration was possible. */
  start(): Promise<void> {
    this.started = true;
    this.queue = this.queue.then(() => this.options.register(WATCHED_GLOBS.map((globPattern) => ({ globPattern })))).then(() => undefined);
    this.watch([...this.waiting]);
    this.waiting.clear();
    return this.queue;
  }

  /** Configuration files module resolution read: the ones no fixed watcher covers are asked for. */
  watch(paths: readonly string[]): void {
    if (!this.started) {
      for (const path of paths) this.waiting.add(path);
      return;
    }
    const wanted = paths.filter((path) => !this.asked.has(path) && !isCoveredByFixedGlobs(path));
    if (wanted.length === 0) return;
    for (const path of wanted) this.asked.add(path);
    const watchers = wanted.map((path) => this.watcherFor(path));
    // A document filter's pattern is matched against the file's own path, so the path names it
    // exactly; the names the client always sends are left out, or each edit would arrive twice.
    const unsynced = wanted.filter((path) => !CONFIG_DOCUMENT_NAME.test(basename(path)));
    const { sync } = this.options;
    this.queue = this.queue
      .then(() => this.options.register(watchers))
      .then(() => (sync && unsynced.length > 0 ? sync(unsynced.map((pattern) => ({ scheme: 'file', pattern }))) : undefined))
      .then(
        () => undefined,
        (error: unknown) => this.options.log(`Could not ask the editor to watch ${wanted.join(', ')}: ${error instanceof Error ? error.message : String(error)}`),
      );
  }

  private watcherFor(path: string): FileSystemWatcher {
    const pattern = basename(path).replace(GLOB_SYNTAX, (c) => `[${c}]`);
    // Without relative patterns, every file of that name is watched; the server ignores the others.
    if (!this.options.relativePatterns) return { globPattern: `**/${pattern}` };
    return { globPattern: { baseUri: pathToUri(dirname(path)), pattern } };
  }
}

/** A configuration file a fixed glob already watches: a known name outside node_modules. */
function isCoveredByFixedGlobs(path: string): boolean {
  return COVERED_NAME.test(basename(path)) && !path.split(sep).includes('node_modules');
}
