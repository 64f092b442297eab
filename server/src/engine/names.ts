// How a name reads as words: the rules that judge names (is this a session id? a password?) and
// the redaction of outputs (is this value a credential?) split identifiers the same way, here.

/**
 * Names already split. Rules ask about the same few names at every node that mentions them, and
 * the split runs four regular expressions; the answers are frozen, so sharing them is safe, and
 * the table starts over past its bound, so it cannot grow with a hostile input.
 */
const split = new Map<string, readonly string[]>();
const MAX_REMEMBERED = 10_000;

/** `resetTokenHash` -> ['reset', 'token', 'hash']; `API_KEY` -> ['api', 'key']; `connect.sid` -> ['connect', 'sid']. */
export function nameWords(name: string): readonly string[] {
  const known = split.get(name);
  if (known) return known;
  const words = Object.freeze(
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w.toLowerCase()),
  );
  if (split.size >= MAX_REMEMBERED) split.clear();
  split.set(name, words);
  return words;
}
