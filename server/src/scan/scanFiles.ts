// The one loop that checks a list of files outside an editor: read each within the size cap,
// analyse it, and say which were skipped and why. `rugged scan` and the backlog's residual risk
// both walk it, so a file is checked, skipped or noted the same way wherever it is counted.
// With a project root, the files are read first and analysed as one project (projectAnalysis.ts),
// each module after its imports, so input is followed into helpers of other files. Handed a
// summaries file (`rugged scan --summaries`), a scan that reports only some files (a shard)
// analyses those and takes the summaries of what they import from the file where they still hold.
import type { RuleModule } from '../engine/api';
import type { EngineConfig } from '../engine/config';
import { isSkipNote, type FileNote, type Finding } from '../engine/finding';
import { analyze } from '../engine/run';
import type { AnalysisResult } from '../engine/finding';
import type { ImportedSummaries, SummarizedResult } from '../engine/summaries';
import { fileSystemHost } from './fileSystemHost';
import { createModuleResolver } from './moduleResolver';
import { analyzeProject, type ProjectAnalysis, type ProjectAnalysisOptions } from './projectAnalysis';
import type { StoredResults } from './projectFlow';
import type { Staleness, StoredSummaries } from './storedSummaries';
import { withVerifiedForeignFixes } from './verifiedForeignFixes';
import { projectPath } from '../files/projectPath';
import { readSourceFile, type SourceNote } from '../files/walk';
import { knownSecrets } from '../redaction/knownSecrets';

export interface ScanNote {
  kind: SourceNote['kind'] | FileNote['kind'] | 'stale-summary';
  message: string;
}

export type FileOutcome =
  | { kind: 'skipped'; path: string; reason: string; notes: ScanNote[] }
  | {
      kind: 'checked';
      path: string;
      text: string;
      findings: Finding[];
      /** Secret values the findings identified, for redacting whatever quotes this file. */
      secrets: string[];
      /** Checked, but with something to say (a data-flow budget ran out, ...): the findings stand. */
      notes: ScanNote[];
    };

export interface ScanFilesOptions {
  rules: readonly RuleModule[];
  config: EngineConfig;
  today?: string;
  /** The project the paths belong to, so the context policy sees `test/...` rather than an absolute path. */
  projectRoot?: string;
  /** Follow data flow across the project's modules (on by default when `projectRoot` is given). */
  crossModule?: boolean;
  /**
   * Only files this accepts get an outcome (a shard, the files changed since a ref). The others are
   * still read and summarised in a cross-module scan, so a finding never depends on which files
   * were asked for.
   */
  reportOnly?: (path: string) => boolean;
  /**
   * A summaries file's modules (`rugged scan --summaries`): a module outside `reportOnly` takes its
   * summary from it where it still holds, and is then neither analysed nor, when nothing reported
   * imports it, even looked at. Those the scan summarised itself because the file's record was
   * stale are added to `summarisedHere`.
   */
  summaries?: { stored: StoredSummaries; summarisedHere: Map<string, Staleness> };
  /** Told of every analysis the project runs (fix trials aside), for tests. */
  onAnalysed?: (path: string) => void;
}

/** Checks `paths` one by one, lazily, so a caller can stop or report progress between files. */
export function* scanFiles(paths: readonly string[], options: ScanFilesOptions): Generator<FileOutcome> {
  if (options.projectRoot !== undefined && options.crossModule !== false) {
    yield* scanProjectFiles(paths, options, options.projectRoot);
    return;
  }
  for (const path of paths) {
    if (options.reportOnly && !options.reportOnly(path)) continue;
    const read = readSourceFile(path, options.config.maxFileSize);
    if (!('text' in read)) {
      yield { kind: 'skipped', path, reason: read.note.message, notes: [] };
      continue;
    }
    yield fileOutcome(path, read.text, read.note, analyzeOne(path, read.text, options));
  }
}

/** The path the context policy classifies: relative to the project root when there is one. */
export function contextPathOf(path: string, options: ScanFilesOptions): string | undefined {
  return options.projectRoot === undefined ? undefined : projectPath(options.projectRoot, path);
}

/** `verifyFixes: false` leaves out the fix trials, which change no summary (`rugged summaries`). */
export function analyzeOne(path: string, text: string, options: ScanFilesOptions, imported?: ImportedSummaries, verifyFixes = true): SummarizedResult {
  options.onAnalysed?.(path);
  return analyze(text, path, {
    rules: options.rules,
    config: options.config,
    today: options.today,
    projectPath: contextPathOf(path, options),
    ...(imported ? { importedSummaries: imported, summarize: true } : {}),
    ...(verifyFixes ? {} : { verifyFixes: false }),
  });
}

/** Reads every file, then analyses them as one project; outcomes come in the order of `paths`. */
function* scanProjectFiles(paths: readonly string[], options: ScanFilesOptions, root: string): Generator<FileOutcome> {
  const reads = readProjectFiles(paths, options);
  const texts = projectTexts(reads);
  const project = analyzeProject(texts, createModuleResolver(root, fileSystemHost()), (path, text, imported) => analyzeOne(path, text, options, imported), storedOptions(options));
  noteStaleSummaries(project, options);
  const trials = { ...options, onAnalysed: undefined };
  const results = withVerifiedForeignFixes(project.results, texts, (path, text) => analyzeOne(path, text, trials, project.importedFor(path)));
  yield* projectOutcomes(paths, options, reads, results);
}

/**
 * With a summaries file: settle only what the reported files depend on, and take stored results
 * for the components that hold no reported file (a reported file is always analysed, so its
 * findings are made here). Without one, the whole project is settled, as before.
 */
export function storedOptions(options: ScanFilesOptions): ProjectAnalysisOptions {
  const summaries = options.summaries;
  if (!summaries) return {};
  const reported = options.reportOnly ?? (() => true);
  const stored: StoredResults<SummarizedResult> = {
    take: (component, view) => (component.some(reported) ? undefined : summaries.stored.take(component, view)),
  };
  return { only: reported, stored };
}

/** Records each settled module whose stored summary was for another text, or missing: the scan summarised it. */
export function noteStaleSummaries(project: ProjectAnalysis, options: ScanFilesOptions): void {
  const summaries = options.summaries;
  if (!summaries) return;
  for (const path of project.settled) {
    const staleness = summaries.stored.staleness(path, project.textHash(path) ?? '');
    if (staleness) summaries.summarisedHere.set(path, staleness);
  }
}

export type SourceRead = ReturnType<typeof readSourceFile>;

/**
 * Reads every file of a project scan within the size cap before any is analysed, since a module is
 * analysed after the modules it imports, wherever they stand in the list.
 */
export function readProjectFiles(paths: readonly string[], options: ScanFilesOptions): Map<string, SourceRead> {
  const reads = new Map<string, SourceRead>();
  for (const path of paths) reads.set(path, readSourceFile(path, options.config.maxFileSize));
  return reads;
}

/** The texts of the files that could be read: what the project is made of. */
export function projectTexts(reads: ReadonlyMap<string, SourceRead>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [path, read] of reads) if ('text' in read) texts.set(path, read.text);
  return texts;
}

/** The outcome of each file asked for (`reportOnly`), in the order of `paths`, from the project's results. */
export function* projectOutcomes(paths: readonly string[], options: ScanFilesOptions, reads: ReadonlyMap<string, SourceRead>, results: ReadonlyMap<string, AnalysisResult>): Generator<FileOutcome> {
  for (const path of paths) {
    if (options.reportOnly && !options.reportOnly(path)) continue;
    const read = reads.get(path);
    const result = results.get(path);
    if (!read || !('text' in read) || !result) {
      yield { kind: 'skipped', path, reason: read && !('text' in read) ? read.note.message : 'not read', notes: [] };
      continue;
    }
    yield fileOutcome(path, read.text, read.note, result);
  }
}

/** What the scan says about one file, from its read and its engine result. */
export function fileOutcome(path: string, text: string, note: SourceNote | undefined, result: AnalysisResult): FileOutcome {
  const notes: ScanNote[] = note ? [{ kind: note.kind, message: note.message }] : [];
  const skips = result.notes.filter(isSkipNote);
  if (skips.length > 0) return { kind: 'skipped', path, reason: skips.map((n) => n.message).join(' '), notes };
  for (const fileNote of result.notes) notes.push({ kind: fileNote.kind, message: fileNote.message });
  return { kind: 'checked', path, text, findings: result.findings, secrets: knownSecrets(result.findings, text), notes };
}
