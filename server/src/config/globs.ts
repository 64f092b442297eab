// Whether an `ignore` glob can be compiled at a bounded cost. minimatch throws on a pattern over
// 64 KB, and expands braces before compiling, so `{a,b}{a,b}...` twenty times over becomes a
// million regular expressions; such a glob is refused with a reason instead.
import { Minimatch } from 'minimatch';

/** The schema's maxLength for an ignore entry; repeated here for globs from editor settings. */
export const MAX_GLOB_LENGTH = 1024;

/** How many patterns brace expansion of one glob may produce. */
export const MAX_BRACE_EXPANSION = 256;

/** Why a glob cannot be used, or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  if (glob.length === 0) return 'must not be empty';
  if (glob.length > MAX_GLOB_LENGTH) return `is ${glob.length} characters long; at most ${MAX_GLOB_LENGTH} are allowed`;
  if (braceExpansionBound(glob) > MAX_BRACE_EXPANSION) return `expands to more than ${MAX_BRACE_EXPANSION} patterns through its braces; list fewer alternatives`;
  try {
    new Minimatch(glob, { dot: true });
  } catch (error) {
    return `is not a valid glob (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

/**
 * An upper bound of how many patterns brace expansion yields: the product of the alternative
 * counts of every brace group, nested ones included (a ranges `{1..9}` counts its span).
 */
export function braceExpansionBound(glob: string): number {
  let bound = 1;
  const groups: { start: number; alternatives: number }[] = [];
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '{') {
      groups.push({ start: i, alternatives: 1 });
    } else if (ch === ',' && groups.length > 0) {
      groups[groups.length - 1].alternatives++;
    } else if (ch === '}' && groups.length > 0) {
      const group = groups.pop()!;
      bound *= Math.max(group.alternatives, rangeSpan(glob.slice(group.start + 1, i)));
      if (bound > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    }
  }
  return bound;
}

/** Members of a `{1..20}` or `{a..z}` range (with an optional step), else 1. */
function rangeSpan(body: string): number {
  const match = /^(-?\d+|[^.])\.\.(-?\d+|[^.])(?:\.\.-?\d+)?$/.exec(body);
  if (!match) return 1;
  const [from, to] = [match[1], match[2]];
  const numeric = /^-?\d+$/.test(from) && /^-?\d+$/.test(to);
  const span = numeric ? Math.abs(Number(to) - Number(from)) + 1 : Math.abs(to.charCodeAt(0) - from.charCodeAt(0)) + 1;
  return Number.isFinite(span) ? span : Number.MAX_SAFE_INTEGER;
}
