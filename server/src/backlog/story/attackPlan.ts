// What a story's security test is written from (the target: route, field, token, file) and what
// each kind of attack contributes to it (the plan), shared by the files that write the attacks.
import type { RequestField } from './skeletonRequests';
import type { SignIn, WorkspaceRoute } from './signIn';
import type { SqlTable } from './sqlSchema';

/** A request field pasted into SQL text, and what it stands for there (the engine's slot kind: `string`, `value`, `identifier`…). */
export interface SqlInput {
  field: RequestField;
  slot: string;
}

export interface AttackTarget {
  key: string;
  ruleId: string;
  /** The finding's message: which variant of the rule's weakness this is (decoding or verifying a JWT). */
  message: string;
  method?: string;
  /** Full route with its mount prefix. */
  route?: string;
  field?: RequestField;
  /** Where the handler reads a token: a header, a cookie or a request field. */
  token?: { location: 'header' | 'cookie' | 'query' | 'body'; name: string };
  /** The code the finding points at (a comparison, a call), for tests that read the code. */
  sinkText?: string;
  /** The quoted region around the finding (the handler), for attacks that depend on what it answers. */
  regionText?: string;
  /** Nothing on the route or its mount checks a login (routeAuth.ts): the attack needs none. */
  anonymous?: boolean;
  /** The cookie the finding names. */
  cookieName?: string;
  /** Repository-relative path of the file the finding is in. */
  file: string;
  /** That file's text, for what lies outside the handler (the modules it requires). */
  fileText?: string;
  /**
   * The committed JWT key whose move-and-rotate work this story owns: the test signs a token with it,
   * read from where the code reads it (`name` in `path`), never copied into the test.
   */
  committedKey?: { name: string; path: string };
  /** The environment variable holding the compared secret, read with no default and no start-up check. */
  unsetEnv?: { variable: string; input: string };
  /** The file a path traversal reaches that the story names: the test asks for it too. */
  namedFile?: { path: string; reach: string };
  /** SHA-256 (hex) of each committed secret value, so the test can find it without quoting it. */
  secretSha256?: string[];
  /** How logout removes a session from the hand-made store the finding names (`delete sessions[sid]`). */
  logoutRemoval?: string;
  /** Installed versions of the project's libraries (package name to version). */
  libraries?: Readonly<Record<string, string>>;
  /** Full paths of the GET routes of the file that answer HTML (where a stored value is shown back). */
  htmlReadBack?: readonly string[];
  /** Every request field the finding's SQL text holds, in order (the engine's `inputs`). */
  sqlInputs?: readonly SqlInput[];
  /** The workspace's tables and columns, for the column a SQL injection test shows is reachable. */
  sqlTables?: readonly SqlTable[];
  /** How the app signs a user in, for tests that act as one user against another's record. */
  signIn?: SignIn;
  /** Every route of the workspace with its mount prefix, to find where a record is read back. */
  workspaceRoutes?: readonly WorkspaceRoute[];
  /** Who owns the records the story is about, in the story's words ("customer", "user"). */
  owner?: string;
  /** The request field that names whose records the route returns (`customer`), where the request decides it. */
  ownerField?: RequestField;
}

/** What a kind contributes to the test file. */
export interface AttackPlan {
  payload: string;
  /** What the test expects once the fix is in, in words. */
  refusal: string;
  /** The test criterion, given the test's path. */
  criterion: (path: string) => string;
  testName: string;
  /** Module-level lines after BASE_URL (constants, helpers). */
  preamble: string[];
  /** The test function's body. */
  body: string[];
  /** More test cases in the same file, after the first (one per attacked field). */
  more?: { testName: string; body: string[] }[];
  /** Control criteria the fix needs for the test to pass (beyond the rule's own), for this code. */
  controls?: string[];
  /** Node built-ins the test requires, as `name: 'module'` pairs. */
  requires?: Record<string, string>;
  /** The test loads the app itself (to control what it draws randomness from) instead of calling BASE_URL. */
  inProcess?: boolean;
}

export type AttackOutcome = AttackPlan | { notProposed: string } | undefined;
