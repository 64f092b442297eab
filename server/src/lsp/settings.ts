// Per-resource settings: fetched with `workspace/configuration` (section `rugged`, scopeUri = the
// resource), cached per URI and dropped when the client says they changed. Clients without the
// configuration capability get the defaults, or what they last pushed in didChangeConfiguration.
import type { RuggedSettings } from '../shared/protocol';
import { normalizeSettings } from '../shared/settings';

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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
