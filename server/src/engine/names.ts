// How a name reads as words: the rules that judge names (is this a session id? a password?) and
// the redaction of outputs (is this value a credential?) split identifiers the same way, here.

/** `resetTokenHash` -> ['reset', 'token', 'hash']; `API_KEY` -> ['api', 'key']; `connect.sid` -> ['connect', 'sid']. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
