// What a rule's grounding (storyGrounding.ts) reads about the code, and what it gives back.
import type { AbuserStorySeed } from '../../engine/api';
import type { LevelChange } from './risk';
import type { HardcodedSecret, WorkspaceFacts } from './workspaceFacts';

export interface GroundingContext {
  /** Repository-relative POSIX path of the story's file. */
  path: string;
  text: string;
  /** The route handler around the finding, else the quoted region. */
  handler: string;
  /** The route's method, when the finding is in a route handler. */
  method?: string;
  /** Its full path, with the router's mount prefix (`/rest/admin/users`). */
  routePath?: string;
  libraries?: Readonly<Record<string, string>>;
  workspace?: WorkspaceFacts;
  /** Full paths of routes of this file that answer HTML built from stored data (for stored XSS). */
  htmlReadBack?: readonly string[];
}

/** A file of the workspace a path traversal reaches: repository-relative, and as asked for from the served folder (`../todos.db`). */
export interface NamedFile {
  path: string;
  reach: string;
}

export interface Grounded {
  seed: AbuserStorySeed;
  likelihood?: LevelChange;
  impact?: LevelChange;
  /** What the code puts in reach beyond the asset ("the JWT signing key in src/security.js"), for the asset and the title. */
  assetAddition?: string;
  /**
   * The loss for the title, shortest last, when the goal's own words would lose what matters to a
   * cut ("sign in as the first user, usually the administrator, ..."): the first that fits whole is used.
   */
  titleLosses?: readonly string[];
  /** The committed secret whose move-and-rotate criterion this story carries (no story on the backlog owns it yet). */
  ownsSecret?: HardcodedSecret;
  /** An environment variable holding the compared secret, with no default and no start-up check: the test unsets it. */
  unsetEnv?: { variable: string; input: string };
  /**
   * The attack learns one yes-or-no answer per request (a blind injection): among rules rated the
   * same, one whose attack reads the rows back tells the story better.
   */
  blind?: boolean;
  /** Why the attack does not work here today, when the story only keeps it so (hardening, not a residual risk). */
  hardening?: string;
  /** The file a traversal reaches that the story names, and the path from the served folder that reaches it, for its test. */
  namedFile?: NamedFile;
  /** The story on the backlog that owns a committed secret this one relies on, and why, instead of repeating its criterion. */
  dependsOn?: { id: string; title: string; why: string };
}
