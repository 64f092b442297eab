// Per-resource settings: fetched with `workspace/configuration` (section `rugged`, scopeUri = the
// resource), cached per URI and dropped when the client says they changed. Clients without the
// configuration capability get the defaults, or what they last pushed in didChangeConfiguration.
import { DEFAULT_SETTINGS, type RuggedSettings, type SeverityOverride, type TraceLevel } from '../shared/protocol';

/** Asks the client for the `rugged` section of one resource. */
export type ConfigurationFetcher = (scopeUri: string) => Promise<unknown>;

export class SettingsCache {
  private readonly byUri = new Map<string, Promise<RuggedSettings>>();
  private pushed: RuggedSettings = normalizeSettings(undefined);

  /** `fetch` is undefined when the client lacks the `workspace.configuration` capability. */
  constructor(
    private readonly fetch: ConfigurationFetcher | undefined,
    private readonly log: (message: string) => void,
  ) {}

  get(uri: string): Promise<RuggedSettings> {
    const fetch = this.fetch;
    if (!fetch) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = fetch(uri).then(normalizeSettings, (error: unknown) => {
        this.log(`Could not read the rugged settings for ${uri}; using the defaults. ${describe(error)}`);
        // Forget the failure so the next request asks again.
        this.byUri.delete(uri);
        return normalizeSettings(undefined);
      });
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  /** After `workspace/didChangeConfiguration`; `pushedSection` is its `settings.rugged`, if any. */
  reset(pushedSection: unknown): void {
    this.byUri.clear();
    if (!this.fetch && pushedSection !== undefined) this.pushed = normalizeSettings(pushedSection);
  }
}

const SEVERITY_OVERRIDES: readonly string[] = ['error', 'warning', 'info', 'off'];
const TRACE_LEVELS: readonly string[] = ['off', 'messages', 'verbose'];

/** Settings come from user JSON: anything malformed falls back to its default. */
export function normalizeSettings(raw: unknown): RuggedSettings {
  const input = isObject(raw) ? raw : {};
  const rules: Record<string, SeverityOverride> = {};
  if (isObject(input.rules)) {
    for (const [id, value] of Object.entries(input.rules)) {
      if (typeof value === 'string' && SEVERITY_OVERRIDES.includes(value)) rules[id] = value as SeverityOverride;
    }
  }
  const trace = isObject(input.trace) && typeof input.trace.server === 'string' && TRACE_LEVELS.includes(input.trace.server)
    ? (input.trace.server as TraceLevel)
    : DEFAULT_SETTINGS.trace.server;
  return {
    enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_SETTINGS.enable,
    rules,
    ignore: Array.isArray(input.ignore) ? input.ignore.filter((g): g is string => typeof g === 'string' && g.length > 0) : [],
    scanOnStartup: typeof input.scanOnStartup === 'boolean' ? input.scanOnStartup : DEFAULT_SETTINGS.scanOnStartup,
    maxFileSize:
      typeof input.maxFileSize === 'number' && Number.isFinite(input.maxFileSize) && input.maxFileSize > 0
        ? Math.floor(input.maxFileSize)
        : DEFAULT_SETTINGS.maxFileSize,
    trace: { server: trace },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
