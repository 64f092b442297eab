// The rows measured over the real language server (dist/server.js over stdio, driven by the test
// suite's LSP client): keystroke to publishDiagnostics on an open file, idle and while a workspace
// scan runs, and the workspace scan itself, cold and from the server's content-hash cache.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../../test/server/lspClient';
import { debounceDelay, FAST_TYPING_GAP_MS } from '../../server/src/lsp/editDebounce';
import { editSequence, type Edit } from './edits';

/** Long enough for any one analysis on a slow, shared machine; a stall past it is a failure. */
const EDIT_DEADLINE_MS = 120_000;
/**
 * Quiet time after each answer before the next keystroke, like a person glancing at the result;
 * longer than fast typing, so the server waits its size-based debounce for every edit.
 */
const PAUSE_AFTER_ANSWER_MS = FAST_TYPING_GAP_MS;

export interface LatencyRun {
  file: string;
  lines: number;
  /** didChange sent → publishDiagnostics of that version received, one per edit, ms (debounce included). */
  samples: number[];
  /** The wait the server put before each analysis (editDebounce.ts: the file's size decides it at this pace). */
  debounceMs?: number;
  serverPeakRssBytes: number;
  /** Under a scan: how many cold scans (each by a fresh server) the samples overlapped. */
  scans?: number;
}

export interface ServerScan {
  wallMs: number;
  files: number;
  analysed: number;
  cached: number;
  serverPeakRssBytes: number;
}

interface ScanWorkspaceResult {
  files: number;
  analysed: number;
  cached: number;
}

function start(root: string, storagePath: string, serverPath?: string): Promise<LspTestClient> {
  return LspTestClient.start({
    ...(serverPath ? { serverPath } : {}),
    workspaceFolders: [root],
    settings: () => ({ scanOnStartup: false }),
    initializationOptions: { storagePath },
  });
}

/** The server's high-water mark of resident memory, from /proc (Linux); NaN elsewhere. */
function peakRss(client: LspTestClient): number {
  try {
    const status = readFileSync(`/proc/${client.pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LatencyInput {
  root: string;
  file: string;
  /** Edits of an idle run; under a scan, the overlapping edits to collect (fewer if `maxScans` ends it first). */
  edits: number;
  seed: number;
  /** The server's cache folder; a run under a scan empties it before each scan, so every scan is cold. */
  storagePath: string;
  duringScan: boolean;
  /** Under a scan: fresh servers and cold scans, one after another, until enough edits overlapped one (default 8). */
  maxScans?: number;
  /** Another build of the server (dist/server.js by default), to compare two commits in one run. */
  serverPath?: string;
}

/**
 * Single-character edits to `file`, each awaited until its diagnostics are published. Under a
 * scan only the edits the scan overlapped from start to answer count, and one scan of a small
 * corpus overlaps too few of them to tell a p95 from noise, so the run starts a fresh server with
 * an empty cache and scans again, continuing the same edit sequence, until `edits` overlapped.
 */
export async function keystrokeLatency(input: LatencyInput): Promise<LatencyRun> {
  const text = readFileSync(input.file, 'utf8');
  const edits = editSequence(text, input.duringScan ? input.edits * 4 : input.edits, input.seed);
  const samples: number[] = [];
  let next = 0;
  let scans = 0;
  let peak = 0;
  const maxScans = input.duringScan ? (input.maxScans ?? 8) : 1;
  while (samples.length < input.edits && next < edits.length && scans < maxScans) {
    if (input.duringScan) resetStorage(input.storagePath);
    const client = await start(input.root, input.storagePath, input.serverPath);
    try {
      scans++;
      next = await editSession(client, input, text, edits, next, samples);
      peak = Math.max(peak, peakRss(client));
    } finally {
      await client.stop();
    }
  }
  const lines = text.split('\n').length;
  return { file: input.file, lines, samples, debounceMs: debounceDelay(lines), serverPeakRssBytes: peak, ...(input.duringScan ? { scans } : {}) };
}

function resetStorage(storagePath: string): void {
  rmSync(storagePath, { recursive: true, force: true });
  mkdirSync(storagePath, { recursive: true, mode: 0o700 });
}

/** One server: opens the file as the edits before `from` left it and types on; returns the next edit's index. */
async function editSession(client: LspTestClient, input: LatencyInput, text: string, edits: Edit[], from: number, samples: number[]): Promise<number> {
  const uri = pathToFileURL(input.file).toString();
  const languageId = /\.[cm]?tsx?$/.test(input.file) ? 'typescript' : 'javascript';
  // A later server opens the text the previous one left, so its first edit is one character too.
  client.open(uri, from === 0 ? text : edits[from - 1].text, 1, languageId);
  await client.until('the first diagnostics', () => (client.diagnostics.get(uri)?.version === 1 ? true : undefined), EDIT_DEADLINE_MS);
  let scanRunning = false;
  if (input.duringScan) {
    scanRunning = true;
    void client.request<ScanWorkspaceResult>('rugged/scanWorkspace', {}).then(
      () => (scanRunning = false),
      () => (scanRunning = false),
    );
    await client.until('the scan to begin', () => (client.progress.some((p) => p.kind === 'begin') ? true : undefined), EDIT_DEADLINE_MS);
  }
  let version = 1;
  let index = from;
  for (; index < edits.length && samples.length < input.edits; index++) {
    version++;
    const expected = version;
    const wasScanning = scanRunning;
    const started = performance.now();
    client.change(uri, (edits[index]).text, expected);
    await client.until(`diagnostics of version ${expected}`, () => (client.diagnostics.get(uri)?.version === expected ? true : undefined), EDIT_DEADLINE_MS);
    const elapsed = performance.now() - started;
    if (!input.duringScan) samples.push(elapsed);
    else if (wasScanning && scanRunning) samples.push(elapsed);
    else return index + 1;
    await pause(PAUSE_AFTER_ANSWER_MS);
  }
  return index;
}

/** One `rugged/scanWorkspace` of `root` by a fresh server whose cache lives in `storagePath`. */
export async function serverScan(root: string, storagePath: string): Promise<ServerScan> {
  const client = await start(root, storagePath);
  try {
    const started = performance.now();
    const result = await client.request<ScanWorkspaceResult>('rugged/scanWorkspace', {});
    const wallMs = performance.now() - started;
    return { wallMs, files: result.files, analysed: result.analysed, cached: result.cached, serverPeakRssBytes: peakRss(client) };
  } finally {
    await client.stop();
  }
}
