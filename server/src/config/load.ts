// Reads and validates `.rugged.json` (JSON with comments) into the engine's configuration plus the
// project settings around it. A broken value is reported with its file and key and replaced by its
// default; the rest of the file still applies. Configuration is data only and never executed.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseTree, printParseErrorCode, findNodeAtLocation, type ParseError } from 'jsonc-parser';
import { describeRefusal, readRegularTextSync } from '../files/readRegularFile';
import { defaultEngineConfig, type EngineConfig, type RuleSetting, type TeamRule } from '../engine/config';
import type { Severity } from '../engine/finding';
import { lineStarts, pointAt } from '../engine/run';
import schema from '../../schema/rugged.schema.json';
import { quote } from './display';
import { readContexts } from './contexts';
import { globProblem } from './globs';
import { buildValue, RESERVED_KEYS } from './jsonTree';
import { MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, MAX_CONFIG_PROBLEMS } from './limits';
import { firstTooDeep } from './nesting';
import { trimOversized } from './oversized';
import { escapePointer, jsonPath, pathText, pointerSegments } from './pointers';
import { describeSchemaError, isPlainObject } from './schemaErrors';
import { closest } from './suggest';

export { jsonPath } from './pointers';

export const CONFIG_FILE_NAME = '.rugged.json';
export const DEFAULT_BACKLOG_DIRECTORY = 'backlog';

/** Something wrong in a configuration file, said so that the user can find and fix it. */
export interface ConfigProblem {
  /** The configuration file, as given (absolute when found by loadConfig). */
  file: string;
  /** Where in the file: a JSON path such as `rules["sql/no-x"]` or `checklist[0].call`; `(root)` for the whole file. */
  key: string;
  message: string;
  /** 1-based line of the offending key or value, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

export interface BacklogSettings {
  /** Backlog.md folder relative to the project root. */
  directory: string;
  /** Which backlog adapter stories go to (`markdown` when absent); the backlog refuses a name it does not know. */
  tracker?: string;
  /** The tracker's own keys (repository, project, apiUrl, ...): kept as data, read and checked by the adapter. */
  [key: string]: unknown;
}

export interface LoadedConfig {
  engine: EngineConfig;
  /** minimatch globs relative to the project root. */
  ignore: string[];
  backlog: BacklogSettings;
  /** The file the configuration came from; absent when defaults are used because there is none. */
  file?: string;
  problems: ConfigProblem[];
}

export interface ParseConfigOptions {
  /**
   * Rule ids that `rules` may name, besides the team rules declared in the same file: the caller's
   * `knownRuleIds(rules)` (catalog/knownRuleIds.ts), so this folder never picks a rule set itself.
   */
  knownRuleIds: Iterable<string>;
}

export function defaultConfig(): LoadedConfig {
  return { engine: defaultEngineConfig(), ignore: [], backlog: { directory: DEFAULT_BACKLOG_DIRECTORY }, problems: [] };
}

/** Loads `<projectRoot>/.rugged.json`, or the defaults when the project has none. */
export function loadConfig(projectRoot: string, options: ParseConfigOptions): LoadedConfig {
  const file = join(projectRoot, CONFIG_FILE_NAME);
  if (!existsSync(file)) return defaultConfig();
  return loadConfigFile(file, options);
}

/** Loads a configuration file named explicitly (for example by `--config`). */
export function loadConfigFile(file: string, options: ParseConfigOptions): LoadedConfig {
  // The file may be a link to /dev/zero or a FIFO committed by someone else: read it only if it is
  // a regular file of sane size, else say why and use the defaults.
  const read = readRegularTextSync(file, MAX_CONFIG_BYTES);
  if (!read.ok) {
    const reason = read.reason === 'missing' ? 'file not found' : `${describeRefusal(read)}; all defaults are used`;
    return { ...defaultConfig(), file, problems: [{ file, key: '(root)', message: reason }] };
  }
  return parseConfigText(read.text, file, options);
}

const validate: ValidateFunction = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** A problem found before its position is known: positions are looked up only for those listed. */
interface PendingProblem {
  key: string;
  message: string;
  offset?: () => number | undefined;
}

export function parseConfigText(text: string, file: string, options: ParseConfigOptions): LoadedConfig {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const pending: PendingProblem[] = [];
  let config: LoadedConfig;
  try {
    config = readConfigText(source, file, options, pending);
  } catch (error) {
    // Every hostile input found so far is bounded above; should one still get through, the project
    // keeps its diagnostics with the defaults and the file says why.
    config = { ...defaultConfig(), file };
    pending.length = 0;
    pending.push({ key: '(root)', message: `could not be checked (${quote(error instanceof Error ? error.message : String(error), 200)}); all defaults are used` });
  }
  config.problems = listProblems(pending, source, file);
  return config;
}

function readConfigText(source: string, file: string, options: ParseConfigOptions, pending: PendingProblem[]): LoadedConfig {
  const config: LoadedConfig = { ...defaultConfig(), file };
  const report = (key: string, message: string, offset?: () => number | undefined) => pending.push({ key, message, offset });

  if (source.length > MAX_CONFIG_BYTES) {
    report('(root)', `too large: ${source.length} characters, limit ${MAX_CONFIG_BYTES}; all defaults are used`);
    return config;
  }
  const tooDeep = firstTooDeep(source, MAX_CONFIG_DEPTH);
  if (tooDeep !== undefined) {
    report('(root)', `nests objects and arrays more than ${MAX_CONFIG_DEPTH} levels deep; all defaults are used`, () => tooDeep);
    return config;
  }
  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(source, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  if (syntaxErrors.length > 0 || !tree) {
    // A file that is not valid JSON is not guessed at: every value falls back to its default.
    const first = syntaxErrors[0];
    const message = first ? `not valid JSON: ${describeSyntaxError(first.error)}; all defaults are used` : 'the file is empty; all defaults are used';
    report('(root)', message, () => first?.offset);
    return config;
  }
  const built = buildValue(tree, MAX_CONFIG_PROBLEMS);
  let starts: number[] | undefined;
  const lineOf = (offset: number) => positionOf(offset, (starts ??= lineStarts(source))).line;
  for (const issue of built.issues) {
    const message = issue.kind === 'duplicate'
      ? `duplicate key ${quote(issue.key)}; only its first occurrence${issue.firstOffset !== undefined ? ` (line ${lineOf(issue.firstOffset)})` : ''} applies`
      : `key ${quote(issue.key)} is reserved and ignored`;
    report(pathText(issue.path), message, () => issue.offset);
  }
  if (built.moreIssues > 0) report('(root)', `${built.moreIssues} more duplicate or reserved keys`);
  if (!isPlainObject(built.value)) {
    report('(root)', 'must be a JSON object such as { "rules": {} }; all defaults are used', () => tree.offset);
    return config;
  }

  // Pointers of broken values, and of every container holding one: a lookup, not a search.
  const broken = new Set<string>();
  const holdsBroken = new Set<string>();
  const markBroken = (pointer: string) => {
    broken.add(pointer);
    for (let p = pointer; !holdsBroken.has(p); p = p.slice(0, Math.max(0, p.lastIndexOf('/')))) {
      holdsBroken.add(p);
      if (p === '') break;
    }
  };
  const offsetOf = (pointer: string) => () => findNodeAtLocation(tree, pointerSegments(pointer))?.offset;
  // Problems with a key itself (unknown key, unknown rule id) point at the key, not its value.
  const keyOffsetOf = (pointer: string) => () => {
    const node = findNodeAtLocation(tree, pointerSegments(pointer));
    return node?.parent?.type === 'property' ? node.parent.children?.[0]?.offset : node?.offset;
  };
  const trimmed = trimOversized(built.value, schema);
  for (const container of trimmed.oversized) {
    markBroken(container.pointer);
    report(jsonPath(container.pointer), container.message, offsetOf(container.pointer));
  }
  const raw = trimmed.value as Record<string, unknown>;
  const seenSchemaProblems = new Set<string>();
  for (const error of validate(raw) ? [] : validate.errors ?? []) {
    if (error.keyword === 'anyOf') continue;
    const described = describeSchemaError(error, raw);
    if (!described) continue;
    markBroken(described.pointer);
    const key = jsonPath(described.pointer);
    // The same sentence for the same key is said once (ajv may reach a value by two paths).
    const said = `${key}\u0000${described.message}`;
    if (seenSchemaProblems.has(said)) continue;
    seenSchemaProblems.add(said);
    report(key, described.message, described.atKey ? keyOffsetOf(described.pointer) : offsetOf(described.pointer));
  }
  // A container (array, object of entries) stays usable when only some of its entries are broken.
  const usable = (pointer: string): boolean => !broken.has(pointer);
  const clean = (pointer: string): boolean => !holdsBroken.has(pointer);

  if (Array.isArray(raw.checklist) && usable('/checklist')) {
    const seen = new Set<string>();
    raw.checklist.forEach((item, index) => {
      const pointer = `/checklist/${index}`;
      if (!clean(pointer) || !isPlainObject(item)) return;
      const rule = item as unknown as TeamRule;
      if (seen.has(rule.id)) {
        report(jsonPath(`${pointer}/id`), `duplicate team rule id ${quote(rule.id)}; only the first one applies`, offsetOf(`${pointer}/id`));
        return;
      }
      seen.add(rule.id);
      const team: TeamRule = { id: rule.id, call: rule.call, message: rule.message };
      if (rule.preferred !== undefined) team.preferred = rule.preferred;
      if (rule.severity !== undefined) team.severity = rule.severity;
      config.engine.checklist.push(team);
    });
  }

  if (isPlainObject(raw.rules) && usable('/rules')) {
    const known = new Set<string>([
      ...options.knownRuleIds,
      ...config.engine.checklist.map((r) => r.id),
    ]);
    // Suggestions cost an edit distance per known id: only the problems that get listed need one.
    let suggestionsLeft = MAX_CONFIG_PROBLEMS;
    for (const [id, value] of Object.entries(raw.rules)) {
      const pointer = `/rules/${escapePointer(id)}`;
      if (!clean(pointer)) continue;
      if (!known.has(id) || RESERVED_KEYS.has(id)) {
        const hint = suggestionsLeft-- > 0 ? closest(id, known) : undefined;
        report(jsonPath(pointer), `unknown rule id ${quote(id)}${hint ? `; did you mean "${hint}"?` : ''} (see \`rugged rules\`)`, keyOffsetOf(pointer));
        continue;
      }
      config.engine.rules[id] = toRuleSetting(value);
    }
  }

  if (Array.isArray(raw.ignore) && usable('/ignore')) {
    raw.ignore.forEach((glob, index) => {
      const pointer = `/ignore/${index}`;
      if (typeof glob !== 'string' || !clean(pointer)) return;
      const problem = globProblem(glob);
      if (problem) report(jsonPath(pointer), `${problem}; this glob is not used`, offsetOf(pointer));
      else config.ignore.push(glob);
    });
  }

  readContexts(raw.contexts, raw.contextSeverity, config.engine.contexts, { usable, clean }, (pointer, message) => report(jsonPath(pointer), message, offsetOf(pointer)));

  if (typeof raw.maxFileSize === 'number' && clean('/maxFileSize')) config.engine.maxFileSize = raw.maxFileSize;
  // The schema's enum reports any other value; the default profile is kept then.
  if (raw.profile === 'default' || raw.profile === 'audit') config.engine.profile = raw.profile;

  if (isPlainObject(raw.backlog) && usable('/backlog')) {
    const backlog: BacklogSettings = { directory: DEFAULT_BACKLOG_DIRECTORY };
    // Copied key by key onto a fresh object, never merged: the reserved names are already gone,
    // and defineProperty could not reach a setter even if one were left.
    for (const [key, value] of Object.entries(raw.backlog)) {
      if (key === 'directory' || key === 'tracker' || RESERVED_KEYS.has(key)) continue;
      Object.defineProperty(backlog, key, { value, enumerable: true, writable: true, configurable: true });
    }
    config.backlog = backlog;
    const directory = raw.backlog.directory;
    if (typeof directory === 'string' && clean('/backlog/directory')) {
      if (isAbsolute(directory) || normalize(directory).split(/[\\/]/).includes('..')) {
        report('backlog.directory', `must be a folder inside the project, relative to its root (got ${quote(directory)}); no story is written until it is fixed`, offsetOf('/backlog/directory'));
      }
      // Kept even when wrong: the backlog refuses it, instead of quietly writing somewhere else.
      config.backlog.directory = directory;
    }
    // A tracker name outside the schema's list is kept too, for the same reason; one that is not
    // a string cannot name anything and is left out (the schema reports it).
    const tracker = raw.backlog.tracker;
    if (typeof tracker === 'string') config.backlog.tracker = tracker;
  }
  return config;
}

/**
 * The problems as listed: each sentence once per key, at most MAX_CONFIG_PROBLEMS of them plus a
 * count of the rest, and a position for each one listed.
 */
function listProblems(pending: readonly PendingProblem[], source: string, file: string): ConfigProblem[] {
  const seen = new Set<string>();
  const unique = pending.filter((p) => {
    const key = `${p.key}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const listed = unique.slice(0, MAX_CONFIG_PROBLEMS);
  let starts: number[] | undefined;
  const problems = listed.map((p): ConfigProblem => {
    const out: ConfigProblem = { file, key: p.key, message: p.message };
    const offset = p.offset?.();
    if (offset !== undefined) Object.assign(out, positionOf(offset, (starts ??= lineStarts(source))));
    return out;
  });
  if (unique.length > listed.length) {
    problems.push({ file, key: '(root)', message: `${unique.length - listed.length} more problems are not listed; fix the ones above first` });
  }
  return problems;
}

/**
 * The project a path belongs to: the nearest folder (the path itself or an ancestor) holding a
 * `.rugged.json`, else the nearest with a `package.json`, else the nearest with `.git`, else the
 * folder of the path.
 */
export function findProjectRoot(path: string): string {
  let start = resolve(path);
  try {
    if (!statSync(start).isDirectory()) start = dirname(start);
  } catch {
    // A path that does not exist yet still has a project: look from where it would be.
    start = dirname(start);
  }
  for (const marker of [CONFIG_FILE_NAME, 'package.json', '.git']) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, marker))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return start;
}

function toRuleSetting(value: unknown): RuleSetting {
  if (typeof value === 'string') return { severity: value as Severity | 'off' };
  const object = value as { severity?: Severity | 'off'; options?: Record<string, unknown> };
  const setting: RuleSetting = {};
  if (object.severity !== undefined) setting.severity = object.severity;
  if (object.options !== undefined) setting.options = object.options;
  return setting;
}

function describeSyntaxError(code: number): string {
  // printParseErrorCode gives names like "CommaExpected"; spell them as words.
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Line and 1-based column of an offset, as editors and the CLI show configuration problems. */
function positionOf(offset: number, starts: number[]): { line: number; column: number } {
  const point = pointAt(offset, starts);
  return { line: point.line, column: point.column + 1 };
}
