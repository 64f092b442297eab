// A finding no story links can still be the risk a story stands for, and counting it again beside
// the story inflates the residual risk. Two cases are one risk:
// - the same rule in the same handler the story's entry point spans (a second query in it);
// - a weakness of stored credentials: every place that writes or checks the stored passwords
//   (SHA-256 at login beside a story on SHA-256 at register, an MD5 compare beside a story on
//   plaintext passwords) is fixed by one change of how passwords are stored, so the project's
//   stored passwords are one asset whatever file touches them.
// - a committed secret a story owns (it carries the criterion to move and rotate it): the secret's
//   own finding is that story's work, however many other stories rely on the key.
// Injection-like weaknesses elsewhere in the same file stay risks of their own: another route is
// another way in and another fix. Pure.

/** Weaknesses of stored credentials: the asset is the stored value, not the code path to it. */
const STORED_CREDENTIAL_CWES: ReadonlySet<string> = new Set(['CWE-256', 'CWE-257', 'CWE-261', 'CWE-522', 'CWE-759', 'CWE-760', 'CWE-916']);

export interface WeaknessRule {
  id: string;
  meta: { cwe?: readonly string[] };
}

export interface HostCandidate {
  id: string;
  path?: string;
  lines?: [number, number];
  ruleIds: readonly string[];
  /** The story's weaknesses: its findings' CWEs and the catalogue goal's, as `CWE-n`. */
  cwes: readonly string[];
  /** Committed secrets whose move-and-rotate criterion the story carries. */
  ownsSecrets?: readonly { path: string; line: number }[];
}

/** The rule whose findings are committed secrets. */
const SECRET_RULE = 'session/no-hardcoded-secret';

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
  const owner = finding.ruleId === SECRET_RULE ? stories.find((s) => s.ownsSecrets?.some((o) => o.path === finding.path && o.line === finding.line)) : undefined;
  if (owner) return owner.id;
  const inHandler = stories.find(
    (s) => s.path === finding.path && s.lines !== undefined && finding.line >= s.lines[0] && finding.line <= s.lines[1] && s.ruleIds.includes(finding.ruleId),
  );
  if (inHandler) return inHandler.id;
  const cwes = rules.find((r) => r.id === finding.ruleId)?.meta.cwe ?? [];
  if (!cwes.some(isStoredCredential)) return undefined;
  return stories.find((s) => s.cwes.some(isStoredCredential))?.id;
}

function isStoredCredential(cwe: string): boolean {
  return STORED_CREDENTIAL_CWES.has(cwe.toUpperCase());
}

/** `cwe-256` labels (Rugged writes one per weakness) as `CWE-256`. */
export function cwesOfLabels(labels: readonly string[]): string[] {
  return labels.filter((l) => /^cwe-\d+$/i.test(l)).map((l) => l.toUpperCase());
}
