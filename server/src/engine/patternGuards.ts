// What a passing `RegExp.test` proves about a string: which characters it can hold. A pattern is a
// guard only when it is anchored at both ends (without the `m` flag, where `^`/`$` match at any
// line) so that every character of the value was matched by the pattern, and only then do the
// characters its atoms admit bound the value. The reading is deliberately small: classes, escapes,
// groups, alternation and quantifiers; anything it does not understand makes the pattern no guard.

/** `all`: safe for every sink; `injection`: no quoting or separator character, but may hold `.`, `..` or `/`. */
export type PatternStrength = 'all' | 'injection';

/** Characters that cannot break out of a SQL literal, a shell word, HTML text or an expression. */
const INJECTION_SAFE = /^[A-Za-z0-9_.@+:/-]$/;
/** The same, minus what lets a path climb or change directory. */
const PATH_SAFE = /^[A-Za-z0-9_@+-]$/;

interface Atom {
  /** Characters the atom can consume; `undefined` when it can consume any character. */
  chars: Set<string> | undefined;
  /** A literal `\.` that matches exactly one dot. */
  singleDot: boolean;
  quantified: boolean;
  /** The atom may match nothing (`?`, `*`, `{0,n}`), so the atoms around it can touch. */
  optional?: boolean;
}

/** Strength of `^...$` over the pattern's source, or `undefined` when it proves nothing. */
export function patternStrength(source: string, flags: string): PatternStrength | undefined {
  if (flags.includes('m') || !source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return undefined;
  const body = source.slice(1, -1);
  // `^a|b$` anchors each alternative at one end only: the value can hold anything.
  if (hasTopLevelAlternation(body)) return undefined;
  const atoms = parseAtoms(body);
  if (!atoms) return undefined;
  let injectionSafe = true;
  let pathSafe = true;
  let previousDot = false;
  for (const atom of atoms) {
    if (!atom.chars) return undefined;
    for (const ch of atom.chars) {
      const foldCases = flags.includes('i') ? [ch, ch.toLowerCase(), ch.toUpperCase()] : [ch];
      for (const c of foldCases) {
        if (!INJECTION_SAFE.test(c)) injectionSafe = false;
        // A lone literal dot (`\.png`) is a file extension; a dot a class or quantifier can repeat may make `..`.
        if (!PATH_SAFE.test(c) && !(c === '.' && atom.singleDot && !atom.quantified && !previousDot)) pathSafe = false;
      }
    }
    previousDot = atom.chars.has('.') || (atom.optional === true && previousDot);
  }
  if (!injectionSafe) return undefined;
  return pathSafe ? 'all' : 'injection';
}

function hasTopLevelAlternation(body: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/** The consuming atoms of a pattern body, flattened (groups and alternatives only add their atoms). */
function parseAtoms(body: string): Atom[] | undefined {
  const atoms: Atom[] = [];
  // Where each open group's atoms start, and whether it has alternatives.
  const groups: { start: number; alternation: boolean }[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    let atom: Atom | undefined;
    if (ch === '(') {
      // Lookarounds only restrict; their characters are not consumed, so their content is skipped.
      const look = /^\(\?<?[=!]/.exec(body.slice(i));
      if (look) {
        const end = matchingParen(body, i);
        if (end < 0) return undefined;
        i = end + 1;
        continue;
      }
      const named = /^\(\?(?::|<[A-Za-z_$][\w$]*>)/.exec(body.slice(i));
      groups.push({ start: atoms.length, alternation: false });
      i += named ? named[0].length : 1;
      continue;
    }
    if (ch === '|') {
      const open = groups[groups.length - 1];
      if (open) open.alternation = true;
      i++;
      continue;
    }
    if (ch === ')') {
      const group = groups.pop();
      if (!group) return undefined;
      i++;
      const q = quantifierAt(body, i);
      const inside = atoms.slice(group.start);
      // Alternatives and repeated groups can put the group's dots next to each other: no dot in it is single.
      if (group.alternation || (q && isRepeating(body.slice(i, i + q)))) for (const a of inside) a.quantified = true;
      if (q && isOptional(body.slice(i, i + q))) for (const a of inside) a.optional = true;
      i += q;
      continue;
    }
    if (ch === '[') {
      const end = classEnd(body, i);
      if (end < 0) return undefined;
      const chars = classChars(body.slice(i + 1, end));
      atom = { chars, singleDot: false, quantified: false };
      i = end + 1;
    } else if (ch === '\\') {
      const escaped = escapeChars(body, i);
      if (!escaped) return undefined;
      atom = { chars: escaped.chars, singleDot: body[i + 1] === '.', quantified: false };
      i += escaped.length;
    } else if (ch === '.') {
      atom = { chars: undefined, singleDot: false, quantified: false };
      i++;
    } else if (ch === '^' || ch === '$') {
      // An anchor in the middle proves nothing more; it consumes nothing.
      i++;
      continue;
    } else if ('*+?{'.includes(ch)) {
      return undefined;
    } else {
      atom = { chars: new Set([ch]), singleDot: false, quantified: false };
      i++;
    }
    const q = quantifierAt(body, i);
    if (q) {
      atom.quantified = isRepeating(body.slice(i, i + q));
      atom.optional = isOptional(body.slice(i, i + q));
      i += q;
    }
    atoms.push(atom);
  }
  return groups.length === 0 ? atoms : undefined;
}

function isRepeating(quantifier: string): boolean {
  return !/^(\?|\{[01](,[01]?)?\})\??$/.test(quantifier);
}

function isOptional(quantifier: string): boolean {
  return /^(\*|\?|\{0(,\d*)?\})\??$/.test(quantifier);
}

function quantifierAt(body: string, i: number): number {
  const match = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(body.slice(i));
  return match ? match[0].length : 0;
}

function matchingParen(body: string, open: number): number {
  let depth = 0;
  for (let i = open; i < body.length; i++) {
    if (body[i] === '\\') {
      i++;
      continue;
    }
    if (body[i] === '[') {
      const end = classEnd(body, i);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    if (body[i] === '(') depth++;
    if (body[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function classEnd(body: string, open: number): number {
  for (let i = open + 1; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === ']' && i > open + 1) return i;
    else if (body[i] === ']' && body[open + 1] !== '^') return i;
  }
  return -1;
}

const DIGITS = '0123456789';
const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';

/** Characters of `\d`, `\w`, `\.`...; `chars` is undefined for classes that admit (almost) anything. */
function escapeChars(body: string, at: number): { chars: Set<string> | undefined; length: number } | undefined {
  const next = body[at + 1];
  if (next === undefined) return undefined;
  if (next === 'd') return { chars: new Set(DIGITS), length: 2 };
  if (next === 'w') return { chars: new Set(WORD), length: 2 };
  if (next === 'D' || next === 'W' || next === 'S' || next === 's') return { chars: new Set([' ', ...(next === 's' ? [] : ['"', "'", ';', '/'])]), length: 2 };
  if (next === 'b' || next === 'B') return { chars: new Set(), length: 2 };
  if (next === 'p' || next === 'P') {
    const prop = /^\\[pP]\{[^}]*\}/.exec(body.slice(at));
    if (!prop) return undefined;
    // \p{L} and friends are letters or digits in every script; \P{...} negates and admits anything.
    return { chars: next === 'p' && /^\\p\{(L|Letter|Lu|Ll|N|Nd|Alphabetic)\}$/.test(prop[0]) ? new Set(['a']) : undefined, length: prop[0].length };
  }
  if (/[nrtfv0]/.test(next)) return { chars: new Set(['\n']), length: 2 };
  if (next === 'x' || next === 'u' || next === 'c' || /[1-9k]/.test(next)) return undefined;
  return { chars: new Set([next]), length: 2 };
}

function classChars(inner: string): Set<string> | undefined {
  if (inner.startsWith('^')) return undefined;
  const out = new Set<string>();
  let i = 0;
  while (i < inner.length) {
    let first: Set<string> | undefined;
    let single: string | undefined;
    if (inner[i] === '\\') {
      const escaped = escapeChars(inner, i);
      if (!escaped || !escaped.chars) return undefined;
      first = escaped.chars;
      if (escaped.chars.size === 1 && escaped.length === 2 && !/[dwsDWSbB]/.test(inner[i + 1])) single = inner[i + 1];
      i += escaped.length;
    } else {
      single = inner[i];
      first = new Set([single]);
      i++;
    }
    if (single !== undefined && inner[i] === '-' && i + 1 < inner.length) {
      let last = inner[i + 1];
      let step = 2;
      if (last === '\\') {
        last = inner[i + 2];
        step = 3;
      }
      if (last === undefined) return undefined;
      const from = single.charCodeAt(0);
      const to = last.charCodeAt(0);
      if (to < from || to - from > 200) return undefined;
      for (let c = from; c <= to; c++) out.add(String.fromCharCode(c));
      i += step;
      continue;
    }
    for (const c of first) out.add(c);
  }
  return out;
}
