// A finding no story links can still be the risk a story stands for, and counting it again beside
// the story inflates the residual risk. Two cases are one risk:
// - the same rule in the same handler the story's entry point spans (a second query in it);
// - a weakness of data at rest, on the same asset: every place that writes or checks the password
//   column (SHA-256 at login beside a story on SHA-256 at register, an MD5 compare beside a story
//   on plaintext passwords) is fixed by one change of how passwords are stored.
// Injection-like weaknesses elsewhere in the same file stay risks of their own: another route is
// another way in and another fix. Pure.

/** Weaknesses of stored credentials: the asset is the stored value, not the code path to it. */
const STORED_ASSET_CWES: ReadonlySet<string> = new Set(['CWE-256', 'CWE-257', 'CWE-261', 'CWE-522', 'CWE-759', 'CWE-760', 'CWE-916']);

export interface WeaknessRule {
  id: string;
  meta: { cwe?: readonly string[]; abuserStory?: { asset?: string } };
}

export interface HostCandidate {
  id: string;
  path?: string;
  lines?: [number, number];
  ruleIds: readonly string[];
}

export interface LooseFinding {
  path: string;
  line: number;
  ruleId: string;
}

/**
 * The story (of `stories`, worst first) that already stands for `finding`'s risk, or undefined
 * when the finding is a risk of its own.
 */
export function hostStory(finding: LooseFinding, stories: readonly HostCandidate[], rules: readonly WeaknessRule[]): string | undefined {
  const inHandler = stories.find(
    (s) => s.path === finding.path && s.lines !== undefined && finding.line >= s.lines[0] && finding.line <= s.lines[1] && s.ruleIds.includes(finding.ruleId),
  );
  if (inHandler) return inHandler.id;
  const asset = storedAsset(finding.ruleId, rules);
  if (asset === undefined) return undefined;
  return stories.find((s) => s.ruleIds.some((id) => storedAsset(id, rules) === asset))?.id;
}

/** The asset a rule about stored credentials protects, normalised; undefined for other rules. */
function storedAsset(ruleId: string, rules: readonly WeaknessRule[]): string | undefined {
  const rule = rules.find((r) => r.id === ruleId);
  if (!rule?.meta.abuserStory?.asset || !(rule.meta.cwe ?? []).some((cwe) => STORED_ASSET_CWES.has(cwe))) return undefined;
  return rule.meta.abuserStory.asset.trim().toLowerCase();
}
