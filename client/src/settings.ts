// Answers the server's `workspace/configuration` requests for the `rugged` section with a complete,
// well-typed `RuggedSettings` for the requested resource, so the server never sees half-filled
// or mistyped user settings.
import * as vscode from 'vscode';
import type { ConfigurationMiddleware, ConfigurationParams } from 'vscode-languageclient/node';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SECTION,
  type RuggedSettings,
  type SeverityOverride,
  type TraceLevel,
} from '../../server/src/shared/protocol';

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'] satisfies SeverityOverride[];
const TRACE_LEVELS: readonly string[] = ['off', 'messages', 'verbose'] satisfies TraceLevel[];

/** The effective `rugged.*` settings for a resource (folder and language overrides included). */
export function readSettings(scope: vscode.Uri | undefined): RuggedSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const trace = config.get<unknown>('trace.server');
  return {
    enable: booleanOr(config.get('enable'), DEFAULT_SETTINGS.enable),
    rules: severityMap(config.get('rules')),
    ignore: stringList(config.get('ignore')),
    scanOnStartup: booleanOr(config.get('scanOnStartup'), DEFAULT_SETTINGS.scanOnStartup),
    maxFileSize: positiveNumberOr(config.get('maxFileSize'), DEFAULT_SETTINGS.maxFileSize),
    trace: {
      server: typeof trace === 'string' && TRACE_LEVELS.includes(trace) ? (trace as TraceLevel) : 'off',
    },
  };
}

type ConfigurationHandler = NonNullable<ConfigurationMiddleware['configuration']>;

/** Replaces the library's raw answer for the `rugged` section; other sections pass through. */
export const configurationMiddleware: ConfigurationHandler = async (params: ConfigurationParams, token, next) => {
  const raw = await next(params, token);
  if (!Array.isArray(raw)) return raw;
  return params.items.map((item, index): unknown => {
    if (item.section !== SETTINGS_SECTION) return raw[index];
    const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
    return readSettings(scope);
  });
};

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function positiveNumberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}

function severityMap(value: unknown): Record<string, SeverityOverride> {
  const result: Record<string, SeverityOverride> = {};
  if (typeof value !== 'object' || value === null) return result;
  for (const [ruleId, severity] of Object.entries(value)) {
    if (typeof severity === 'string' && SEVERITIES.includes(severity)) result[ruleId] = severity as SeverityOverride;
  }
  return result;
}
