// How long the server waits after a keystroke before it analyses an open document. A small file is
// analysed almost at once; a large one costs more to analyse, and an analysis that starts between
// two keystrokes is thrown away by the second, so the wait grows with the file and with the pace of
// typing, within bounds, so a pause always brings diagnostics soon.

/** The wait after a keystroke in a small file typed at a normal pace. */
export const MIN_DEBOUNCE_MS = 75;
/** The longest wait, however large the file and however fast the typing. */
export const MAX_DEBOUNCE_MS = 400;
/** Files up to this many lines get the shortest wait. */
export const SMALL_FILE_LINES = 1_000;
/** Extra wait per thousand lines past SMALL_FILE_LINES: about what the analysis of those lines costs on a slow laptop. */
const MS_PER_THOUSAND_LINES = 50;
/** Keystrokes closer than this (smoothed) are typing in a burst. */
export const FAST_TYPING_GAP_MS = 250;
/** A gap this long ends a burst: the next keystroke starts a new one. */
const BURST_END_MS = 2_000;

/**
 * The wait for a file of `lines` lines, given the smoothed gap between its recent keystrokes
 * (undefined at the start of a burst). While typing fast the wait outlasts the gap by half, so the
 * analysis runs in a pause instead of between two keys.
 */
export function debounceDelay(lines: number, typingGapMs?: number): number {
  const bySize = MIN_DEBOUNCE_MS + (Math.max(0, lines - SMALL_FILE_LINES) / 1_000) * MS_PER_THOUSAND_LINES;
  const byPace = typingGapMs !== undefined && typingGapMs < FAST_TYPING_GAP_MS ? typingGapMs * 1.5 : 0;
  return Math.round(Math.min(MAX_DEBOUNCE_MS, Math.max(bySize, byPace)));
}

/** The pace of typing per open document, from the times of its edits. */
export class TypingPace {
  private readonly documents = new Map<string, { at: number; gap?: number }>();

  /** Records an edit of `uri` at `now` (ms, monotonic) and returns how long to wait before analysing it. */
  delayFor(uri: string, lines: number, now: number): number {
    const previous = this.documents.get(uri);
    const latest = previous === undefined ? undefined : now - previous.at;
    let gap: number | undefined;
    if (latest !== undefined && latest < BURST_END_MS) {
      // Smoothed, so one quick pair of keys does not stretch the wait, nor one hesitation end the burst.
      gap = previous?.gap === undefined ? latest : (previous.gap + latest) / 2;
    }
    this.documents.set(uri, gap === undefined ? { at: now } : { at: now, gap });
    return debounceDelay(lines, gap);
  }

  /** The document closed. */
  forget(uri: string): void {
    this.documents.delete(uri);
  }

  /** Documents tracked: at most the open ones. */
  get size(): number {
    return this.documents.size;
  }
}
