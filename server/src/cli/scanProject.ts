// Runs the engine over a project from the command line: find the project and its configuration,
// list the files, analyse each one, and gather what the formatters need (no formatting here).
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { allRules } from '../../../rules/index';
import type { RuleModule } from '../engine/api';
import { findProjectRoot, loadConfig, loadConfigFile, type ConfigProblem, type LoadedConfig } from '../config/load';
import type { Profile } from '../engine/config';
import type { Finding, SourceRange } from '../engine/finding';
import { lineStarts, toRange } from '../engine/run';
import { findGitRoot, toPosix } from '../files/ignore';
import { kindOf } from '../files/readRegularFile';
import { compareCodeUnits, listFiles, type ExcludedEntry, type FileList, type SkippedFile } from '../files/walk';
import { fileFingerprint, repositoryUri } from '../baseline/fileFingerprint';
import { redactFinding } from '../redaction/redactFinding';
import { redactSecrets } from '../redaction/redact';
import { scanFiles } from '../scan/scanFiles';
import { scanFilesInWorkers, type WorkerOptions } from '../scan/scanFilesInWorkers';
import { inShard, type Shard } from '../scan/shard';
import { StoredSummaries, staleNote, type Staleness } from '../scan/storedSummaries';
import { readSummaries, summariesFingerprint } from '../scan/summariesFile';
import { describeRefusal, HARD_READ_CAP_BYTES, readRegularTextSync } from '../files/readRegularFile';
import { TOOL_VERSION } from '../shared/product';
import { UsageError } from './context';
import { defaultJobs } from './defaultJobs';
import { foreignFixPlacer, type ForeignFixPlacer, type PlacedForeignFix } from './foreignFixPositions';
import { knownRuleIds } from '../catalog/knownRuleIds';
import { describeRules, type RuleDescription } from '../catalog/ruleCatalog';

export interface ScanOptions {
  /** Files or folders, relative to `cwd`; `.` when empty. */
  paths: string[];
  cwd: string;
  /** Explicit configuration file (--config), relative to `cwd`. */
  configFile?: string;
  rules: readonly RuleModule[];
  today?: string;
  /** Only listed files this accepts are checked (--changed-since: files with changed lines). */
  onlyFiles?: (path: string) => boolean;
  /** From `--profile`; wins over the configuration's `profile`. */
  profile?: Profile;
  /** From `--shard K/N`: only the files of that shard are checked (and listed as skipped). */
  shard?: Shard;
  /**
   * From `--jobs N`: analyse on N worker threads (1: in this thread). Absent: `defaultJobs`, which
   * keeps small scans and machines with few cores in this thread.
   */
  jobs?: number;
  /** The bundled worker entry; defaults to scanWorker.js beside the running bundle. */
  workerScript?: string;
  /**
   * From `--summaries FILE` (relative to `cwd`): a `rugged summaries` file whose summaries the
   * files outside the shard take instead of being analysed, where they still hold.
   */
  summaries?: string;
}

export interface ReportFinding {
  /** Absolute path of the file. */
  path: string;
  /** Redacted: every text in it is safe to print, upload or store. */
  finding: Finding;
  /** The whole first line of the finding, for code frames. */
  sourceLine: string;
  /** The flagged text (capped), for SARIF snippets. */
  snippet: string;
  /** Line/column positions of every fix edit, parallel to `finding.fixes[i].edits[j]`. */
  fixRanges: SourceRange[][];
  /**
   * Fixes in another file (the helper holding a cross-module finding's sink), each verified by the
   * scan (scan/verifiedForeignFixes.ts), with the positions of their edits in that file.
   */
  foreignFixes: PlacedForeignFix[];
  /** The identity a baseline stores: the fingerprint joined with the repository-relative path. */
  fileFingerprint: string;
  /** Set when a baseline was given: "unchanged" findings were in it, and only count when shown. */
  baselineState?: 'new' | 'unchanged';
}

export interface ReportNote {
  path: string;
  kind: string;
  message: string;
}

export interface ScanReport {
  cwd: string;
  projectRoot: string;
  /** What SARIF's %SRCROOT% stands for: the git working tree holding the project, else the project root. */
  sourceRoot: string;
  configFile?: string;
  configProblems: ConfigProblem[];
  /** Every rule id the scan may report, sorted by id. */
  rules: RuleDescription[];
  filesScanned: number;
  /** Sorted by path, then position. */
  findings: ReportFinding[];
  skipped: SkippedFile[];
  /** Folders and files the excludes, .gitignore and `ignore` globs left out, sorted by path. */
  excluded: ExcludedEntry[];
  notes: ReportNote[];
  /** Set by --changed-since. */
  changedSince?: ChangedSinceSummary;
  /** Set by --baseline. */
  baseline?: BaselineSummary;
  /** Set by --shard: this report covers only that shard's files. */
  shard?: Shard;
}

export interface ChangedSinceSummary {
  ref: string;
  commit: string;
  /** Listed files with no changed line, not checked. */
  unchangedFiles: number;
  /** Findings in changed files, on lines that did not change; not reported. */
  outsideChangedLines: number;
}

export interface BaselineSummary {
  /** As given on the command line. */
  file: string;
  /** Findings whose identity the baseline holds. */
  matched: number;
  /** Whether matched findings stay in the report (--include-baseline) or are left out. */
  shown: boolean;
}

const SNIPPET_LIMIT = 400;

/** What `rugged scan` and `rugged summaries` both start from: the project, its configuration and its files. */
export interface ListedProject {
  config: LoadedConfig;
  projectRoot: string;
  /** The git working tree holding the project, else the project root: what repository paths are relative to. */
  sourceRoot: string;
  list: FileList;
}

/** Finds the project of the paths (relative to `cwd`, `.` when none), reads its configuration and lists its files. */
export function listProject(options: Pick<ScanOptions, 'paths' | 'cwd' | 'configFile' | 'rules' | 'profile'>): ListedProject {
  const paths = (options.paths.length > 0 ? options.paths : ['.']).map((p) => resolve(options.cwd, p));
  // A missing path is a typo to report, not a project to look for: looking would climb to the
  // nearest existing ancestor and scan from there (for `/nonexistent`, the whole file system).
  paths.forEach((path, index) => {
    if (!existsSync(path)) throw new UsageError(`path not found: ${options.paths[index] ?? '.'}`);
  });
  const config = readConfig(options, paths[0]);
  if (options.profile) config.engine.profile = options.profile;
  const projectRoot = config.file ? findProjectRoot(dirname(config.file)) : findProjectRoot(paths[0]);
  const list = listFiles(paths, { root: projectRoot, ignore: config.ignore, maxFileSize: config.engine.maxFileSize });
  const sourceRoot = findGitRoot(projectRoot) ?? projectRoot;
  return { config, projectRoot, sourceRoot, list };
}

export async function scanProject(options: ScanOptions): Promise<ScanReport> {
  const { config, projectRoot, sourceRoot, list } = listProject(options);
  const shard = options.shard;
  const ofShard = (path: string) => !shard || inShard(repositoryUri(sourceRoot, path), shard);
  // Every listed file is read (a cross-module finding may start in any of them); only the shard's
  // files, and with --changed-since only changed ones, are reported.
  const onlyFiles = options.onlyFiles;
  const reportOnly = shard || onlyFiles ? (path: string) => ofShard(path) && (!onlyFiles || onlyFiles(path)) : undefined;

  const findings: ReportFinding[] = [];
  const skipped = list.skipped.filter((s) => ofShard(s.path));
  const notes: ReportNote[] = [];
  let filesScanned = 0;
  const summaries = options.summaries === undefined ? undefined : { stored: loadSummaries(options.summaries, options, sourceRoot, config), summarisedHere: new Map<string, Staleness>() };
  const scanOptions = { rules: options.rules, config: config.engine, today: options.today, projectRoot, reportOnly, ...(summaries ? { summaries } : {}) };
  const workers = workerPlan(options, list.files.length);
  const placeForeignFixes = foreignFixPlacer(config.engine.maxFileSize);
  const outcomes = workers ? await scanFilesInWorkers(list.files, scanOptions, workers) : scanFiles(list.files, scanOptions);
  for (const outcome of outcomes) {
    const { path } = outcome;
    for (const note of outcome.notes) notes.push({ path, kind: note.kind, message: note.message });
    if (outcome.kind === 'skipped') {
      skipped.push({ path, reason: outcome.reason });
      continue;
    }
    filesScanned++;
    if (outcome.findings.length === 0) continue;
    const starts = lineStarts(outcome.text);
    const uri = repositoryUri(sourceRoot, path);
    for (const finding of outcome.findings) findings.push(toReportFinding(path, finding, outcome.text, starts, outcome.secrets, uri, placeForeignFixes));
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (summaries) addStaleNotes(notes, summaries.summarisedHere);

  return {
    cwd: options.cwd,
    projectRoot,
    sourceRoot,
    configFile: config.file,
    // Problems quote the values they reject, and the configuration is the workspace's text.
    configProblems: config.problems.map((p) => ({ ...p, key: redactSecrets(p.key).text, message: redactSecrets(p.message).text })),
    rules: describeRules(options.rules, config.engine.checklist),
    filesScanned,
    findings,
    skipped,
    excluded: list.excluded,
    notes,
    ...(shard ? { shard } : {}),
  };
}

/** Worker threads for a scan (or `rugged summaries`) of `files` files, or undefined to analyse in this thread. */
export function workerPlan(options: Pick<ScanOptions, 'rules' | 'jobs' | 'workerScript'>, files: number): WorkerOptions | undefined {
  const script = options.workerScript ?? join(__dirname, 'scanWorker.js');
  const jobs = options.jobs ?? defaultJobs(availableParallelism(), files);
  // Run from source (tests, tsx) there is no bundled worker; one thread gives the same report.
  if (jobs <= 1 || !existsSync(script)) return undefined;
  // A worker loads the shipped rules by id: rules handed in by a caller stay in this thread.
  if (!options.rules.every((rule) => allRules.includes(rule))) return undefined;
  return { script, jobs: Math.min(jobs, files) };
}

/** The cap on a summaries file: the hard cap on any file Rugged reads. */
const MAX_SUMMARIES_BYTES = HARD_READ_CAP_BYTES;

/**
 * Reads `--summaries FILE` for this scan. Anything it cannot use is a usage error naming the file
 * and the reason: summaries of another version or configuration would silently change findings.
 */
function loadSummaries(file: string, options: ScanOptions, sourceRoot: string, config: LoadedConfig): StoredSummaries {
  const read = readRegularTextSync(resolve(options.cwd, file), MAX_SUMMARIES_BYTES);
  if (!read.ok) throw new UsageError(`cannot use --summaries ${file}: ${read.reason === 'missing' ? 'file not found' : describeRefusal(read)}`);
  const summaries = readSummaries(read.text, { sourceRoot, ruggedVersion: TOOL_VERSION, fingerprint: summariesFingerprint(options.rules, config.engine) });
  if (!summaries.ok) throw new UsageError(`cannot use --summaries ${file}: ${summaries.error}`);
  return new StoredSummaries(summaries.modules, sourceRoot);
}

/**
 * Says of each module summarised in this scan because the summaries file was stale for it that it
 * was, before the module's other notes, so each shard's log says it and merged logs keep one.
 */
function addStaleNotes(notes: ReportNote[], summarisedHere: ReadonlyMap<string, Staleness>): void {
  for (const [path, staleness] of summarisedHere) notes.push({ path, ...staleNote(staleness) });
  const rank = (note: ReportNote) => (note.kind === 'stale-summary' ? 0 : 1);
  notes.sort((a, b) => compareCodeUnits(a.path, b.path) || rank(a) - rank(b));
}

function readConfig(options: Pick<ScanOptions, 'cwd' | 'configFile' | 'rules'>, firstPath: string): LoadedConfig {
  const known = { knownRuleIds: knownRuleIds(options.rules) };
  if (options.configFile === undefined) return loadConfig(findProjectRoot(firstPath), known);
  const file = resolve(options.cwd, options.configFile);
  if (!existsSync(file)) throw new UsageError(`config file not found: ${options.configFile}`);
  // Named on purpose, so a FIFO or device here is a mistake to report, not a file to skip.
  const stats = statSync(file);
  if (!stats.isFile()) throw new UsageError(`config file is not a regular file (${kindOf(stats)}): ${options.configFile}`);
  return loadConfigFile(file, known);
}

function toReportFinding(path: string, finding: Finding, text: string, starts: number[], known: readonly string[], uri: string, placeForeignFixes: ForeignFixPlacer): ReportFinding {
  const lineStart = starts[finding.range.start.line - 1] ?? 0;
  const lineEnd = text.indexOf('\n', lineStart);
  // Reports travel (CI logs, SARIF uploads), so everything quoted or derived from the code goes
  // through the same redaction as abuser stories, with the secrets the file's findings identified:
  // a credential never leaves the machine in a report, not even in a fix's text.
  const sourceLine = redactSecrets(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, ''), known).text;
  const flagged = redactSecrets(text.slice(finding.range.start.offset, finding.range.end.offset), known).text;
  const redacted = redactFinding(finding, known);
  return {
    path,
    finding: redacted,
    sourceLine,
    snippet: flagged.length > SNIPPET_LIMIT ? `${flagged.slice(0, SNIPPET_LIMIT)}...` : flagged,
    fixRanges: finding.fixes.map((fix) => fix.edits.map((edit) => toRange(edit.start, edit.end, starts))),
    // Redaction changes the inserted text only: offsets and the replaced text stay the code's.
    foreignFixes: placeForeignFixes(redacted.foreignFixes ?? []),
    fileFingerprint: fileFingerprint(uri, finding.fingerprint),
  };
}

/** A path as shown to people and written into reports: relative, with forward slashes. */
export function displayPath(path: string, base: string): string {
  return toPosix(relative(base, path)) || '.';
}

/** Counts unsuppressed findings at or above a --fail-on threshold. */
export function countFailing(findings: readonly ReportFinding[], failOn: FailOn): number {
  if (failOn === 'never') return 0;
  const rank = { info: 0, warning: 1, error: 2 } as const;
  const threshold = { note: 0, warning: 1, error: 2 }[failOn];
  return findings.filter((f) => isActive(f) && rank[f.finding.severity] >= threshold).length;
}

/** A finding that counts: not suppressed in the code and not already in the baseline. */
export function isActive(item: ReportFinding): boolean {
  return !item.finding.suppression && item.baselineState !== 'unchanged';
}

export type FailOn = 'error' | 'warning' | 'note' | 'never';
