// A SQL injection story names what the injection gets, from the workspace's own schema rather than
// the seed's "records in the application database". A login query that checks the password in SQL
// lets a quote end the condition before that check: the attacker is signed in as the first user the
// table returns, usually the administrator. Any other SELECT takes a UNION, which reads the most
// valuable column of a table the same database connection queries elsewhere (a plaintext password
// first), named as `table.column`, when the handler answers with the rows; a handler that does not
// leaves one yes-or-no answer per request. Without a schema no column is guessed.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { sqlStringsIn, tablesInSql, type SqlTable } from './sqlSchema';
import { dialectOfCode, type SqlDialect } from './sqlDialect';
import { rowsReturned } from './sqlQueryShape';

/** The most valuable data a column can hold, most valuable first, with how the story names it. */
const VALUABLE: readonly { pattern: RegExp; noun: string }[] = [
  { pattern: /^(?:pass(?:word|wd)?|pwd|user_?pass(?:word)?)$/i, noun: 'passwords' },
  { pattern: /^(?:pass(?:word|wd)?_?(?:hash|digest)|(?:hashed|encrypted|crypted)_?pass(?:word|wd)?|pw_?hash)$/i, noun: 'password hashes' },
  { pattern: /secret/i, noun: 'secrets' },
  { pattern: /(?:^|_)(?:api|access)_?key$|^apikey$/i, noun: 'API keys' },
  { pattern: /private_?key$/i, noun: 'private keys' },
  { pattern: /(?:^|_)token$|^token/i, noun: 'tokens' },
  { pattern: /^(?:credit_?)?card(?:_?(?:number|no|num))?$|^cc_?(?:num|number)$|^pan$|^iban$/i, noun: 'card numbers' },
  { pattern: /^ssn$|social_?security/i, noun: 'social security numbers' },
  { pattern: /^(?:national_?id|tax_?id|passport_?(?:no|number)?)$/i, noun: 'identity numbers' },
  { pattern: /^e_?mail(?:_?address)?$/i, noun: 'email addresses' },
];

const PASSWORD_COLUMN = /\b(?:pass(?:word|wd)?|pwd|password_?hash|passhash)\b/i;

export interface ValuableColumn {
  table: string;
  column: string;
  /** "the plaintext passwords in users.password". */
  phrase: string;
  passwords: 'plaintext' | 'hashes' | undefined;
}

export function groundSqlInjection(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const sql = sqlOfFinding(context.text, finding);
  if (!sql || !/^\s*(?:\(\s*)*select\b/i.test(sql)) return { seed };
  const table = tablesInSql(sql)[0]?.name;
  if (table && /\bWHERE\b[\s\S]*\b(?:pass(?:word|wd)?|pwd|password_?hash|passhash)\s*=/i.test(sql)) return loginBypass(seed, table, /\bWHERE\s+[`"[]?(\w+)/i.exec(sql)?.[1]);
  // Input that lands only where a name goes (a sort column, a direction) cannot add a UNION there:
  // what it reads, one bit per request, is told by the identifier rule's story (groundSqlIdentifier.ts).
  const kinds = [...(finding.data?.inputs ?? '').matchAll(/\(([\w-]+)\)/g)].map((m) => m[1]);
  if (kinds.length > 0 && kinds.every((k) => /identifier|keyword|qualified/.test(k))) return { seed, blind: true };
  const handle = finding.data?.sink?.split('.').slice(-2, -1)[0];
  const target = mostValuable(context.workspace?.sqlTables ?? [], handle, dialectOfCode(context.text));
  const firstClause = seed.harm.replace(/,\s*(?:far beyond|beyond)\b[^,]*$/, '');
  // A handler that never answers with the rows leaves the attacker one yes-or-no answer per request.
  if (rowsReturned(context.handler) === false) {
    return {
      seed: { ...seed, harm: `I read {asset}${target ? ` and ${target.phrase}` : ''} one yes-or-no answer per request, from whether the request succeeds or how long it takes, with a script that sends the requests for me` },
      blind: true,
      ...(target ? { impact: { level: 3, reason: `a subquery added to this SELECT reads ${target.phrase}, one yes-or-no answer per request` }, assetAddition: target.phrase } : {}),
    };
  }
  // Rows that come back carry a UNION's rows too; only a one-statement driver keeps it to reading.
  if (!target) return finding.data?.access === 'read' ? { seed: { ...seed, harm: 'I copy {asset} and any other table the same database account may read, through a UNION the answer brings back' } } : { seed };
  const harm =
    target.passwords === 'plaintext'
      ? `${firstClause}, and sign in as those users, here and wherever they reused the password`
      : target.passwords === 'hashes'
        ? `${firstClause}, and crack the hashes offline to sign in as those users`
        : seed.harm;
  return {
    seed: { ...seed, harm },
    impact: { level: 3, reason: `a UNION added to this SELECT reads ${target.phrase}` },
    assetAddition: target.phrase,
  };
}

/** The query checks the password itself: a quote ends the condition before that check. */
function loginBypass(seed: AbuserStorySeed, table: string, nameColumn: string | undefined): Grounded {
  const typed = nameColumn && !PASSWORD_COLUMN.test(nameColumn) ? `the ${nameColumn.replace(/_/g, ' ')}` : 'the name';
  return {
    seed: {
      ...seed,
      goal: `sign in as the first user of the ${table} table, usually the administrator, without knowing a password by closing the quote in ${typed} I type and commenting out the password check`,
      harm: `I act with that user's rights, an administrator's included, and sign in as anyone else by typing ${typed === 'the name' ? 'their name' : `their ${typed.slice(4)}`} the same way`,
      stride: ['S', 'E'],
    },
    impact: { level: 3, reason: `the query checks the password in SQL, so ending its condition early signs the attacker in as the first user of ${table}` },
    titleLosses: [
      'sign in as the first user (usually the administrator) without a password',
      'sign in as the first user (usually an admin) without a password',
      'sign in as the administrator without a password',
      'sign in without a password',
    ],
  };
}

/** The SQL text of the finding: the string pieces of its expression, else the nearest SQL string before it. */
export function sqlOfFinding(text: string, finding: Finding): string | undefined {
  const slice = text.slice(finding.range.start.offset, finding.range.end.offset);
  const pieces = [...slice.matchAll(/(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g)].map((m) => m[2]);
  if (pieces.length > 0 && /^\s*(?:\(\s*)*(?:select|insert|update|delete|with)\b/i.test(pieces[0])) return pieces.join(' ? ');
  const before = sqlStringsIn(text).filter((s) => s.offset < finding.range.start.offset && finding.range.start.offset - s.offset < 600);
  return before[before.length - 1]?.sql;
}

/**
 * The most valuable column of the tables an injection through `handle` reaches: those queried
 * through the same receiver, and those a schema declares for a database of the connection's kind
 * (`dialect`, when the code shows it). Plaintext passwords before all else.
 */
export function mostValuable(tables: readonly SqlTable[], handle: string | undefined, dialect?: SqlDialect): ValuableColumn | undefined {
  const reachable = tables.filter((t) => (!t.handles || !handle || t.handles.includes(handle)) && (!t.dialects || !dialect || t.dialects.includes(dialect)));
  let best: { rank: number; value: ValuableColumn } | undefined;
  for (const table of reachable) {
    for (const column of table.columns) {
      const kind = VALUABLE.findIndex((v) => v.pattern.test(column));
      if (kind < 0) continue;
      const plaintext = kind === 0 && (table.plaintext ?? []).some((c) => c.toLowerCase() === column.toLowerCase());
      // A plaintext password outranks everything; a password column whose storage nobody showed comes next.
      const rank = plaintext ? -1 : kind;
      if (best && best.rank <= rank) continue;
      const noun = plaintext ? 'plaintext passwords' : VALUABLE[kind].noun;
      const passwords = plaintext ? 'plaintext' : kind === 1 ? 'hashes' : undefined;
      best = { rank, value: { table: table.name, column, phrase: `the ${noun} in ${table.name}.${column}`, passwords } };
    }
  }
  return best?.value;
}

/** Columns of a SQL text that name a password, for the plaintext marks of useCases/workspaceFacts.ts. */
export function passwordColumnsIn(sql: string): { table: string; columns: string[] }[] {
  return tablesInSql(sql)
    .map((t) => ({ table: t.name, columns: t.columns.filter((c) => PASSWORD_COLUMN.test(c) && !/hash|digest|crypt/i.test(c)) }))
    .filter((t) => t.columns.length > 0);
}
