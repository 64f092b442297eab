// The workspace scan gives way to the editor (issue 12: open documents first). On two cores the
// scan's worker, the document's analysis and the server's thread share the machine, and the
// keystroke's analysis ran at up to twice its idle time while a scan went on; thread priority
// alone (threadPriority.ts) did not close that gap. So the scan hands its next file to a worker
// only when no document analysis is waiting or running and typing has paused for a moment.
// A file already on a worker finishes; the scan loses only the pauses.

export interface EditorFirstOptions {
  /** Quiet time after the last edit before the scan goes on: typing comes in bursts. */
  quietMs: number;
  /**
   * The longest one file waits. Typing without pause must not stop the scan for good, and a
   * document's analysis that waits on the scan (its imports) must not wait on itself.
   */
  maxWaitMs: number;
  /** How often a waiting file looks again. */
  pollMs: number;
}

export const EDITOR_FIRST_DEFAULTS: EditorFirstOptions = { quietMs: 400, maxWaitMs: 1_000, pollMs: 20 };

export class EditorFirst {
  private lastEdit = -Infinity;

  /** `editorBusy`: a document analysis is scheduled or running (DocumentValidator.busy). */
  constructor(
    private readonly editorBusy: () => boolean,
    private readonly options: EditorFirstOptions = EDITOR_FIRST_DEFAULTS,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** An open document changed. */
  edited(): void {
    this.lastEdit = this.now();
  }

  /** The editor has work the scan should not compete with. */
  holding(): boolean {
    return this.editorBusy() || this.now() - this.lastEdit < this.options.quietMs;
  }

  /** Resolves when the scan may hand out its next file: at once when the editor is quiet, at most `maxWaitMs` later. */
  async turn(): Promise<void> {
    const start = this.now();
    while (this.holding() && this.now() - start < this.options.maxWaitMs) await this.sleep(this.options.pollMs);
  }
}
