// The abuser story as Rugged holds it: one canonical object, built by story.ts, written to a
// backlog (Backlog.md files now, remote trackers later) and read back for the residual-risk view.
import type { StrideCategory, RiskLevel } from '../../engine/api';
import type { Confidence, Severity } from '../../engine/finding';

export type { StrideCategory, RiskLevel };

/** Bumped when a field changes meaning, so older stories can still be read. */
export const STORY_SCHEMA_VERSION = 1;

export type RiskSeverity = 'Low' | 'Medium' | 'High' | 'Critical';
export type Priority = 'high' | 'medium' | 'low';

export const RISK_METHOD = 'OWASP risk rating (simplified 3x3 likelihood x impact)';

export interface RiskRating {
  method: typeof RISK_METHOD;
  likelihood: RiskLevel;
  impact: RiskLevel;
  /** likelihood x impact, 1..9. */
  score: number;
  severity: RiskSeverity;
  rationale: string;
}

/** Where the attack enters the code. */
export interface EntryPoint {
  /** Repository-relative POSIX path (relative to the project root outside Git). */
  path: string;
  /** Enclosing function, method, class or route ("GET /search"), when there is one. */
  symbol?: string;
  /** 1-based, inclusive. */
  lines: [number, number];
  /** Full hash of HEAD when the story was raised. */
  commit?: string;
  /** Remote URL without credentials. */
  repository?: string;
  /** Link to the lines at `commit` on GitHub, GitLab or Bitbucket. */
  permalink?: string;
  /** The text differed from the committed file, so the permalink may show other lines. */
  uncommitted?: boolean;
  language: string;
}

/** A finding of the engine linked to the story. */
export interface StoryFinding {
  ruleId: string;
  title?: string;
  cwe: string[];
  owasp: string[];
  severity: Severity;
  confidence: Confidence;
  message: string;
  /** 1-based, inclusive. */
  lines: [number, number];
  /** The engine's fingerprint (rule, normalised snippet, occurrence); lines are not part of it. */
  fingerprint: string;
}

export type CriterionKind = 'control' | 'test' | 'evidence';

export interface AcceptanceCriterion {
  kind: CriterionKind;
  text: string;
  done: boolean;
}

/** The quoted code, after redaction and capping. */
export interface Excerpt {
  text: string;
  /** Fence info string: js, ts, jsx, tsx. */
  language: string;
  lines: [number, number];
  /** True when the region was longer than the cap and was cut. */
  truncated: boolean;
  redactions: number;
}

export interface Provenance {
  tool: 'rugged';
  toolVersion: string;
  /** ISO timestamp. */
  createdAt: string;
  /** How the story was raised. */
  source: 'findings' | 'selection' | 'file';
  /** Secrets replaced in everything the story quotes (excerpt, messages, user text). */
  redactions: number;
  /** SHA-256 of the unredacted quoted region, so the excerpt can be matched without storing it. */
  snippetSha256: string;
}

export interface Story {
  schema: number;
  kind: 'abuser-story';
  /** Short human handle derived from the fingerprint: `AS-` + 8 Crockford base32 characters. */
  key: string;
  /** Stable identity used to detect duplicates and as the idempotency key of trackers. */
  fingerprint: string;
  /** At most 80 characters, centred on the attacker. */
  title: string;
  actor: string;
  /** The loss the attacker is after, without the technique ("take over the server process"). */
  goal: string;
  /** How, from the seed or the person's words after "by" ("sending a serialized object ..."); shown in the details. */
  technique?: string;
  /** Goals of the other rules whose findings this story also links, each "goal (rule id)": related, not narrated. */
  relatedGoals?: string[];
  harm: string;
  /** What the attacker needs before the attack ("with a customer account"), when someone said. */
  prerequisites?: string;
  /** "As <actor> [<prerequisites>], I want to <goal>, so that <harm>." */
  narrative: string;
  stride: StrideCategory[];
  /** Security properties violated, one per STRIDE letter (Authentication, Integrity, ...). */
  properties: string[];
  asset?: string;
  entryPoint: EntryPoint;
  findings: StoryFinding[];
  risk: RiskRating;
  acceptanceCriteria: AcceptanceCriterion[];
  labels: string[];
  priority: Priority;
  excerpt: Excerpt;
  /** A test for this story's attack, when Rugged knows how to send it (see story/testSkeleton.ts). */
  testSkeleton?: { path: string; framework: string; payload: string; refusal: string; criterion?: string; code: string };
  /** Why no test is proposed although Rugged knows the attack: the code or its library version already stops it. */
  testNote?: string;
  /**
   * Set when the attack does not work on this code today (its library version refuses it, or no browser can deliver it), with why:
   * the story keeps it that way, and the report lists it apart from the residual risk.
   */
  hardening?: string;
  /** Site-wide controls the seeds named, left out of the criteria for a separate platform story. */
  platformControls?: string[];
  /**
   * The stories this story relies on (Backlog.md `dependencies`): platform stories filed once for
   * the whole site, and the story that owns a committed secret this one needs moved (`why` says so).
   */
  dependsOn?: { id: string; title: string; why?: string }[];
  /**
   * Committed secrets whose move-and-rotate criterion this story carries: one secret is one piece of
   * work, so later stories depend on this one and the report counts the secret's finding inside it.
   */
  ownsSecrets?: { path: string; line: number; name?: string }[];
  /**
   * The other stories raised from the same selection, one per attacker goal: their key and title,
   * and their tracker id once they are filed (where the tracker can rewrite an item).
   */
  raisedWith?: { key: string; title: string; id?: string }[];
  /**
   * Whether anything checks a login before the route's handler runs (story/routeAuth.ts), and the
   * group the story assumed the attacker belongs to when the route checks none (`assumed`).
   */
  authentication?: RouteAuthenticationFact;
  /** The test that sends the route with no login, when the story assumed a login the route does not check. */
  loginTest?: { path: string; criterion: string; code: string };
  /** Set on a missing-login story: the routes of one router (or app) that check no login. */
  /** `does` says what the route does with data ("deletes an order"); stories filed before it was kept lack it. */
  missingLogin?: { routes: { method: string; path: string; line: number; /** Repository-relative, when another file than the story's declares it. */ file?: string; does?: string }[] };
  /** Set on a platform story: which site-wide control it is (`hsts`, `csrf`...). */
  platform?: string;
  /** The lines of code a platform story's rating stands on (story/platformEvidence.ts). */
  platformEvidence?: { path: string; line: number; what: string }[];
  /** Site-wide controls the code showed are not needed here or cannot be judged, so no platform story was raised for them. */
  platformNotRaised?: { control: string; reason: string }[];
  provenance: Provenance;
}

export interface RouteAuthenticationFact {
  state: 'guarded' | 'unguarded' | 'unknown';
  /** `METHOD /full/path`. */
  route: string;
  /** The guard and where it is (`path:line`), when guarded. */
  guard?: string;
  where?: string;
  /** Why Rugged could not tell, when unknown. */
  reason?: string;
  /** "staff", "customers": who the story assumed the attacker was, though the route lets anyone in. */
  assumed?: string;
}

/** A story as a backlog holds it: the tracker's id and state around Rugged's data. */
export interface StoredStory {
  /** The tracker's id: `TASK-7` for Backlog.md, `#42` or `SEC-12` for remote trackers. */
  id: string;
  title: string;
  status: string;
  /** The tracker considers the work finished. */
  done: boolean;
  labels: string[];
  priority?: string;
  /** File path (absolute) or URL of the item. */
  location: string;
  /** Acceptance criteria as the tracker holds them now (checked boxes included). */
  acceptanceCriteria: { index: number; text: string; checked: boolean }[];
  /** Rugged's structured data; absent for an item labelled abuser-story that Rugged did not write. */
  story?: Story;
  /** Why the structured data could not be read, when the item has a damaged Rugged section. */
  problem?: string;
  /** Pull or merge requests the tracker links to the item, as evidence of the work. */
  links?: { title: string; url: string }[];
  /** Who the tracker says works on it (Backlog.md `assignee`, a remote item's assignees), as written there. */
  assignee?: string[];
  /** The risk decisions recorded on the item: target date and risk acceptance. */
  tracking?: RiskTracking;
}

/** A person's decision to live with a risk for a while, at a rating they state. */
export interface RiskAcceptance {
  /** Who accepted it, as written ("Dana Lee, security lead"). */
  by: string;
  /** YYYY-MM-DD the risk was accepted. */
  on: string;
  /** YYYY-MM-DD after which the acceptance no longer holds. */
  until: string;
  /** The rating the person accepted, which may differ from Rugged's. */
  rating: RiskSeverity;
  reason?: string;
}

/** Decisions about a story that live beside it in the tracker, outside Rugged's generated data. */
export interface RiskTracking {
  /** YYYY-MM-DD the team means to have it fixed by. */
  targetDate?: string;
  acceptance?: RiskAcceptance;
}

/** A commit as the evidence report lists it. */
export interface CommitRef {
  hash: string;
  subject: string;
}
