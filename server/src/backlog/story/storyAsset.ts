// The asset a story is about, as concrete as the code allows. A seed says "the records in the
// application database" for every SQL injection; the query in the handler names its table, a
// MongoDB call its collection, a cookie finding its cookie, a file read its folder. A person's
// `--asset` wins over both. Seeds and catalogue goals write `{asset}` where their goal or harm names
// the asset, so the narrative speaks of this code's asset instead of a generic one.
import { joinAnd } from './wordList';

/** `{asset}` in a seed's goal or harm, replaced by the story's asset. */
const PLACEHOLDER = /\{asset\}/g;

export function fillAsset(text: string, asset: string): string {
  return text.replace(PLACEHOLDER, asset);
}

/**
 * What the code puts in reach beyond the named asset (the password column a UNION reads, the key a
 * traversal opens) is why the impact is high, so it leads: "the password hashes in
 * customers.password_hash, as well as the product catalogue".
 */
export function withAddition(asset: string, addition: string | undefined): string {
  return addition ? `${addition}, as well as ${asset}` : asset;
}

/**
 * The harm of a narrative whose goal already named the asset refers back to it ("so that I copy,
 * change or delete them") instead of naming it a second time in the same sentence.
 */
export function harmAfterGoal(harm: string, goal: string, asset: string): string {
  if (!asset || !goal.includes(asset) || !harm.includes(asset)) return harm;
  // A harm that goes on to say "its" of the asset keeps to "it"; any other "it" after the asset
  // (the parser, a file) says nothing about the asset's number.
  const after = harm.slice(harm.indexOf(asset) + asset.length);
  const pronoun = /\bits\b/i.test(after) ? 'it' : pronounFor(asset);
  return harm.replace(asset, pronoun);
}

/** "them" for a list or a plural head noun ("order archives", "the passwords in users.password"), else "it". */
function pronounFor(asset: string): string {
  if (/\band\b|, as well as\b/.test(asset)) return 'them';
  const head = asset.split(/\s(?:in|of|on|from|at|for|with|under|behind|reachable)\s|,/)[0].trim().split(/\s+/).pop() ?? '';
  return /[^s]s$/i.test(head) || /^(?:people|data)$/i.test(head) ? 'them' : 'it';
}

export function namesAsset(text: string): boolean {
  return /\{asset\}/.test(text);
}

/** What the code says is at risk, for the rule that found it, or undefined when it says nothing. */
export function assetFromCode(code: string, ruleId: string, cookieName?: string): string | undefined {
  if (ruleId === 'sql/no-mongo-where-from-input' || ruleId === 'sql/no-request-object-as-query-filter') return collectionsIn(code);
  if (ruleId.startsWith('sql/')) return tablesIn(code);
  if (ruleId === 'session/no-insecure-session-cookie' && cookieName) return `the sessions carried by the ${cookieName} cookie`;
  if (ruleId === 'unsafe-api/no-path-traversal') return folderIn(code);
  return undefined;
}

/** Tables the handler's SQL names after FROM, INTO, UPDATE or JOIN: "the orders table". */
function tablesIn(code: string): string | undefined {
  const names = [...code.matchAll(/\b(?:FROM|INTO|UPDATE|JOIN)\s+[`"[]?([A-Za-z_][\w.]*)/g)].map((m) => m[1]);
  return described([...new Set(names)], 'table');
}

/** Collections a MongoDB call names: `db.collection('lists')` or a model such as `List.find`. */
function collectionsIn(code: string): string | undefined {
  const named = [...code.matchAll(/\.collection\(\s*['"`]([\w.-]+)['"`]/g)].map((m) => m[1]);
  const models = [...code.matchAll(/\b([A-Z][A-Za-z0-9]*)\.(?:find|findOne|where|updateOne|updateMany|deleteOne|deleteMany|countDocuments)\(/g)].map((m) => m[1]);
  return described([...new Set([...named, ...models])], 'collection');
}

/** The folder a file path is joined to: `path.join(__dirname, 'exports', name)` reads files in exports. */
function folderIn(code: string): string | undefined {
  const folder = /\b(?:join|resolve)\(\s*__dirname\s*,\s*(?:['"`][./]*['"`]\s*,\s*)*['"`](?:\.\.\/)*([\w-]+)['"`]/.exec(code)?.[1];
  return folder ? `the files in the ${folder} folder and everything else the server can read` : undefined;
}

function described(names: readonly string[], kind: string): string | undefined {
  if (names.length === 0 || names.length > 3) return undefined;
  return `the ${joinAnd(names)} ${kind}${names.length > 1 ? 's' : ''}`;
}
