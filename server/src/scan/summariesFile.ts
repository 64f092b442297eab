// The file `rugged summaries` writes and `rugged scan --summaries` reads: every imported module's
// summary once the project's cross-module flow has settled, so each job of a CI matrix takes its
// imports' summaries from it instead of analysing the whole project again.
// It travels as a CI artifact, so it is written to be harmless and read as hostile: paths are
// relative to the repository and must stay inside it, the text a fix replaces is kept as a hash,
// a summary holding anything that looks like a secret is left out, and every field is checked
// (`summaryValidation.ts`) before the engine sees it.
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { RuleModule } from '../engine/api';
import type { EngineConfig } from '../engine/config';
import type { ForeignFix } from '../engine/finding';
import type { FunctionSummary, ImportedSummaries, ModuleSummary } from '../engine/summaries';
import { redactSecrets } from '../redaction/redact';
import { hashOf } from './exportedSummaries';
import { validModuleSummary } from './summaryValidation';

export const SUMMARIES_FORMAT = 'rugged-summaries';
export const SUMMARIES_FORMAT_VERSION = 1;

/** Modules a summaries file may list: far beyond any repository Rugged scans in one job. */
const MAX_MODULES = 200_000;
/** Characters in one module path (PATH_MAX on Linux is 4,096 bytes). */
const MAX_PATH = 4_096;

/**
 * Why a module has no summary in the file, though its text is recorded: no module imports it (so
 * none reads its summary), a text in the summary looked like a secret, or the summary names a file
 * outside the repository. A scan that needs such a module's summary makes it.
 */
export type OmittedReason = 'not-imported' | 'secret' | 'outside';

const OMITTED_REASONS: readonly unknown[] = ['not-imported', 'secret', 'outside'] satisfies OmittedReason[];

/** One module as the file stores it. */
export interface SummariesEntry {
  /** Relative to the repository (the scan's source root), with forward slashes. */
  path: string;
  /** SHA-256 of the text that was summarised, in hex. */
  sha256: string;
  /**
   * What the module shows its importers, its files repository-relative and each text a fix
   * replaces as its SHA-256; null when the engine made none (a file it skipped or could not parse).
   * Absent when `omitted` says why.
   */
  summary?: unknown;
  /** SHA-256 of what the module saw of its imports when it was summarised (`viewHash`). */
  imports?: string;
  omitted?: OmittedReason;
  /**
   * The module's findings identified secret values (a committed key): `rugged summaries --previous`
   * analyses it again rather than reuse its summary, so those values are known when it checks
   * what it writes. The values themselves are never written.
   */
  secrets?: true;
}

export interface SummariesFile {
  format: typeof SUMMARIES_FORMAT;
  formatVersion: typeof SUMMARIES_FORMAT_VERSION;
  /** The Rugged version that wrote it: summaries of another version may say other things. */
  ruggedVersion: string;
  /** `summariesFingerprint` of the rules and configuration it was made with. */
  fingerprint: string;
  modules: SummariesEntry[];
}

/** A module of the file as a scan uses it: absolute paths, fixes' replaced texts still as hashes. */
export interface StoredModule {
  sha256: string;
  /** True when the file records what the module exports (`summary`, possibly none). */
  recorded: boolean;
  summary?: ModuleSummary;
  imports?: string;
  /** See `SummariesEntry.secrets`. */
  secrets: boolean;
}

/**
 * What summaries depend on besides the code: which shipped rules run (a rule turned off reports no
 * sink), their options, and the size past which a file is skipped. The profile, rule severities,
 * contexts and team rules only shape findings (`summarize.ts` reads none of them), so a summaries
 * file serves scans that differ in those.
 */
export function summariesFingerprint(rules: readonly RuleModule[], config: EngineConfig): string {
  const enabled = rules
    .filter((rule) => !rule.meta.deprecated && config.rules[rule.id]?.severity !== 'off')
    .map((rule) => ({ id: rule.id, options: config.rules[rule.id]?.options ?? null }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hashOf({ rules: enabled, maxFileSize: config.maxFileSize });
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `path` relative to `root` with forward slashes, or undefined when it lies outside. */
export function repositoryPath(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * The absolute path a repository path of the file names, or why it is refused: only plain
 * relative paths with forward slashes, no `.` or `..` segment, so nothing leads out of `root`.
 */
export function resolveRepositoryPath(root: string, path: string): { ok: true; path: string } | { ok: false } {
  if (path.length === 0 || path.length > MAX_PATH || path.startsWith('/') || /[\\\0]/.test(path) || /^[A-Za-z]:/.test(path)) return { ok: false };
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return { ok: false };
  return { ok: true, path: join(root, ...path.split('/')) };
}

/** A summary with its files renamed (`file`) and each fix's replaced texts mapped (`replaced`); undefined when a file has no name. */
export function mapSummary(summary: ModuleSummary, file: (path: string) => string | undefined, replaced: (fix: ForeignFix) => string[] | undefined): ModuleSummary | undefined {
  const functions: Record<string, FunctionSummary> = {};
  for (const [name, fn] of Object.entries(summary.functions)) {
    const mapped = mapFunction(fn, file, replaced);
    if (!mapped) return undefined;
    Object.defineProperty(functions, name, { value: mapped, enumerable: true, writable: true, configurable: true });
  }
  return { functions, reExports: summary.reExports, imports: summary.imports };
}

function mapFunction(fn: FunctionSummary, file: (path: string) => string | undefined, replaced: (fix: ForeignFix) => string[] | undefined): FunctionSummary | undefined {
  const sinks: FunctionSummary['sinks'] = [];
  for (const fact of fn.sinks) {
    const steps: typeof fact.steps = [];
    for (const step of fact.steps) {
      const name = file(step.file);
      if (name === undefined) return undefined;
      steps.push({ ...step, file: name });
    }
    let fixes: ForeignFix[] | undefined;
    if (fact.fixes) {
      fixes = [];
      for (const fix of fact.fixes) {
        const name = file(fix.file);
        const texts = replaced(fix);
        if (name === undefined || texts === undefined) return undefined;
        fixes.push({ ...fix, file: name, replaced: texts });
      }
    }
    sinks.push({ ...fact, steps, ...(fixes ? { fixes } : {}) });
  }
  return { ...fn, sinks };
}

/** What the file stores of a fix's replaced texts: their hashes, since the text may be anything the code holds. */
const hashedReplaced = (fix: ForeignFix): string[] => fix.replaced.map(sha256);

/**
 * A hash of what a module sees of its imports that does not depend on where the repository sits
 * on disk: equal hashes mean the engine is handed the same summaries, so it summarises alike.
 */
export function viewHash(view: ImportedSummaries, file: (path: string) => string | undefined): string | undefined {
  const portable: Record<string, Record<string, FunctionSummary>> = {};
  for (const [specifier, functions] of Object.entries(view)) {
    const table: Record<string, FunctionSummary> = {};
    for (const [name, fn] of Object.entries(functions)) {
      const mapped = mapFunction(fn, file, hashedReplaced);
      if (!mapped) return undefined;
      Object.defineProperty(table, name, { value: mapped, enumerable: true, writable: true, configurable: true });
    }
    Object.defineProperty(portable, specifier, { value: table, enumerable: true, writable: true, configurable: true });
  }
  return hashOf(portable);
}

/** One settled module, as `writeSummaries` needs it. */
export interface SettledModule {
  path: string;
  text: string;
  /** Absent: not analysed, since no module imports it. */
  analysed?: {
    summary?: ModuleSummary;
    view: ImportedSummaries;
    /** Its findings identified secret values. */
    secrets: boolean;
  };
}

/**
 * The summaries file of a settled project. `secrets` are the values the analyses identified as
 * secrets anywhere in it: a summary in which redaction would change any text is left out (the
 * scan summarises that module itself), so the file quotes no secret and no summary is altered.
 */
export function writeSummaries(modules: Iterable<SettledModule>, options: { sourceRoot: string; ruggedVersion: string; fingerprint: string; secrets: readonly string[] }): SummariesFile {
  const rel = (path: string) => repositoryPath(options.sourceRoot, path);
  const entries: SummariesEntry[] = [];
  for (const module of modules) {
    const path = rel(module.path);
    // A file outside the repository cannot be named in it; the scan summarises it itself.
    if (path === undefined) continue;
    const entry: SummariesEntry = { path, sha256: sha256(module.text) };
    entries.push(entry);
    if (!module.analysed) {
      entry.omitted = 'not-imported';
      continue;
    }
    if (module.analysed.secrets) entry.secrets = true;
    const summary = module.analysed.summary === undefined ? null : mapSummary(module.analysed.summary, rel, hashedReplaced);
    const imports = viewHash(module.analysed.view, rel);
    if (summary === undefined || imports === undefined) {
      entry.omitted = 'outside';
      continue;
    }
    if (summary !== null && quotesSecret(summary, options.secrets)) {
      entry.omitted = 'secret';
      continue;
    }
    entry.summary = summary;
    entry.imports = imports;
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { format: SUMMARIES_FORMAT, formatVersion: SUMMARIES_FORMAT_VERSION, ruggedVersion: options.ruggedVersion, fingerprint: options.fingerprint, modules: entries };
}

/**
 * The file as text: compact JSON with every object's keys sorted, so the same summaries give the
 * same bytes whether they were made now or reused (`--previous`), and a cache keyed by the file
 * sees no change where there is none.
 */
export function serializeSummaries(file: SummariesFile): string {
  return JSON.stringify(file, (_key, value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  });
}

/**
 * True when redaction would change any text of the summary: a name, a message, data, a path, a
 * fix's new text. The replaced texts are hashes by now, and hashes are not what redaction is for.
 */
function quotesSecret(value: unknown, secrets: readonly string[]): boolean {
  if (typeof value === 'string') return redactSecrets(value, secrets).count > 0;
  if (Array.isArray(value)) return value.some((item) => quotesSecret(item, secrets));
  if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => quotesSecret(key, secrets) || (key !== 'replaced' && quotesSecret(item, secrets)));
  return false;
}

/** `outdated`: the file is sound but was made by another version or configuration. */
export type ReadSummaries = { ok: true; modules: Map<string, StoredModule> } | { ok: false; error: string; outdated?: true };

/**
 * Reads a summaries file's text for a scan of this Rugged (`ruggedVersion`) with these rules and
 * configuration (`fingerprint`), its paths resolved under `sourceRoot`. Refuses, with one line
 * saying why, anything that is not such a file: a summary of another version or configuration
 * would silently change findings, and a broken or forged one must not reach the engine.
 */
export function readSummaries(text: string, expected: { sourceRoot: string; ruggedVersion: string; fingerprint: string }): ReadSummaries {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})` };
  }
  if (!isRecord(value) || value.format !== SUMMARIES_FORMAT) return { ok: false, error: 'not a file written by "rugged summaries"' };
  if (value.formatVersion !== SUMMARIES_FORMAT_VERSION) {
    return { ok: false, outdated: true, error: `summaries format ${short(value.formatVersion)}, this Rugged reads format ${SUMMARIES_FORMAT_VERSION}: run "rugged summaries" again with this version` };
  }
  if (value.ruggedVersion !== expected.ruggedVersion) {
    return { ok: false, outdated: true, error: `written by Rugged ${short(value.ruggedVersion)}, this is Rugged ${expected.ruggedVersion}: run "rugged summaries" with the version that scans` };
  }
  if (value.fingerprint !== expected.fingerprint) {
    return { ok: false, outdated: true, error: 'made with other rules or rule options than this scan: run "rugged summaries" with the same configuration' };
  }
  if (!Array.isArray(value.modules) || value.modules.length > MAX_MODULES) return { ok: false, error: `"modules" must be a list of at most ${MAX_MODULES} modules` };
  const modules = new Map<string, StoredModule>();
  for (const [index, entry] of value.modules.entries()) {
    const read = readEntry(entry, expected.sourceRoot);
    if (!read.ok) return { ok: false, error: `modules[${index}]: ${read.error}` };
    if (modules.has(read.path)) return { ok: false, error: `modules[${index}]: ${short(read.name)} is listed twice` };
    modules.set(read.path, read.module);
  }
  return { ok: true, modules };
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;

function readEntry(entry: unknown, root: string): { ok: true; path: string; name: string; module: StoredModule } | { ok: false; error: string } {
  if (!isRecord(entry) || typeof entry.path !== 'string') return { ok: false, error: 'not a module entry' };
  const name = entry.path;
  const resolved = resolveRepositoryPath(root, name);
  if (!resolved.ok) return { ok: false, error: `path ${short(name)} is not a plain path inside the repository` };
  if (typeof entry.sha256 !== 'string' || !HEX_DIGEST.test(entry.sha256)) return { ok: false, error: 'sha256 is not a SHA-256 in hex' };
  if (entry.secrets !== undefined && entry.secrets !== true) return { ok: false, error: 'secrets is not true' };
  const secrets = entry.secrets === true;
  if (entry.omitted !== undefined) {
    if (!OMITTED_REASONS.includes(entry.omitted)) return { ok: false, error: 'omitted has an unknown reason' };
    if (entry.summary !== undefined || entry.imports !== undefined) return { ok: false, error: 'an omitted summary has a summary' };
    return { ok: true, path: resolved.path, name, module: { sha256: entry.sha256, recorded: false, secrets } };
  }
  if (typeof entry.imports !== 'string' || !HEX_DIGEST.test(entry.imports)) return { ok: false, error: 'imports is not a SHA-256 in hex' };
  if (entry.summary === null) return { ok: true, path: resolved.path, name, module: { sha256: entry.sha256, recorded: true, imports: entry.imports, secrets } };
  let outside: string | undefined;
  const file = (path: string): string | undefined => {
    const target = resolveRepositoryPath(root, path);
    if (target.ok) return target.path;
    outside ??= path;
    return undefined;
  };
  const summary = validModuleSummary(entry.summary, { file });
  if (outside !== undefined) return { ok: false, error: `the summary names ${short(outside)}, not a plain path inside the repository` };
  if (!summary) return { ok: false, error: 'the summary is not one Rugged writes (a field is missing, mistyped or too large)' };
  if (Object.values(summary.functions).some((fn) => fn.sinks.some((fact) => fact.fixes?.some((fix) => !fix.replaced.every((h) => HEX_DIGEST.test(h)))))) {
    return { ok: false, error: 'a fix in the summary does not name the text it replaces by its SHA-256' };
  }
  return { ok: true, path: resolved.path, name, module: { sha256: entry.sha256, recorded: true, summary, imports: entry.imports, secrets } };
}

/** A value of the file quoted in a message: JSON, cut short, so a hostile file cannot flood the line. */
function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
