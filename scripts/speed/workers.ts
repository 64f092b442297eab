// Measurements that run inside a fresh process each (bundled by bench.ts into the cache and started
// with plain node), so each one's peak memory is its own and no tool shares a JIT with another.
// Each prints one JSON line on stdout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname } from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { listFiles } from '../../server/src/files/walk';
import { scanFiles } from '../../server/src/scan/scanFiles';
import { editSequence } from './edits';
import { generateLargeFile as largeFileText } from '../largeFile';

interface LibraryApi {
  analyze(text: string, filePath: string, options?: { verifyFixes?: boolean }): { findings: { ruleId: string }[] };
}

interface LintMessage {
  fatal?: boolean;
}

interface EslintLinter {
  verify(text: string, config: unknown, options: { filename: string }): LintMessage[];
}

export function runWorker(argv: readonly string[]): void {
  const [kind, ...args] = argv;
  const result = run(kind, args);
  process.stdout.write(`${JSON.stringify({ ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

function run(kind: string | undefined, args: string[]): Record<string, unknown> {
  if (kind === 'parse-floor') return parseFloor(args[0]);
  if (kind === 'project-scan') return projectScan(args[0], args[1] !== 'off');
  if (kind === 'edits') return inProcessEdits({ file: args[0], count: Number(args[1]), seed: Number(args[2]), api: args[3], eslintConfig: args[4], peers: args[5] });
  if (kind === 'large-file') return largeFile(Number(args[0]), args[1]);
  throw new Error(`unknown worker ${kind}`);
}

/** The parser alone, with the locations every checker needs (range and loc) and nothing else. */
function parseOnly(text: string, filePath: string): boolean {
  const ext = extname(filePath);
  const attempts = ext === '.ts' || ext === '.mts' || ext === '.cts' ? [false] : ext === '.jsx' || ext === '.tsx' ? [true] : [true, false];
  for (const jsx of attempts) {
    try {
      parse(text, { filePath, jsx, range: true, loc: true });
      return true;
    } catch {
      // Plain JavaScript is tried with JSX first, as Rugged does; the next attempt decides.
    }
  }
  return false;
}

function parseFloor(listFile: string): Record<string, unknown> {
  const files = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
  let parseErrors = 0;
  for (const file of files) if (!parseOnly(readFileSync(file, 'utf8'), file)) parseErrors++;
  return { files: files.length, parseErrors };
}

/** The CLI's project scan loop in process, with cross-module flow on or off (ScanFilesOptions.crossModule). */
function projectScan(root: string, crossModule: boolean): Record<string, unknown> {
  const config = defaultEngineConfig();
  const list = listFiles([root], { root, ignore: [], maxFileSize: config.maxFileSize });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let findings = 0;
  let checked = 0;
  for (const outcome of scanFiles(list.files, { rules: allRules, config, projectRoot: root, crossModule, today: '2026-01-01' })) {
    if (outcome.kind !== 'checked') continue;
    checked++;
    findings += outcome.findings.length;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { files: checked, findings, milliseconds: performance.now() - started, cpuMilliseconds: (cpu.user + cpu.system) / 1000 };
}

/**
 * One keystroke, three ways, interleaved per edit: Rugged's library API (what the server runs
 * before it publishes), the parse floor, and ESLint's Linter with the peer configuration.
 */
function inProcessEdits(input: { file: string; count: number; seed: number; api: string; eslintConfig: string; peers: string }): Record<string, unknown> {
  const api = createRequire(input.api)(input.api) as LibraryApi;
  const peers = createRequire(`${input.peers}/package.json`);
  const { Linter } = peers('eslint') as { Linter: new (options: { configType: 'flat'; cwd: string }) => EslintLinter };
  const config = createRequire(input.eslintConfig)(input.eslintConfig) as unknown;
  const linter = new Linter({ configType: 'flat', cwd: dirname(input.eslintConfig) });
  const original = readFileSync(input.file, 'utf8');
  const tools: Record<string, (text: string) => unknown> = {
    rugged: (text) => api.analyze(text, input.file),
    parseFloor: (text) => parseOnly(text, input.file),
    eslint: (text) => {
      const messages = linter.verify(text, config, { filename: input.file });
      if (messages.some((m) => m.fatal)) throw new Error(`ESLint could not parse ${input.file}`);
      return messages;
    },
  };
  // One untimed pass each, so the first sample is not the JIT's warm-up.
  for (const tool of Object.values(tools)) tool(original);
  const samples: Record<string, number[]> = { rugged: [], parseFloor: [], eslint: [] };
  for (const edit of editSequence(original, input.count, input.seed)) {
    for (const [name, tool] of Object.entries(tools)) {
      const started = performance.now();
      tool(edit.text);
      samples[name].push(performance.now() - started);
    }
  }
  return { file: input.file, lines: original.split('\n').length, samples };
}

/** One generated file of `kilobytes` KB through the library API; then the parse floor on the same text. */
function largeFile(kilobytes: number, apiPath: string): Record<string, unknown> {
  const api = createRequire(apiPath)(apiPath) as LibraryApi;
  const text = largeFileText(kilobytes * 1024);
  const started = performance.now();
  const result = api.analyze(text, 'generated.js');
  const milliseconds = performance.now() - started;
  const rssAfterAnalysis = process.resourceUsage().maxRSS * 1024;
  const parseStarted = performance.now();
  parseOnly(text, 'generated.js');
  const parseMilliseconds = performance.now() - parseStarted;
  return { kilobytes, bytes: text.length, findings: result.findings.length, milliseconds, parseMilliseconds, analysisPeakRssBytes: rssAfterAnalysis };
}
