// The rows measured over the real language server (dist/server.js over stdio, driven by the test
// suite's LSP client): keystroke to publishDiagnostics on an open file, idle and while a workspace
// scan runs, and the workspace scan itself, cold and from the server's content-hash cache.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../../test/server/lspClient';
import { debounceDelay, FAST_TYPING_GAP_MS } from '../../server/src/lsp/editDebounce';
import { editSequence } from './edits';

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

function start(root: string, storagePath: string): Promise<LspTestClient> {
  return LspTestClient.start({
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

/** `edits` single-character edits to `file`, each awaited until its diagnostics are published. */
export async function keystrokeLatency(input: { root: string; file: string; edits: number; seed: number; storagePath: string; duringScan: boolean }): Promise<LatencyRun> {
  const client = await start(input.root, input.storagePath);
  try {
    const uri = pathToFileURL(input.file).toString();
    const text = readFileSync(input.file, 'utf8');
    const languageId = /\.[cm]?tsx?$/.test(input.file) ? 'typescript' : 'javascript';
    client.open(uri, text, 1, languageId);
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
    const samples: number[] = [];
    let version = 1;
    for (const edit of editSequence(text, input.edits, input.seed)) {
      version++;
      const expected = version;
      const wasScanning = scanRunning;
      const started = performance.now();
      client.change(uri, edit.text, expected);
      await client.until(`diagnostics of version ${expected}`, () => (client.diagnostics.get(uri)?.version === expected ? true : undefined), EDIT_DEADLINE_MS);
      const elapsed = performance.now() - started;
      // Under a scan, only the keystrokes the scan overlapped from start to answer count.
      if (!input.duringScan) samples.push(elapsed);
      else if (wasScanning && scanRunning) samples.push(elapsed);
      else break;
      await pause(PAUSE_AFTER_ANSWER_MS);
    }
    const lines = text.split('\n').length;
    return { file: input.file, lines, samples, debounceMs: debounceDelay(lines), serverPeakRssBytes: peakRss(client) };
  } finally {
    await client.stop();
  }
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
