// The configuration that applies to one file: its project's `.rugged.json` (nearest project root)
// merged with the editor settings of that resource. Settings' per-rule severities win. Loaded
// configurations and ignore matchers are cached per project root until a `.rugged.json` changes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { globProblem } from '../config/globs';
import { RESERVED_KEYS } from '../config/jsonTree';
import { findProjectRoot, loadConfig, type ConfigProblem, type LoadedConfig } from '../config/load';
import type { EngineConfig } from '../engine/config';
import { IgnoreMatcher } from '../files/ignore';
import { DEFAULT_SETTINGS, type RuggedSettings } from '../shared/protocol';
import { loadBaselineSetting, type BaselineInEditor, type BaselineLoad } from './baselineSetting';

export interface EffectiveConfig {
  enabled: boolean;
  projectRoot: string;
  engine: EngineConfig;
  /** minimatch globs relative to the project root: `.rugged.json`'s, then the settings'. */
  ignore: string[];
  /** URI of the `.rugged.json` in force, if the project has one. */
  configFileUri?: string;
  /** Set by `rugged.baseline.file`: findings it holds are shown as hints. */
  baseline?: BaselineInEditor;
  /**
   * Changes whenever anything that shapes results changes: the configuration, the rules (the
   * server build) or the date (suppressions expire). Part of every content-hash cache key.
   */
  signature: string;
}

export type ConfigProblemsListener = (file: string, problems: readonly ConfigProblem[]) => void;

export class ProjectConfigs {
  private readonly rootByDirectory = new Map<string, string>();
  private readonly loadedByRoot = new Map<string, LoadedConfig>();
  private readonly matchers = new Map<string, IgnoreMatcher>();
  private readonly baselines = new Map<string, BaselineLoad>();

  /** `knownRuleIds`: what a `.rugged.json` may configure, from `knownRuleIds(rules)` of the session's rules. */
  constructor(
    private readonly onProblems: ConfigProblemsListener,
    private readonly knownRuleIds: ReadonlySet<string>,
  ) {}

  projectRootOf(filePath: string): string {
    return this.rootOfDirectory(dirname(filePath));
  }

  private rootOfDirectory(directory: string): string {
    let root = this.rootByDirectory.get(directory);
    if (root === undefined) {
      root = findProjectRoot(directory);
      this.rootByDirectory.set(directory, root);
    }
    return root;
  }

  forFile(filePath: string, settings: RuggedSettings): EffectiveConfig {
    return this.forDirectory(dirname(filePath), settings);
  }

  /** The configuration of the project a folder belongs to (the folder itself may be its root). */
  forDirectory(directory: string, settings: RuggedSettings): EffectiveConfig {
    const root = this.rootOfDirectory(directory);
    const loaded = this.load(root);
    const engine: EngineConfig = {
      rules: { ...loaded.engine.rules },
      checklist: loaded.engine.checklist,
      maxFileSize: settings.maxFileSize !== DEFAULT_SETTINGS.maxFileSize ? settings.maxFileSize : loaded.engine.maxFileSize,
      contexts: loaded.engine.contexts,
      profile: settings.profile !== DEFAULT_SETTINGS.profile ? settings.profile : loaded.engine.profile ?? 'default',
    };
    for (const [id, severity] of Object.entries(settings.rules)) {
      // Setting ids are keys of client JSON: a name of the object machinery is never a rule id.
      if (RESERVED_KEYS.has(id)) continue;
      engine.rules[id] = { ...engine.rules[id], severity };
    }
    // Editor settings can come from the workspace too (.vscode/settings.json): the same bounds as
    // `.rugged.json` globs apply, and a glob that fails them is left out rather than failing every file.
    const ignore = [...loaded.ignore, ...settings.ignore.filter((glob) => typeof glob === 'string' && globProblem(glob) === undefined)];
    const today = new Date().toISOString().slice(0, 10);
    const baseline = settings.baseline.file ? this.baselineOf(root, settings.baseline.file) : undefined;
    const baselineStamp = baseline ? [baseline.file, ...[...baseline.keys].sort()] : [];
    const signature = createHash('sha256').update(JSON.stringify([currentBuildStamp(), today, engine, ignore, baselineStamp])).digest('hex').slice(0, 24);
    return {
      enabled: settings.enable,
      projectRoot: root,
      engine,
      ignore,
      configFileUri: loaded.file ? pathToFileURL(loaded.file).toString() : undefined,
      baseline,
      signature,
    };
  }

  /** Why a scan would leave this file out (default excludes, .gitignore, ignore globs), if it would. */
  ignoreReason(filePath: string, config: EffectiveConfig): string | undefined {
    const key = `${config.projectRoot}\u0000${config.ignore.join('\u0000')}`;
    let matcher = this.matchers.get(key);
    if (!matcher) {
      matcher = new IgnoreMatcher(config.projectRoot, config.ignore);
      this.matchers.set(key, matcher);
    }
    return matcher.reasonForPath(filePath);
  }

  /** After a `.rugged.json`, `.gitignore` or project layout change: everything is read again. */
  invalidate(): void {
    this.rootByDirectory.clear();
    this.loadedByRoot.clear();
    this.matchers.clear();
    this.baselines.clear();
  }

  /** Read once per project and setting until invalidated; a problem is reported once, like a `.rugged.json` one. */
  private baselineOf(root: string, setting: string): BaselineInEditor | undefined {
    const key = `${root}\u0000${setting}`;
    let load = this.baselines.get(key);
    if (!load) {
      load = loadBaselineSetting(root, setting);
      this.baselines.set(key, load);
      if (load.problem) this.onProblems(load.problem.file, [load.problem]);
    }
    return load.baseline;
  }

  /** The `.rugged.json` of a project root as loaded (without editor settings). */
  loaded(root: string): LoadedConfig {
    return this.load(root);
  }

  private load(root: string): LoadedConfig {
    let loaded = this.loadedByRoot.get(root);
    if (!loaded) {
      loaded = loadConfig(root, { knownRuleIds: this.knownRuleIds });
      this.loadedByRoot.set(root, loaded);
      if (loaded.file) this.onProblems(loaded.file, loaded.problems);
    }
    return loaded;
  }
}

/**
 * Identifies this build of the server by content, so cached results never outlive a change of
 * rules while an identical rebuild keeps them. Hashed once, on first use.
 */
let buildStamp: string | undefined;
function currentBuildStamp(): string {
  if (buildStamp === undefined) {
    try {
      buildStamp = createHash('sha256').update(readFileSync(__filename)).digest('hex').slice(0, 16);
    } catch {
      buildStamp = 'unknown-build';
    }
  }
  return buildStamp;
}
