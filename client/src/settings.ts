// Answers the server's `workspace/configuration` requests for the `rugged` section with a complete,
// well-typed `RuggedSettings` for the requested resource, so the server never sees half-filled
// or mistyped user settings.
import * as vscode from 'vscode';
import type { ConfigurationMiddleware, ConfigurationParams } from 'vscode-languageclient/node';
import { SETTINGS_SECTION, type RuggedSettings } from '../../server/src/shared/protocol';
import { normalizeSettings } from '../../server/src/shared/settings';

/** The effective `rugged.*` settings for a resource (folder and language overrides included). */
export function readSettings(scope: vscode.Uri | undefined): RuggedSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  // Each key is read on its own so folder and language overrides apply; the shared normaliser
  // (also run by the server) fills in defaults and drops what has the wrong type.
  return normalizeSettings({
    enable: config.get('enable'),
    rules: config.get('rules'),
    ignore: config.get('ignore'),
    scanOnStartup: config.get('scanOnStartup'),
    maxFileSize: config.get('maxFileSize'),
    baseline: { file: config.get('baseline.file') },
    profile: config.get('profile'),
    trace: { server: config.get('trace.server') },
  });
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
