// The engine's view of configuration: already loaded and validated (server/src/config does the
// file reading). Plain data only; no configuration value is ever executed.
import { defaultContextSettings, type ContextSettings } from './contexts';
import type { Severity } from './finding';

export interface RuleSetting {
  /** 'off' disables the rule; a severity replaces the rule's own. */
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

/** A team checklist rule declared as data: calling `call` is forbidden, `preferred` is what to use. */
export interface TeamRule {
  /** `team/<name>`. */
  id: string;
  /** Dotted callee as written in code, e.g. `legacyDb.rawQuery`; `*.rawQuery` matches any receiver. */
  call: string;
  message: string;
  preferred?: string;
  severity?: Severity;
}

/**
 * Which findings a scan shows. `default`: what a maintainer should act on (request input, and
 * strings built from parameters a caller controls). `audit`: also strings built from values the
 * analysis cannot place (properties of `this`, metadata objects, results of internal calls), for a
 * reviewer who wants every raw statement assembled at run time.
 */
export type Profile = 'default' | 'audit';

export const PROFILES: readonly Profile[] = ['default', 'audit'];

export interface EngineConfig {
  rules: Record<string, RuleSetting>;
  /** Absent means `default`. */
  profile?: Profile;
  checklist: TeamRule[];
  /** Files longer than this many characters are skipped with a note. */
  maxFileSize: number;
  /** Which paths are tests, fixtures, scripts... and what each context does to severities. */
  contexts: ContextSettings;
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export function defaultEngineConfig(): EngineConfig {
  return { rules: {}, profile: 'default', checklist: [], maxFileSize: DEFAULT_MAX_FILE_SIZE, contexts: defaultContextSettings() };
}
