// What the rest of the workspace says about a story's code: which hard-coded secrets it uses, which
// files worth stealing sit beside it, and how the app is set up (body parsers, session cookie).
// A story told from the flagged line alone overstates or misses the loss: a JWT check is only as
// strong as its key, a path traversal is as bad as the best file in reach. The use case gathers
// these facts (useCases/workspaceFacts.ts); this module holds their shape and the readers of text.
import type { ColumnExposure } from './passwordExposure';
import type { SqlTable } from './sqlSchema';
import type { SignIn, WorkspaceRoute } from './signIn';
import type { SourceFile } from './routeAuth';

/** A value the hard-coded-secret rule flagged, where the code under a story can use it. */
export interface HardcodedSecret {
  /** The name the story's file uses for it (a local constant, or the name it imports it under); absent when it is not named. */
  name?: string;
  /** Repository-relative path and line of the literal. */
  path: string;
  line: number;
  /** What the rule says it is ("The JWT signing key", "The express-session secret"). */
  what: string;
}

/** A story on the backlog that carries the move-and-rotate work of a committed secret. */
export interface SecretOwner {
  /** Where the secret is written, as `HardcodedSecret` names it. */
  path: string;
  line: number;
  /** The story's tracker id and title. */
  id: string;
  title: string;
}

/** A file an attacker who leaves a served folder would want, and why. */
export interface FileWorthReading {
  /** Repository-relative POSIX path. */
  path: string;
  /** What it holds, as a noun phrase: "the environment file", "the JWT signing key". */
  holds: string;
}

export type BodyParser = 'json' | 'urlencoded' | 'text' | 'raw' | 'multipart';

/** How the app is set up, as its entry file shows it. */
export interface AppFacts {
  /** Body parsers mounted for every route (`app.use(express.json())`). */
  bodyParsers: BodyParser[];
  /** True when the session cookie is httpOnly (express-session's default), false when set off, absent when unknown. */
  sessionCookieHttpOnly?: boolean;
  /** The app answers cross-origin requests (`cors()`), so a cross-site fetch may send JSON. */
  cors: boolean;
}

/**
 * Whether another site's page can make a browser send this app a body it reads: a form body the
 * app parses, or JSON through a fetch its CORS set-up lets through.
 */
export function crossSiteBodiesReach(app: AppFacts): boolean {
  return app.cors || app.bodyParsers.some((p) => p !== 'json');
}

/** The app reads JSON bodies and nothing another site's page can send it. */
export function readsOnlyJson(app: AppFacts): boolean {
  return app.bodyParsers.includes('json') && !crossSiteBodiesReach(app);
}

export interface WorkspaceFacts {
  /** Hard-coded secrets the story's file uses, by the name it uses them under. */
  secretsUsed?: readonly HardcodedSecret[];
  /** Files worth reading anywhere in the workspace (a traversal reaches any of them). */
  filesWorthReading?: readonly FileWorthReading[];
  app?: AppFacts;
  /** Tables and columns the workspace's SQL declares or queries (story/sqlSchema.ts). */
  sqlTables?: readonly SqlTable[];
  /** Where the process runs from, relative to the repository (the folder holding package.json); '' for the root. */
  appRoot?: string;
  /** How the app signs a user in, when one of its routes does (signIn.ts). */
  signIn?: SignIn;
  /** Every route of the workspace with its mount prefix, for tests that read a record back. */
  routes?: readonly WorkspaceRoute[];
  /**
   * The product files (repository-relative) that declare routes or mount routers: a missing-login
   * story lists the routes other files add under its prefix.
   */
  routeSources?: readonly SourceFile[];
  /** Open stories that already own a committed secret: a new story relying on it depends on them. */
  secretOwners?: readonly SecretOwner[];
  /** Open stories through which anyone reads a column of stored passwords (passwordExposure.ts). */
  passwordExposures?: readonly ColumnExposure[];
  /** Environment variables some file gives a default or refuses to start without (`envVarsGuarded`). */
  envGuarded?: readonly string[];
}

/**
 * Environment variables this text makes sure are set: a default (`process.env.X || 'dev'`), a check
 * that leaves when one is missing (`if (!process.env.X) throw ...`), or an assertion. A variable read
 * without any of these is `undefined` wherever nobody set it.
 */
export function envVarsGuarded(text: string): string[] {
  const names = new Set<string>();
  const env = String.raw`process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([^'"]+)['"]\s*\])`;
  const patterns = [String.raw`${env}\s*(?:\|\||\?\?)`, String.raw`if\s*\(\s*!\s*${env}`, String.raw`assert(?:\.ok)?\s*\(\s*${env}`].map((p) => new RegExp(p, 'g'));
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) names.add(m[1] ?? m[2]);
  return [...names];
}

const PARSERS: readonly [RegExp, BodyParser][] = [
  [/\b(?:express|bodyParser|bodyparser)\.json\s*\(/, 'json'],
  [/\b(?:express|bodyParser|bodyparser)\.urlencoded\s*\(|\bbodyParser\(\s*\)/, 'urlencoded'],
  [/\b(?:express|bodyParser|bodyparser)\.text\s*\(/, 'text'],
  [/\b(?:express|bodyParser|bodyparser)\.raw\s*\(/, 'raw'],
  [/\bmulter\s*\(|\brequire\(\s*['"](?:express-fileupload|formidable|busboy|connect-multiparty)['"]\s*\)/, 'multipart'],
];

/** The app's set-up from the text of its entry file (and files it configures the app in). */
export function appFactsOf(texts: readonly string[]): AppFacts {
  const bodyParsers = new Set<BodyParser>();
  let httpOnly: boolean | undefined;
  let cors = false;
  for (const text of texts) {
    for (const use of appUses(text)) for (const [pattern, parser] of PARSERS) if (pattern.test(use)) bodyParsers.add(parser);
    if (/\brequire\(\s*['"]cors['"]\s*\)|\bfrom\s+['"]cors['"]/.test(text)) cors = true;
    if (/\brequire\(\s*['"](?:express-session|cookie-session)['"]\s*\)|\bfrom\s+['"](?:express-session|cookie-session)['"]/.test(text)) {
      // Both libraries set httpOnly unless told otherwise.
      httpOnly = !/\bhttpOnly\s*:\s*false\b/.test(text);
    }
  }
  return { bodyParsers: [...bodyParsers], ...(httpOnly !== undefined ? { sessionCookieHttpOnly: httpOnly } : {}), cors };
}

/** The argument text of each `<x>.use(...)` call, to the matching parenthesis. */
function appUses(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/\.use\s*\(/g)) {
    let depth = 1;
    let i = match.index + match[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    out.push(text.slice(match.index, i));
  }
  return out;
}

/** Database files the code opens by a literal name (SQLite), relative to where the process runs. */
export function databaseFilesNamed(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/['"`]([\w./-]+\.(?:db|sqlite3?))['"`]/g)) {
    if (!/^(?:https?:|\/)/.test(m[1])) names.add(m[1].replace(/^\.\//, ''));
  }
  return [...names];
}

/** What a file holds by its name alone (never its content), or undefined when nothing stands out. */
export function holdsByName(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.env(?:\.(?!example$|sample$|template$|dist$)[\w.-]+)?$/.test(name)) return 'the environment file';
  if (/\.(?:db|sqlite3?)$/.test(name)) return 'the SQLite database';
  if (/\.(?:key|p12|pfx)$|^id_(?:rsa|ecdsa|ed25519)$|private.*\.pem$|key\.pem$/i.test(name)) return 'a private key';
  return undefined;
}
