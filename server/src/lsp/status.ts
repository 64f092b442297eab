// The `rugged/status` notification: running / scanning n of m / findings count, plus one-off
// notices. Updates are coalesced so a scan of thousands of files does not flood the client.
import type { StatusParams } from '../shared/protocol';

export type StatusSender = (params: StatusParams) => void;
export type CountsSource = () => { findings: number; filesWithFindings: number };

const COALESCE_MS = 100;

export class StatusReporter {
  private scan: { done: number; total: number } | undefined;
  private error: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: StatusSender,
    private readonly counts: CountsSource,
  ) {}

  /** Said at once, so even a scan shorter than the coalescing delay is seen. */
  scanStarted(total: number): void {
    this.scan = { done: 0, total };
    this.flush();
  }

  scanProgress(done: number, total: number): void {
    this.scan = { done, total };
    this.changed();
  }

  scanFinished(): void {
    this.scan = undefined;
    this.flush();
  }

  failed(message: string): void {
    this.error = message;
    this.flush();
  }

  /** Something said once; sent right away with the current state. */
  notice(uri: string, message: string): void {
    this.flush({ uri, message });
  }

  /** Findings changed, or a scan advanced: send soon, once. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), COALESCE_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(notice?: { uri: string; message: string }): void {
    this.dispose();
    const params: StatusParams = { state: this.scan ? 'scanning' : this.error ? 'error' : 'running', ...this.counts() };
    if (this.scan) params.scan = { ...this.scan };
    if (this.error && !this.scan) params.message = this.error;
    if (notice) params.notice = notice;
    // An error is reported once; the next update says the server is running again.
    this.error = undefined;
    this.send(params);
  }
}
