// The title a board shows: what the business loses and where (the route, else the symbol or file).
// Seed goals are written "loss by technique", so the title keeps what comes before the first " by "
// and never shows the technique or its payload. A title too long for the board drops whole clauses
// from its end, never a word inside a parenthesis or a quoted payload; when no clause boundary leaves
// a readable head, a shorter wording of the same goal (another asset) or the asset alone is used.
import { truncate } from './markdownSafety';

export const TITLE_MAX = 80;

/**
 * Boundaries a clause may be dropped at, strongest first: a title cut there still reads as a
 * sentence. A comma ends an aside ("customers' passwords, reused on ...") before any word inside it.
 */
const PUNCTUATION = /,\s|;\s/g;
const STRONG = /\s(?:by|through|via|using|because|so|which|that|whose|while|and|or|but)\s/g;
const WEAK = /\s(?:in|on|from|with|to|into|of|for|at|as)\s/g;
/** A head shorter than this says nothing on its own ("Read or"). */
const MIN_HEAD = 12;

/**
 * `goals` are the same goal in preferred order (with the person's asset, then shorter assets from
 * the code or the seed); `where` is the route, symbol or file; `asset` is the fallback's subject.
 */
export function storyTitle(goals: readonly string[], where: string, asset: string): string {
  const suffix = ` in ${where}`;
  const budget = TITLE_MAX - suffix.length;
  for (const goal of goals) {
    const head = fitHead(capitalise(impersonal(lossOf(goal))), budget);
    if (head) return head + suffix;
  }
  const fallback = `${capitalise(asset)} at risk${suffix}`;
  if (asset && fallback.length <= TITLE_MAX) return fallback;
  // A route too long for any phrase: the place alone still tells the stories apart.
  return `Attack on ${where}`.length <= TITLE_MAX ? `Attack on ${where}` : truncate(`Attack on ${where}`, TITLE_MAX);
}

/** The first of `losses` whose title fits the board whole, or undefined when none does. */
export function wholeTitle(losses: readonly string[], where: string): string | undefined {
  return losses.map((loss) => `${capitalise(impersonal(loss))} in ${where}`).find((title) => title.length <= TITLE_MAX);
}

/**
 * A board's title is read by the team, not said by the attacker: the narrative's first person
 * ("run my own code") becomes the attacker ("run an attacker's code").
 */
export function impersonal(loss: string): string {
  return loss
    .replace(/\bmy own\b/g, "an attacker's")
    .replace(/\bmy\b/g, "an attacker's")
    .replace(/\bme\b/g, 'an attacker')
    .replace(/\bI\b/g, 'an attacker');
}

/** The goal up to its first top-level " by ": the loss, without the technique. */
export function lossOf(goal: string): string {
  return splitTechnique(goal)[0];
}

/** The goal as its loss and the technique after the first top-level " by " (none when there is no such " by "). */
export function splitTechnique(goal: string): [string, string | undefined] {
  const by = topLevelMatches(goal, /\sby\s/g).find((index) => index >= MIN_HEAD);
  return by === undefined ? [goal, undefined] : [goal.slice(0, by).replace(/[,\s]+$/, ''), goal.slice(by + 4).trim()];
}

/**
 * Verbs that name what is lost or gained ("read other customers' orders", "take over accounts").
 * A goal in the person's words that starts otherwise describes a step of the attack ("save a todo
 * whose text is a script"), which makes a poor title: the title then comes from the seed's loss.
 */
const LOSS_VERBS = new Set(
  'access act bypass change crash decrypt delete destroy disable erase exhaust forge gain get hijack impersonate leak learn lock modify obtain pass reach read recover remove run see spend steal take tamper use view wipe'.split(' '),
);

export function readsAsLoss(goal: string): boolean {
  return LOSS_VERBS.has(goal.trim().split(/[\s,]+/)[0].toLowerCase());
}

/** The head as it is, or cut at the last clause boundary that fits; undefined when none does. */
function fitHead(head: string, budget: number): string | undefined {
  if (head.length <= budget) return head;
  for (const boundaries of [PUNCTUATION, STRONG, WEAK]) {
    const cuts = topLevelMatches(head, boundaries).filter((index) => index >= MIN_HEAD && index <= budget);
    if (cuts.length > 0) return head.slice(0, Math.max(...cuts)).replace(/[,;:\s]+$/, '');
  }
  return undefined;
}

/** Start offsets of `pattern`'s matches that lie outside parentheses, brackets, quotes and code spans. */
function topLevelMatches(text: string, pattern: RegExp): number[] {
  const inside = nestedOffsets(text);
  return [...text.matchAll(pattern)].map((m) => m.index).filter((index) => !inside.has(index));
}

function nestedOffsets(text: string): Set<number> {
  const inside = new Set<number>();
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '`' || c === '"') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    if (depth > 0 || quote) inside.add(i);
  }
  return inside;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
