// Words in story prose: lists ("a", "a and b", "a, b and c") and a sentence turned into a clause.

export function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A sentence's first word in lower case, so it reads inside another sentence; `JWT` and `SQL` stay. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
