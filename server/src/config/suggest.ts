// "Did you mean" for misspelt keys and rule ids, at a cost bounded whatever the input: only words
// of a plausible length are compared, and a candidate whose length alone rules it out is never
// compared, so the edit distance (fastest-levenshtein) only ever runs on short strings.
import { distance } from 'fastest-levenshtein';

/** Longer words are not typos of an id; they get no suggestion. */
const MAX_SUGGESTED_WORD = 100;

/** The candidate nearest to `word`, if it is close enough to be a typo of it. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGESTED_WORD) return undefined;
  let best: string | undefined;
  // A typo is at most a quarter of the word (two edits for short words); each find lowers the bar.
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const found = editDistanceWithin(word, candidate, bestDistance - 1);
    if (found !== undefined) {
      best = candidate;
      bestDistance = found;
    }
  }
  return best;
}

/**
 * Levenshtein distance of `a` and `b` when it is at most `limit`, else undefined. Strings whose
 * lengths differ by more than the limit are answered without computing anything, which also
 * keeps a huge string out of the quadratic computation when the other one is short.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number | undefined {
  if (Math.abs(a.length - b.length) > limit) return undefined;
  if (Math.min(a.length, b.length) > MAX_SUGGESTED_WORD + limit) return undefined;
  const found = distance(a, b);
  return found <= limit ? found : undefined;
}
