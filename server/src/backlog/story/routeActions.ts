// What a route does with data, read from its HTTP method and the data calls in its handler: "reads
// orders", "deletes an order", "runs `tar` on the server". A missing-login story lists the routes
// anyone can call by what they do, and rates its impact from the worst of them, so a product owner
// sees the loss and a reviewer can check the rating against the code. Pure; regular expressions
// over the handler's text, since a wrong guess costs a word, not a missed route.
import type { RiskLevel } from './types';

export type ActionKind = 'delete' | 'change' | 'run' | 'add' | 'upload' | 'serve' | 'read';

export interface RouteAction {
  kind: ActionKind;
  /** "deletes an order", for a list of routes. */
  does: string;
  /** "delete an order", for a title or a goal (plain text: no inline code). */
  doing: string;
  /** What the worst of it acts on, as a plural ("orders"), or the program it runs ("tar"). */
  object: string;
  /** Read from the method and path alone: the handler shows no data call. */
  guessed: boolean;
  /** Whether the data is about people (their orders, todos, files), as opposed to catalogue or business figures. */
  personal: boolean;
  /**
   * 3 for a deletion of stored data or a change to accounts (their passwords, roles, emails), 2 for
   * any other change, a command on the server, a read of personal data or a new record, 1 for a read
   * of other data.
   */
  impact: RiskLevel;
}

/** Names of data that belongs to the people using the app. */
const PERSONAL = /user|customer|account|member|profile|person|people|order|todo|note|list|task|message|comment|review|address|payment|card|invoice|basket|cart|session|password|token|file|attachment|document|upload|contact|email|patient|employee|staff|export|archive/i;
/** Names of data an app shows everyone: a route that only reads it needs no login. */
const PUBLIC = /^(?:products?|catalog(?:ue)?s?|categor(?:y|ies)|prices?|health|status|version|faqs?|stock|inventory|menus?|ping|assets?|static|public|docs?)$/i;
/** Path segments of the login flow itself, which must stay open. */
const LOGIN_FLOW = /^(?:log-?in|log-?out|sign-?in|sign-?out|sign-?up|register|registration|session|sessions|password|forgot(?:-password)?|reset(?:-password)?|verify|confirm|callback|oauth|auth|token|refresh)$/i;

const ORDER: readonly ActionKind[] = ['run', 'delete', 'change', 'add', 'upload', 'serve', 'read'];

/** Whether the path belongs to logging in itself (`/session/login`, `/auth/callback`), which no login can guard. */
export function isLoginFlow(path: string): boolean {
  return path.split('/').some((s) => LOGIN_FLOW.test(s));
}

/**
 * What the route does, worst first, or undefined when it touches no data worth a login: a GET that
 * reads nothing the code shows, or reads only public catalogue data. `keep` lists it anyway (the
 * story's own route), described from its method and path.
 */
export function routeAction(method: string, path: string, handler: string, keep = false): RouteAction | undefined {
  const found = actionsIn(handler, path);
  const fallback = keep || method !== 'GET' ? fromMethod(method, path) : undefined;
  const all = found.length > 0 ? found : fallback ? [fallback] : [];
  const listed = keep ? all : all.filter((a) => a.kind !== 'read' || !PUBLIC.test(a.object));
  if (listed.length === 0) return undefined;
  const sorted = [...listed].sort((a, b) => impactOf(b) - impactOf(a) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  const distinct = sorted.filter((a, i) => sorted.findIndex((b) => phrase(b, true) === phrase(a, true)) === i).slice(0, 2);
  const worst = distinct[0];
  return {
    kind: worst.kind,
    does: distinct.map((a) => phrase(a, true)).join(' and '),
    doing: phrase(worst, false).replace(/`/g, ''),
    object: worst.object,
    guessed: found.length === 0,
    personal: distinct.some((a) => isPersonal(a)),
    impact: impactOf(worst),
  };
}

interface Found {
  kind: ActionKind;
  /** Plural name of the data ("orders"), or the program run ("tar"). */
  object: string;
  /** One record (a path parameter picks it) rather than many. */
  one: boolean;
}

const SQL = /\b(SELECT\b[\s\S]{0,200}?\bFROM|DELETE\s+FROM|UPDATE|INSERT\s+INTO)\s+[`"[]?([A-Za-z_]\w*)/gi;
const MODEL_CALL = /\b([A-Z]\w*)\s*\.\s*(find\w*|count\w*|aggregate|distinct|delete\w*|remove\w*|destroy|update\w*|replaceOne|create|insert\w*|bulkCreate|upsert)\s*\(/g;
const COLLECTION_CALL = /\.collection\(\s*['"`](\w+)['"`]\s*\)\s*\.\s*(\w+)\s*\(/g;
const COMMAND = /\b(?:exec|execSync|execFile|execFileSync|spawn|spawnSync)\s*\(\s*['"`]\s*([\w./-]+)/;
const CODE = /\b(?:eval|new\s+Function|vm\s*\.\s*run\w*)\s*\(/;
const SERVE = /\b(?:res|response)\s*\.\s*(?:sendFile|download)\s*\(|\bfs\w*\s*\.\s*(?:readFile\w*|createReadStream)\s*\(/;
const UPLOAD = /\breq(?:uest)?\s*\.\s*files?\b|\bfs\w*\s*\.\s*(?:writeFile\w*|createWriteStream)\s*\(/;
const REMOVE_FILE = /\bfs\w*\s*\.\s*(?:unlink|rm|rmdir)\w*\s*\(/;

function actionsIn(handler: string, path: string): Found[] {
  const one = /\/:\w+\??$/.test(path);
  const out: Found[] = [];
  for (const m of handler.matchAll(SQL)) {
    const verb = m[1].split(/\s/)[0].toUpperCase();
    const kind: ActionKind = verb === 'SELECT' ? 'read' : verb === 'DELETE' ? 'delete' : verb === 'UPDATE' ? 'change' : 'add';
    out.push({ kind, object: plural(m[2]), one: kind !== 'read' ? one || kind === 'add' : one });
  }
  for (const m of handler.matchAll(MODEL_CALL)) out.push({ kind: modelKind(m[2]), object: plural(m[1]), one: one || /One|ById|^create$/.test(m[2]) });
  for (const m of handler.matchAll(COLLECTION_CALL)) out.push({ kind: modelKind(m[2]), object: plural(m[1]), one: one || /One|ById/.test(m[2]) });
  const command = COMMAND.exec(handler);
  if (command) out.push({ kind: 'run', object: command[1].replace(/^.*\//, ''), one: true });
  // Evaluating what the request sends is the injection's loss, rated by its own story; it describes
  // the route only when the handler shows nothing else it does.
  else if (CODE.test(handler) && out.length === 0) out.push({ kind: 'run', object: '', one: true });
  if (REMOVE_FILE.test(handler)) out.push({ kind: 'delete', object: 'files', one: true });
  if (SERVE.test(handler)) out.push({ kind: 'serve', object: servedFolder(path), one: true });
  if (UPLOAD.test(handler)) out.push({ kind: 'upload', object: 'files', one: true });
  return out;
}

/** The last segment of a route path that is not a parameter (`/admin/exports/:file`: exports). */
function lastFixedSegment(path: string): string | undefined {
  return path.split('/').filter((s) => s && !s.startsWith(':') && s !== '*').pop();
}

/** Folder names that say nothing of what the files are. */
const GENERIC_FOLDERS = /^(?:files|downloads?|static|public|assets|uploads|media|content|data|docs?|resources)$/i;

/** What a route serves, from the folder its path names (`/admin/exports/:file`: exports), else files. */
function servedFolder(path: string): string {
  const last = lastFixedSegment(path);
  return last && /^[a-z]+s$/i.test(last) && !GENERIC_FOLDERS.test(last) ? last.toLowerCase() : 'files';
}

function modelKind(call: string): ActionKind {
  if (/^(?:delete|remove|destroy)/i.test(call) || /AndDelete$|AndRemove$/.test(call)) return 'delete';
  if (/^(?:update|replace|upsert)/i.test(call) || /AndUpdate$|AndReplace$/.test(call)) return 'change';
  if (/^(?:create|insert|bulkCreate)/i.test(call)) return 'add';
  return 'read';
}

/** Without a data call the method and the last fixed segment of the path say it: `PATCH /notes/:id` changes a note. */
function fromMethod(method: string, path: string): Found {
  const object = plural(lastFixedSegment(path) ?? 'records');
  const one = /\/:\w+\??$/.test(path);
  if (method === 'DELETE') return { kind: 'delete', object, one };
  if (method === 'PUT' || method === 'PATCH') return { kind: 'change', object, one };
  if (method === 'POST') return { kind: 'add', object, one: true };
  return { kind: 'read', object, one };
}

/** Records whose change hands over an account: a new password, email or role is a takeover. */
const ACCOUNTS = /^(?:users?|accounts?|passwords?|credentials?|roles?|permissions?|admins?|administrators?|logins?|members?|customers?)$/i;

function impactOf(a: Found): RiskLevel {
  // A deletion is gone for good; a change to a review or a todo can be put right, the same loss a
  // story on changing another person's record rates 2 (catalogue goal t-others-record). A change to
  // accounts is a takeover, as bad as a deletion.
  if (a.kind === 'delete') return 3;
  if (a.kind === 'change') return ACCOUNTS.test(a.object) ? 3 : 2;
  // Starting a fixed program (`tar` for an export) is what the route is for: anyone can make the
  // server work and see what it makes. What an injected command or evaluated input could do is the
  // injection's loss, rated by its own story; counting it here would rate one weakness twice.
  if (a.kind === 'run' || a.kind === 'add' || a.kind === 'upload' || a.kind === 'serve') return 2;
  return isPersonal(a) ? 2 : 1;
}

function isPersonal(a: Found): boolean {
  return a.kind === 'serve' || a.kind === 'upload' || PERSONAL.test(a.object);
}

const VERBS: Record<ActionKind, [string, string]> = {
  delete: ['deletes', 'delete'],
  change: ['changes', 'change'],
  run: ['runs', 'run'],
  add: ['adds', 'add'],
  upload: ['stores', 'store'],
  serve: ['sends back', 'download'],
  read: ['reads', 'read'],
};

function phrase(a: Found, third: boolean): string {
  const verb = VERBS[a.kind][third ? 0 : 1];
  if (a.kind === 'run') return a.object ? `${verb} \`${a.object}\` on the server` : third ? 'runs code from the request on the server' : 'run code on the server';
  if (a.kind === 'upload') return `${verb} an uploaded file on the server`;
  if (a.kind === 'serve') return a.object === 'files' ? `${verb} a file from the server` : `${verb} ${withArticle(singular(a.object))}`;
  return `${verb} ${a.one ? withArticle(singular(a.object)) : a.object}`;
}

/** `Reviews`, `todo_items`, `List` as words in a sentence: "reviews", "todo items", "lists". */
function plural(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().trim();
  if (/s$/.test(words)) return words;
  return /[^aeiou]y$/.test(words) ? `${words.slice(0, -1)}ies` : `${words}s`;
}

function singular(words: string): string {
  if (/ies$/.test(words)) return `${words.slice(0, -3)}y`;
  if (/(?:ss|us)$/.test(words)) return words;
  return words.replace(/s$/, '');
}

function withArticle(noun: string): string {
  // "a user", "a unit" (a u sounded "you" before one consonant and a vowel), "an order", "an upload".
  return `${/^(?:[aeio]|u(?![bcdfghjklmnpqrstvwxz][aeiouy]))/.test(noun) ? 'an' : 'a'} ${noun}`;
}
