// Identity of a story, so that raising the same thing twice finds the first story instead of
// filing a second one. Built from what survives unrelated edits (rule ids, path, symbol, the
// normalised code), never from line numbers.
import { createHash } from 'node:crypto';
import type { Story, StoredStory } from './types';

export interface FingerprintParts {
  path: string;
  symbol?: string;
  /** Engine fingerprints of the linked findings (each already covers rule id and normalised snippet). */
  findingFingerprints: readonly string[];
  /** Used only when there are no findings: the selected code, STRIDE letters and goal. */
  snippet?: string;
  stride?: readonly string[];
  goal?: string;
  /** A goal a person chose; it takes part even when there are findings, so another goal is another story. */
  chosenGoal?: string;
}

export function storyFingerprint(parts: FingerprintParts): string {
  const identity =
    parts.findingFingerprints.length > 0
      ? {
          path: parts.path,
          symbol: parts.symbol ?? '',
          findings: [...new Set(parts.findingFingerprints)].sort(),
          ...(parts.chosenGoal ? { goal: parts.chosenGoal.toLowerCase().trim() } : {}),
        }
      : {
          path: parts.path,
          symbol: parts.symbol ?? '',
          snippet: normaliseSnippet(parts.snippet ?? ''),
          stride: [...(parts.stride ?? [])].sort(),
          goal: (parts.goal ?? '').toLowerCase().trim(),
        };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}

/** Whitespace differences (reindenting, reformatting) do not make a different story. */
export function normaliseSnippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `AS-` + 8 Crockford base32 characters of the fingerprint: a handle people can say aloud. */
export function storyKey(fingerprint: string): string {
  const bits = BigInt(`0x${fingerprint.slice(0, 10)}`);
  let key = '';
  for (let i = 7; i >= 0; i--) key += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return `AS-${key}`;
}

/**
 * The stored story that already covers `story`: the same fingerprint, or one on the same path, for
 * the same attacker goal, that links every finding of the new story (raising one finding of an
 * earlier multi-finding story). Another goal on the same code is another story.
 */
export function findDuplicate(existing: readonly StoredStory[], story: Story): StoredStory | undefined {
  const exact = existing.find((s) => s.story?.fingerprint === story.fingerprint);
  if (exact) return exact;
  if (story.findings.length === 0) return undefined;
  const wanted = story.findings.map((f) => f.fingerprint);
  return existing.find((s) => {
    const old = s.story;
    if (!old || old.entryPoint.path !== story.entryPoint.path || !sameGoal(old, story)) return false;
    const have = new Set(old.findings.map((f) => f.fingerprint));
    return wanted.every((fp) => have.has(fp));
  });
}

/**
 * Stories for the same goal on the same path whose findings the new story all links, and more: a
 * superset selection. Filing it would repeat them, so the caller offers to extend them instead.
 */
export function findCovered(existing: readonly StoredStory[], story: Story): StoredStory[] {
  const wanted = new Set(story.findings.map((f) => f.fingerprint));
  return existing.filter((s) => {
    const old = s.story;
    if (!old || s.done || old.entryPoint.path !== story.entryPoint.path || !sameGoal(old, story) || old.findings.length === 0) return false;
    return old.findings.every((f) => wanted.has(f.fingerprint)) && wanted.size > old.findings.length;
  });
}

/**
 * The same attack: equal goals, or one combining the other (a story over two rules names both goals).
 * A goal names its story's asset, which another `--asset` changes without changing the attack.
 */
function sameGoal(a: Story, b: Story): boolean {
  const xs = goalsWithoutAsset(a);
  const ys = goalsWithoutAsset(b);
  return xs.some((x) => ys.some((y) => x.includes(y) || y.includes(x)));
}

/** The story's goal and the related goals it also links (their rule ids dropped). */
function goalsWithoutAsset(story: Story): string[] {
  return [story.goal, ...(story.relatedGoals ?? []).map((g) => g.replace(/ \([^()]*\)$/, ''))].map((goal) => goalWithoutAsset(story, goal));
}

function goalWithoutAsset(story: Story, text: string): string {
  const goal = text.toLowerCase().trim();
  const asset = story.asset?.toLowerCase().trim();
  return asset ? goal.split(asset).join('{asset}') : goal;
}
