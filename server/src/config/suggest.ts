// "Did you mean" for misspelt keys and rule ids, at a cost bounded whatever the input: only words
// of a plausible length are compared, and each comparison stops once it cannot be close enough.

/** Longer words are not typos of an id; they get no suggestion. */
const MAX_SUGGESTED_WORD = 100;

/** The candidate nearest to `word`, if it is close enough to be a typo of it. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_SUGGESTED_WORD) return undefined;
  let best: string | undefined;
  // A typo is at most a quarter of the word (two edits for short words); each find lowers the bar.
  let bestDistance = Math.max(2, Math.floor(word.length / 4)) + 1;
  for (const candidate of candidates) {
    const distance = editDistanceWithin(word, candidate, bestDistance - 1);
    if (distance !== undefined) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Levenshtein distance of `a` and `b` when it is at most `limit`, else undefined. A row whose
 * smallest entry already exceeds the limit ends the computation.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number | undefined {
  if (Math.abs(a.length - b.length) > limit) return undefined;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return undefined;
    previous = current;
  }
  const distance = previous[b.length];
  return distance <= limit ? distance : undefined;
}
