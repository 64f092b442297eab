// Reads and validates `.rugged.json` (JSON with comments) into the engine's configuration plus the
// project settings around it. A broken value is reported with its file and key and replaced by its
// default; the rest of the file still applies. Configuration is data only and never executed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseTree, printParseErrorCode, findNodeAtLocation, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { allRules } from '../../../rules/index';
import { BUILTIN_RULES } from '../engine/builtinRules';
import { defaultEngineConfig, type EngineConfig, type RuleSetting, type TeamRule } from '../engine/config';
import type { Severity } from '../engine/finding';
import schema from '../../schema/rugged.schema.json';

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
  /** Keys added by the backlog owner later; kept as data, never interpreted here. */
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
   * Rule ids that `rules` may name, besides the team rules declared in the same file. Defaults to
   * the shipped registry and the engine's own ids.
   */
  knownRuleIds?: Iterable<string>;
}

export function defaultConfig(): LoadedConfig {
  return { engine: defaultEngineConfig(), ignore: [], backlog: { directory: DEFAULT_BACKLOG_DIRECTORY }, problems: [] };
}

/** Loads `<projectRoot>/.rugged.json`, or the defaults when the project has none. */
export function loadConfig(projectRoot: string, options: ParseConfigOptions = {}): LoadedConfig {
  const file = join(projectRoot, CONFIG_FILE_NAME);
  if (!existsSync(file)) return defaultConfig();
  return loadConfigFile(file, options);
}

/** Loads a configuration file named explicitly (for example by `--config`). */
export function loadConfigFile(file: string, options: ParseConfigOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot be read (${(error as Error).message})`;
    return { ...defaultConfig(), file, problems: [{ file, key: '(root)', message: reason }] };
  }
  return parseConfigText(text, file, options);
}

const validate: ValidateFunction = new Ajv({ allErrors: true, strict: false }).compile(schema);

export function parseConfigText(text: string, file: string, options: ParseConfigOptions = {}): LoadedConfig {
  const config: LoadedConfig = { ...defaultConfig(), file };
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = lineStartsOf(source);
  const problem = (key: string, message: string, offset?: number): ConfigProblem => {
    const out: ConfigProblem = { file, key, message };
    if (offset !== undefined) Object.assign(out, positionOf(offset, lines));
    return out;
  };

  const syntaxErrors: ParseError[] = [];
  const tree = parseTree(source, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  if (syntaxErrors.length > 0 || !tree) {
    // A file that is not valid JSON is not guessed at: every value falls back to its default.
    const first = syntaxErrors[0];
    const message = first ? `not valid JSON: ${describeSyntaxError(first.error)}; all defaults are used` : 'the file is empty; all defaults are used';
    config.problems.push(problem('(root)', message, first?.offset));
    return config;
  }
  const raw = nodeValue(tree);
  if (!isPlainObject(raw)) {
    config.problems.push(problem('(root)', 'must be a JSON object such as { "rules": {} }; all defaults are used', tree.offset));
    return config;
  }

  const broken = new Set<string>();
  const offsetOf = (pointer: string): number | undefined => findNodeAtLocation(tree, pointerSegments(pointer))?.offset;
  // Problems with a key itself (unknown key, unknown rule id) point at the key, not its value.
  const keyOffsetOf = (pointer: string): number | undefined => {
    const node = findNodeAtLocation(tree, pointerSegments(pointer));
    return node?.parent?.type === 'property' ? node.parent.children?.[0]?.offset : node?.offset;
  };
  for (const error of (validate(raw) ? [] : validate.errors ?? []).filter((e) => e.keyword !== 'anyOf')) {
    const described = describeSchemaError(error, raw);
    if (!described) continue;
    broken.add(described.pointer);
    const at = error.keyword === 'additionalProperties' ? keyOffsetOf(described.pointer) : offsetOf(described.pointer);
    config.problems.push(problem(jsonPath(described.pointer), described.message, at));
  }
  dedupeProblems(config.problems);
  // A container (array, object of entries) stays usable when only some of its entries are broken.
  const usable = (pointer: string): boolean => !broken.has(pointer);
  const clean = (pointer: string): boolean => ![...broken].some((b) => b === pointer || b.startsWith(`${pointer}/`));

  if (Array.isArray(raw.checklist) && usable('/checklist')) {
    const seen = new Set<string>();
    raw.checklist.forEach((item, index) => {
      const pointer = `/checklist/${index}`;
      if (!clean(pointer) || !isPlainObject(item)) return;
      const rule = item as unknown as TeamRule;
      if (seen.has(rule.id)) {
        config.problems.push(problem(jsonPath(`${pointer}/id`), `duplicate team rule id "${rule.id}"; only the first one applies`, offsetOf(`${pointer}/id`)));
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
      ...(options.knownRuleIds ?? [...allRules.map((r) => r.id), ...BUILTIN_RULES.map((r) => r.id)]),
      ...config.engine.checklist.map((r) => r.id),
    ]);
    for (const [id, value] of Object.entries(raw.rules)) {
      const pointer = `/rules/${escapePointer(id)}`;
      if (!clean(pointer)) continue;
      if (!known.has(id)) {
        const hint = closest(id, known);
        config.problems.push(problem(jsonPath(pointer), `unknown rule id "${id}"${hint ? `; did you mean "${hint}"?` : ''} (see \`rugged rules\`)`, keyOffsetOf(pointer)));
        continue;
      }
      config.engine.rules[id] = toRuleSetting(value);
    }
  }

  if (Array.isArray(raw.ignore) && usable('/ignore')) {
    config.ignore = raw.ignore.filter((glob, index): glob is string => typeof glob === 'string' && clean(`/ignore/${index}`));
  }

  if (typeof raw.maxFileSize === 'number' && clean('/maxFileSize')) config.engine.maxFileSize = raw.maxFileSize;

  if (isPlainObject(raw.backlog) && usable('/backlog')) {
    const { directory, ...rest } = raw.backlog;
    Object.assign(config.backlog, rest);
    if (typeof directory === 'string' && clean('/backlog/directory')) {
      if (isAbsolute(directory) || normalize(directory).split(/[\\/]/).includes('..')) {
        config.problems.push(problem('backlog.directory', `must be a folder inside the project, relative to its root (got "${directory}"); no story is written until it is fixed`, offsetOf('/backlog/directory')));
      }
      // Kept even when wrong: the backlog refuses it, instead of quietly writing somewhere else.
      config.backlog.directory = directory;
    }
  }
  return config;
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

interface DescribedError {
  /** JSON pointer of the value that is wrong (for an unknown key: the key itself). */
  pointer: string;
  message: string;
}

const RULE_ENTRY = /^\/rules\/[^/]+$/;

/** Turns an ajv error into a sentence for people; returns undefined for errors said better by another. */
function describeSchemaError(error: ErrorObject, root: unknown): DescribedError | undefined {
  const pointer = error.instancePath;
  const value = valueAt(root, pointer);
  if (RULE_ENTRY.test(pointer) && error.keyword !== 'additionalProperties') {
    // A rule setting is a string or an object; ajv reports both branches, so say it once.
    if (isPlainObject(value)) return undefined;
    const message = typeof value === 'string'
      ? `must be "off", "error", "warning" or "info" (got "${value}")`
      : `must be "off", "error", "warning", "info" or an object { "severity": ..., "options": {...} } (got ${describeValue(value)})`;
    return { pointer, message };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(allowedKeysAt(pointer));
      const hint = closest(key, allowed);
      return {
        pointer: `${pointer}/${escapePointer(key)}`,
        message: `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ''}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`,
      };
    }
    case 'type':
      return { pointer, message: `must be ${article(String((error.params as { type: string }).type))} (got ${describeValue(value)})` };
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
      return { pointer, message: `must be one of ${allowed.join(', ')} (got ${describeValue(value)})` };
    }
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { pointer, message: `is missing the required key "${missing}"` };
    }
    case 'pattern':
      return { pointer, message: patternMessage(pointer, value) };
    case 'propertyNames':
      return undefined;
    case 'minLength':
      return { pointer, message: 'must not be empty' };
    case 'minimum':
      return { pointer, message: `must be at least ${(error.params as { limit: number }).limit} (got ${describeValue(value)})` };
    default:
      return { pointer, message: error.message ?? 'is not valid' };
  }
}

function patternMessage(pointer: string, value: unknown): string {
  if (pointer.endsWith('/id')) return `must be "team/<name>" in kebab-case, e.g. "team/no-raw-query" (got ${describeValue(value)})`;
  if (pointer.endsWith('/call')) return `must be a dotted callee such as "legacyDb.rawQuery" or "*.rawQuery" (got ${describeValue(value)})`;
  return `does not have the expected form (got ${describeValue(value)})`;
}

/** The properties the schema allows at a JSON pointer, for "did you mean" hints. */
function allowedKeysAt(pointer: string): Record<string, unknown> {
  const definitions = schema.definitions as Record<string, { properties?: Record<string, unknown>; anyOf?: { properties?: Record<string, unknown> }[] }>;
  if (pointer === '') return schema.properties;
  if (/^\/checklist\/\d+$/.test(pointer)) return definitions.teamRule.properties ?? {};
  if (RULE_ENTRY.test(pointer)) return definitions.ruleSetting.anyOf?.[1]?.properties ?? {};
  return {};
}

function dedupeProblems(problems: ConfigProblem[]): void {
  const seen = new Set<string>();
  for (let i = problems.length - 1; i >= 0; i--) {
    const key = `${problems[i].key}\u0000${problems[i].message}`;
    if (seen.has(key)) problems.splice(i, 1);
    else seen.add(key);
  }
}

function article(type: string): string {
  const names: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false' };
  return names[type] ?? type;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return String(value);
}

function describeSyntaxError(code: number): string {
  // printParseErrorCode gives names like "CommaExpected"; spell them as words.
  return printParseErrorCode(code).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A JSON pointer as the path people read: `rules["sql/no-x"]`, `checklist[0].call`, `(root)`. */
export function jsonPath(pointer: string): string {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return '(root)';
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The plain value of a parse tree. */
function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        // defineProperty, not assignment: a "__proto__" key must stay an ordinary own key.
        if (key && value) Object.defineProperty(out, String(key.value), { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The known id nearest to a misspelt one, if it is close enough to be a typo. */
function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionOf(offset: number, starts: number[]): { line: number; column: number } {
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line: line + 1, column: offset - starts[line] + 1 };
}
