// What the code says about three site-wide controls before a platform story is raised for them.
// Cross-site request forgery needs a browser that sends the user's credentials with a body the app
// reads: form bodies, or a session cookie that state-changing routes trust. A JSON-only API with
// bearer tokens gives a forging page neither. HSTS is missing for sure only where the app ends TLS
// itself and sets no header; behind a proxy the repository does not show, it is unknown. A
// database account can be limited only where there is one: a database server (PostgreSQL, MySQL,
// MongoDB...) has accounts and grants, an SQLite file has neither, so an app whose only database is
// SQLite gets no least-privilege story. A platform story is raised and rated only from this
// evidence, and names it (file:line). Pure: the caller reads the files.
import { lineOfOffset } from '../../engine/parse';
import { appRoutes } from './appRoutes';
import type { SourceFile } from './routeAuth';
import type { RiskLevel } from './types';

/** One line of code a verdict stands on. */
export interface CodeEvidence {
  /** Repository-relative POSIX path. */
  path: string;
  line: number;
  /** What the line does, as a clause: "reads form bodies (express.urlencoded)". */
  what: string;
}

export interface PlatformFacts {
  /** Middleware reading HTML form or multipart bodies, which a page on another site can submit. */
  formBodies: CodeEvidence[];
  /** State-changing routes whose handler reads the session or a cookie: the browser sends those. */
  cookieAuthenticatedWrites: CodeEvidence[];
  /** A CSRF token library, or a session cookie with `sameSite` set to lax or strict. */
  csrfDefences: CodeEvidence[];
  /** Where the app answers plain HTTP itself (`app.listen`, `http.createServer`). */
  servesHttp: CodeEvidence[];
  /** Where the app ends TLS itself (`https.createServer`, `http2.createSecureServer`). */
  servesHttps: CodeEvidence[];
  /** Where the app sets Strict-Transport-Security (helmet, an hsts middleware, the header by hand). */
  hstsSet: CodeEvidence[];
  /** Where the app loads the client of a database server, which has accounts and grants. */
  databaseServers: CodeEvidence[];
  /** Where the app opens an SQLite database, which has neither. */
  sqliteDatabases: CodeEvidence[];
}

/**
 * What to do with a platform story: rate it from the evidence, leave it out because the code shows
 * it is not needed (or done), or leave it out because the code cannot tell.
 */
export type PlatformVerdict =
  | { kind: 'rated'; likelihood: RiskLevel; reason: string; evidence: CodeEvidence[] }
  | { kind: 'not-needed'; reason: string }
  | { kind: 'unknown'; reason: string };

const FORM_BODY: readonly [RegExp, string][] = [
  [/\b(?:express|bodyParser|bodyparser)\.urlencoded\s*\(/g, 'reads form bodies (urlencoded)'],
  [/\bbodyParser\(\s*\)/g, 'reads form bodies (bodyParser())'],
  [/\bmulter\s*\(/g, 'reads multipart form bodies (multer)'],
  [/\b(?:require\(\s*|from\s+)['"](express-fileupload|formidable|busboy|connect-multiparty)['"]/g, 'reads multipart form bodies ($1)'],
];
const CSRF_DEFENCE: readonly [RegExp, string][] = [
  [/\b(?:require\(\s*|from\s+)['"](csurf|csrf-csrf|csrf-sync|lusca|tiny-csrf|@dr\.pogodin\/csurf)['"]/g, 'uses the CSRF library $1'],
  [/\bsameSite\s*:\s*(?:['"](?:strict|lax)['"]|true)/gi, 'sets the cookie sameSite'],
];
const SERVES_HTTP = /(?:\b(?:app|server)|\))\.listen\s*\(|\bhttp\.createServer\s*\(/g;
const SERVES_HTTPS = /\bhttps\.createServer\s*\(|\bhttp2\.createSecureServer\s*\(/g;
const HSTS: readonly [RegExp, string][] = [
  [/\bhelmet\s*\(|\brequire\(\s*['"]helmet['"]\s*\)\s*\(/g, 'uses helmet, which sets Strict-Transport-Security'],
  [/\b(?:helmet\.)?hsts\s*\(/g, 'sets Strict-Transport-Security (hsts middleware)'],
  [/['"]Strict-Transport-Security['"]/gi, 'sets the Strict-Transport-Security header'],
];
const DATABASE_SERVER: readonly [RegExp, string][] = [
  [/\b(?:require\(\s*|from\s+)['"](pg|pg-promise|postgres|mysql2?|mariadb|mssql|tedious|oracledb|mongodb|mongoose|ioredis|redis)(?:\/[\w/]*)?['"]/g, 'loads the database client $1'],
  [/\bnew\s+Sequelize\s*\(\s*['"`](postgres(?:ql)?|mysql|mariadb|mssql):/g, 'connects Sequelize to $1'],
  // The URL of a deployment's database, whatever the fallback for a developer's machine.
  [/\bnew\s+Sequelize\s*\(\s*process\.env\.(\w+)/g, 'connects Sequelize to the database that process.env.$1 names'],
  [/\bdialect\s*:\s*['"](postgres|mysql|mariadb|mssql|oracle)['"]/g, 'sets the database dialect $1'],
  [/\bclient\s*:\s*['"](pg|postgres(?:ql)?|mysql2?|mssql|oracledb)['"]/g, 'sets the database client $1'],
];
const SQLITE: readonly [RegExp, string][] = [
  [/\b(?:require\(\s*|from\s+)['"](sqlite3|better-sqlite3|sqlite|sql\.js)['"]/g, 'loads the SQLite library $1'],
  [/['"`]sqlite:[^'"`]*['"`]/g, 'opens an SQLite database through Sequelize'],
];

/** A read of what the browser sends by itself with every request (not an assignment to it). */
const COOKIE_READ = /\breq(?:uest)?\.(?:session\.\w+\b|cookies\.\w+\b|signedCookies\.\w+\b|cookies\[[^\]]+\]|isAuthenticated\s*\()(?!\s*=[^=])/;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The facts of a set of files (the app's source). */
export function platformFactsOf(files: readonly SourceFile[]): PlatformFacts {
  const facts: PlatformFacts = { formBodies: [], cookieAuthenticatedWrites: [], csrfDefences: [], servesHttp: [], servesHttps: [], hstsSet: [], databaseServers: [], sqliteDatabases: [] };
  for (const file of files) {
    facts.formBodies.push(...matches(file, FORM_BODY));
    facts.csrfDefences.push(...matches(file, CSRF_DEFENCE));
    facts.servesHttp.push(...matches(file, [[SERVES_HTTP, 'starts a plain-HTTP server']]));
    facts.servesHttps.push(...matches(file, [[SERVES_HTTPS, 'ends TLS itself']]));
    // helmet({ hsts: false }) turns the header off.
    if (!/\bhsts\s*:\s*false\b/.test(file.text)) facts.hstsSet.push(...matches(file, HSTS));
    facts.databaseServers.push(...matches(file, DATABASE_SERVER));
    facts.sqliteDatabases.push(...matches(file, SQLITE));
  }
  facts.cookieAuthenticatedWrites.push(...cookieWrites(files));
  return facts;
}

/** Whether a CSRF platform story is worth raising here, and how likely the forgery is. */
export function csrfVerdict(facts: PlatformFacts): PlatformVerdict {
  if (facts.csrfDefences.length > 0) return { kind: 'not-needed', reason: `the app already defends against it: ${describe(facts.csrfDefences)}` };
  const forms = facts.formBodies;
  const writes = facts.cookieAuthenticatedWrites;
  if (forms.length === 0 && writes.length === 0) {
    return { kind: 'not-needed', reason: 'the app reads no form bodies and no state-changing route reads a session or a cookie, so a page on another site can send neither a body the app reads nor credentials it trusts' };
  }
  if (forms.length > 0 && writes.length > 0) {
    return { kind: 'rated', likelihood: 2, reason: `a page on another site can submit a form the app reads (${describe(forms)}) to routes that trust the session cookie (${describe(writes)})`, evidence: [...forms, ...writes] };
  }
  if (writes.length > 0) {
    return { kind: 'rated', likelihood: 1, reason: `routes trust the session cookie (${describe(writes)}), but the app reads no form bodies, so a page on another site can forge only the requests that need no body`, evidence: writes };
  }
  return { kind: 'rated', likelihood: 1, reason: `the app reads form bodies (${describe(forms)}), but no state-changing route was seen reading a session or a cookie; a login Rugged cannot read would make it likelier`, evidence: forms };
}

/** Whether an HSTS platform story is worth raising here: only where the app ends TLS itself. */
export function hstsVerdict(facts: PlatformFacts): PlatformVerdict {
  if (facts.hstsSet.length > 0) return { kind: 'not-needed', reason: `the app sets it: ${describe(facts.hstsSet)}` };
  if (facts.servesHttps.length > 0) {
    return { kind: 'rated', likelihood: 2, reason: `the app ends TLS itself (${describe(facts.servesHttps)}) and no code sets Strict-Transport-Security`, evidence: facts.servesHttps };
  }
  if (facts.servesHttp.length > 0) {
    return { kind: 'unknown', reason: `the app answers plain HTTP (${describe(facts.servesHttp)}), so HTTPS and HSTS are up to a proxy or platform whose configuration is not in the repository` };
  }
  return { kind: 'unknown', reason: 'the code starts no server, so HTTPS and HSTS are up to a platform whose configuration is not in the repository' };
}

/**
 * Whether a database least-privilege story is worth raising: where the app talks to a database
 * server, or where the code shows no database at all (the story's own stories found SQL, so there is
 * one the repository does not show); not where its only database is an SQLite file.
 */
export function databaseVerdict(facts: PlatformFacts): PlatformVerdict | undefined {
  if (facts.databaseServers.length > 0) {
    return { kind: 'rated', likelihood: 1, reason: `the app connects to a database server through an account that can be limited (${describe(facts.databaseServers)}); an injection gets what that account may do`, evidence: facts.databaseServers };
  }
  if (facts.sqliteDatabases.length > 0) {
    return { kind: 'not-needed', reason: `the app's only database is SQLite (${describe(facts.sqliteDatabases)}), which has no accounts or grants to limit: an injection reaches the whole database whatever the app does, so what protects it is the injection's own fix, and keeping the database file out of reach of routes that serve files` };
  }
  return undefined;
}

/** `src/app.js:9 (reads form bodies (urlencoded))`, joined. */
export function describe(evidence: readonly CodeEvidence[]): string {
  const shown = evidence.slice(0, 3).map((e) => `${e.path}:${e.line} ${e.what}`);
  return `${shown.join('; ')}${evidence.length > 3 ? `; and ${evidence.length - 3} more` : ''}`;
}

function matches(file: SourceFile, patterns: readonly (readonly [RegExp, string])[]): CodeEvidence[] {
  const out: CodeEvidence[] = [];
  for (const [pattern, what] of patterns) {
    for (const m of file.text.matchAll(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))) {
      if (isCommented(file.text, m.index)) continue;
      out.push({ path: file.path, line: lineOfOffset(file.text, m.index), what: what.replace('$1', m[1] ?? '') });
    }
  }
  return out;
}

/** A state-changing route whose handler reads the session or a cookie, once per route. */
function cookieWrites(files: readonly SourceFile[]): CodeEvidence[] {
  const out: CodeEvidence[] = [];
  for (const route of appRoutes(files)) {
    if (!STATE_CHANGING.has(route.method)) continue;
    const read = COOKIE_READ.exec(route.file.text.slice(route.handler[0], route.handler[1]));
    if (read) out.push({ path: route.file.path, line: route.line, what: `${route.method} ${route.path} reads ${read[0].replace(/\s*\($/, '()')}` });
  }
  return out;
}

/** A match on a line comment, so `// app.use(helmet())` is not taken for the real thing. */
function isCommented(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^\s*(?:\/\/|\*|\/\*)/.test(text.slice(lineStart, offset));
}
