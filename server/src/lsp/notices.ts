// Known conditions about a file (skipped as too large, minified or binary; left out by an ignore
// rule) are said once per file and kind, in the log and in the status, never as an error.
import { RecentEntries } from './recentEntries';
import type { StatusReporter } from './status';
import { canonicalUri } from './uris';

/** Files whose notice is remembered; past it, the oldest may be said once more. */
export const MAX_NOTICED_FILES = 10_000;

export class FileNotices {
  private readonly said = new RecentEntries<string, string>(MAX_NOTICED_FILES);

  constructor(
    private readonly log: (message: string) => void,
    private readonly status: StatusReporter,
  ) {}

  /** Says `message` about `uri` unless the same kind of notice was already said for it. */
  once(uri: string, kind: string, message: string): void {
    const key = canonicalUri(uri);
    if (this.said.get(key) === kind) return;
    this.said.set(key, kind);
    this.log(`${uri}: ${message}`);
    this.status.notice(uri, message);
  }

  /** The file is checked normally again; a later skip is worth saying again. */
  resolved(uri: string): void {
    this.said.delete(canonicalUri(uri));
  }

  /** Files with a notice remembered. */
  get size(): number {
    return this.said.size;
  }
}
