// Turns the `rugged` settings section, as a client sent it, into a complete RuggedSettings. The
// VS Code client runs it before answering `workspace/configuration`, and the server runs it again
// on whatever arrives, because other editors send their users' JSON as it is. One function, so
// both sides agree on every default and bound.
import { DEFAULT_SETTINGS, type ProfileSetting, type RuggedSettings, type SeverityOverride, type TraceLevel } from './protocol';

const SEVERITY_OVERRIDES: readonly string[] = ['error', 'warning', 'info', 'off'] satisfies SeverityOverride[];
const TRACE_LEVELS: readonly string[] = ['off', 'messages', 'verbose'] satisfies TraceLevel[];
const PROFILES: readonly string[] = ['default', 'audit'] satisfies ProfileSetting[];

/** The same bounds `.rugged.json` has (server/schema/rugged.schema.json): settings are workspace text too. */
export const MAX_SETTING_RULES = 1000;
export const MAX_SETTING_GLOBS = 1000;
const MAX_RULE_ID_LENGTH = 128;
const MAX_GLOB_LENGTH = 1024;

/** Names of the object machinery: never a rule id, and never copied as a key. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Anything malformed falls back to its default; nothing is trusted to have the declared type. */
export function normalizeSettings(raw: unknown): RuggedSettings {
  try {
    return normalize(isObject(raw) ? raw : {});
  } catch {
    // A proxy or getter that throws (a misbehaving client) is not worth a failed request.
    return normalize({});
  }
}

function normalize(input: Record<string, unknown>): RuggedSettings {
  const trace = isObject(input.trace) ? input.trace.server : undefined;
  return {
    enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_SETTINGS.enable,
    rules: severityOverrides(input.rules),
    ignore: globs(input.ignore),
    scanOnStartup: typeof input.scanOnStartup === 'boolean' ? input.scanOnStartup : DEFAULT_SETTINGS.scanOnStartup,
    maxFileSize:
      typeof input.maxFileSize === 'number' && Number.isFinite(input.maxFileSize) && input.maxFileSize >= 1
        ? Math.floor(input.maxFileSize)
        : DEFAULT_SETTINGS.maxFileSize,
    baseline: { file: baselineFile(isObject(input.baseline) ? input.baseline.file : undefined) },
    profile: typeof input.profile === 'string' && PROFILES.includes(input.profile) ? (input.profile as ProfileSetting) : DEFAULT_SETTINGS.profile,
    trace: { server: typeof trace === 'string' && TRACE_LEVELS.includes(trace) ? (trace as TraceLevel) : DEFAULT_SETTINGS.trace.server },
  };
}

/** A path, not a document: bounded like a glob, and one line. */
function baselineFile(value: unknown): string {
  return typeof value === 'string' && value.length <= MAX_GLOB_LENGTH && !/[\0\n\r]/.test(value) ? value.trim() : DEFAULT_SETTINGS.baseline.file;
}

function severityOverrides(value: unknown): Record<string, SeverityOverride> {
  const rules: Record<string, SeverityOverride> = {};
  if (!isObject(value)) return rules;
  let kept = 0;
  for (const id of Object.keys(value)) {
    if (kept >= MAX_SETTING_RULES) break;
    if (RESERVED_KEYS.has(id) || id.length > MAX_RULE_ID_LENGTH) continue;
    const severity = value[id];
    if (typeof severity !== 'string' || !SEVERITY_OVERRIDES.includes(severity)) continue;
    rules[id] = severity as SeverityOverride;
    kept++;
  }
  return rules;
}

/** Only the first MAX_SETTING_GLOBS entries are looked at, however long the array claims to be. */
function globs(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  const end = Math.min(value.length, MAX_SETTING_GLOBS);
  for (let i = 0; i < end; i++) {
    const glob: unknown = value[i];
    if (typeof glob === 'string' && glob.length > 0 && glob.length <= MAX_GLOB_LENGTH) out.push(glob);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
