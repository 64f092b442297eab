// The JWT story as this code and its jsonwebtoken version make it. jsonwebtoken 9 derives the
// algorithms it accepts from the key when `algorithms` is left out (HMAC only for a string or Buffer
// secret) and refuses unsigned tokens, so a missing list lets no forged token through there: it is
// hardening, not a forgery "without any credentials". The real way in is then the key itself when
// it is written in the source: whoever holds the source mints tokens the check accepts.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { simpleTraverse } from '@typescript-eslint/typescript-estree';
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import { parseSource } from '../../engine/parse';
import { decodedImpact, decodedRoutes, decodedSeed } from './groundJwtDecode';
import type { Grounded, GroundingContext } from './groundingTypes';
import { algorithmsListRefused, versionText } from './libraryVersions';
import type { HardcodedSecret, SecretOwner } from './workspaceFacts';
import { sqlStringsIn, tablesInSql } from './sqlSchema';
import { joinAnd } from './wordList';

const SOURCE_HOLDER = 'anyone with a copy of the source code, such as a former contractor or a reader of a leaked repository';

export function groundJwt(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const secrets = context.workspace?.secretsUsed ?? [];
  const key = verifyKeyOf(context.text, finding, context.path);
  const version = context.libraries?.jsonwebtoken;
  // One committed key is one piece of work: the first story that needs it moved and rotated asks
  // for it, and every later one depends on that story instead of asking again.
  const ownerOf = (secret: HardcodedSecret) => context.workspace?.secretOwners?.find((o) => o.path === secret.path && o.line === secret.line);
  if (/has no `algorithms` list/.test(finding.message)) {
    const keySecret = key ? secrets.find((s) => s.name === key) : undefined;
    const owner = keySecret ? ownerOf(keySecret) : undefined;
    const refused = version ? algorithmsListRefused(finding, version) : undefined;
    if (version && refused) {
      // Roles only where the code has them: a check that reads no role hands out no administrator.
      const roles = /\brole\b|\bisAdmin\b|\badmin\b/i.test(context.handler);
      if (!keySecret) return hardening(seed, version, refused, undefined, roles);
      return owner ? dependent(hardening(seed, version, refused, `only the key forges one, and moving the committed \`${key}\` out of the source is ${owner.id}'s work`, roles), key!, keySecret, owner) : committedKey(seed, key!, keySecret, version);
    }
    if (!keySecret) return { seed };
    return owner ? dependent({ seed }, key!, keySecret, owner) : withStillCommitted({ seed }, key!, keySecret);
  }
  if (/does not check the signature/.test(finding.message)) {
    // A made-up token opens what the routes that trust it do, and nothing more; where the routes
    // cannot be told, what this route answers is still the loss.
    const decoded = decodedRoutes(finding, context);
    const told = decoded ? decodedSeed(seed, decoded) : undefined;
    const base: Grounded = told && decoded ? { seed: told.seed, titleLosses: told.titleLosses, impact: decodedImpact(decoded) } : { seed: { ...seed, harm: unverifiedHarm(context.handler) } };
    // The fix verifies with a key; when that key is committed, the fix alone leaves the door open.
    const jwtKey = secrets.find((s) => s.name && /\bJWT\b/i.test(s.what));
    if (jwtKey) {
      const owner = ownerOf(jwtKey);
      return owner ? dependent(base, jwtKey.name!, jwtKey, owner) : withStillCommitted(base, jwtKey.name!, jwtKey);
    }
    return base;
  }
  return { seed };
}

/**
 * What a token nobody verifies gets on this route: the route takes it as the role it checks for and
 * answers with what its own query reads, which is the loss; "without any credentials" only restates the forgery.
 */
export function unverifiedHarm(handler: string): string {
  const role = /\.role\s*(?:!==?|===?)\s*['"`]([\w-]+)['"`]/.exec(handler)?.[1];
  const who = role ? (/^admin/i.test(role) ? 'an administrator' : `a user with the ${role} role`) : 'the user it names';
  const read = sqlStringsIn(handler)
    .filter((q) => /^\s*select\b/i.test(q.sql))
    .map((q) => ({ table: tablesInSql(q.sql)[0], all: !/\bWHERE\b/i.test(q.sql) }))
    .find((q) => q.table && q.table.columns.length > 0);
  if (!read) return `the route takes my made-up token as ${who}'s and does for me what it does for them`;
  return `the route takes my made-up token as ${who}'s and answers me the ${joinAnd(read.table.columns)} ${read.all ? 'of every row' : 'of the rows it picks'} of ${read.table.name}`;
}

/** The story asks for the committed key to move, and owns that work until it is done. */
function withStillCommitted(grounded: Grounded, key: string, secret: HardcodedSecret): Grounded {
  const seed = grounded.seed;
  return { ...grounded, seed: { ...seed, controls: [...seed.controls.slice(0, 1), stillCommitted(key, secret), ...seed.controls.slice(1)] }, ownsSecret: secret };
}

/** Another story already owns the committed key: this one depends on it instead of repeating its criterion. */
function dependent(grounded: Grounded, key: string, secret: HardcodedSecret, owner: SecretOwner): Grounded {
  const seed = grounded.seed;
  return {
    ...grounded,
    // Moving the key out of the source is the owner's criterion; asking for it here would count it twice.
    seed: { ...seed, controls: seed.controls.filter((c) => !/never from the source|committed value is rotated/.test(c)) },
    dependsOn: {
      id: owner.id,
      title: owner.title,
      why: `it moves the committed \`${key}\` (${secret.path}:${secret.line}) out of the source and rotates it; until then anyone with the source mints tokens this check accepts, whatever this story fixes`,
    },
  };
}

/** The key checks tokens and is written in the source: that, not the missing list, is the way in. */
function committedKey(seed: AbuserStorySeed, key: string, secret: HardcodedSecret, version: string): Grounded {
  const where = `${secret.path}:${secret.line}`;
  return {
    seed: {
      ...seed,
      actor: SOURCE_HOLDER,
      goal: `act as any user or administrator on {asset} by signing a token with the key committed in ${secret.path}`,
      harm: `the check accepts my token, since the key jwt.verify checks with is \`${key}\`, written in ${where}: anyone with the source can mint an admin token`,
      stride: ['S', 'E'],
      controls: [
        rotateControl(key, secret, 'so tokens signed with the committed value are refused'),
        `jwt.verify pins \`algorithms: ['HS256']\`, the algorithm the server signs with (hardening: ${versionText('jsonwebtoken', version)} already accepts only HMAC algorithms with a string key)`,
        'The app refuses to start when the key is not configured, instead of running without one',
      ],
    },
    likelihood: {
      level: 2,
      reason: `${versionText('jsonwebtoken', version)} accepts only HS256, HS384 and HS512 with a string key and refuses unsigned tokens, so the way in is the committed key, which takes a copy of the source`,
    },
    impact: { level: 3, reason: `\`${key}\` is written in ${where}: whoever holds it mints tokens with any claims, administrator included` },
    ownsSecret: secret,
  };
}

/**
 * Nothing forges a token here today; pinning the list keeps it so when the key or the library
 * changes. The narrative says so (a condition, not a claim), and the title asks to keep it shut; why
 * it holds today is the likelihood's reason, not a harm.
 */
function hardening(seed: AbuserStorySeed, version: string, refused: string, keyNote = 'without the key no forged token gets through', roles = true): Grounded {
  const library = versionText('jsonwebtoken', version);
  return {
    seed: {
      ...seed,
      goal: `act as any user${roles ? ' or administrator' : ''} on {asset} once a key change or a library downgrade lets a token's header choose its algorithm, by naming another algorithm in that header`,
      harm: `every check written like this one would take my made-up token as any user's${roles ? ', administrators included' : ''}`,
      stride: ['S', 'E'],
      controls: [
        "jwt.verify pins `algorithms: ['HS256']`, the algorithm the server signs with, so no later change of key type or library version lets a token's header choose",
        'The verifying key is read from a secret store or the environment, never from the source',
      ],
    },
    likelihood: {
      level: 1,
      reason: `${refused}, so algorithm confusion does not work here; ${keyNote}; pinning \`algorithms\` is hardening`,
    },
    titleLosses: ['keep token forgery shut after a key or library change', 'keep token forgery shut after a later change', 'keep token forgery shut'],
    hardening: `${library} refuses unsigned tokens and tokens whose header names another algorithm than the key allows`,
  };
}

/** The fix checks signatures, but with a key anyone with the source holds: it must move too. */
function stillCommitted(key: string, secret: HardcodedSecret): string {
  return `The key tokens are checked with is not the committed \`${key}\` (${secret.path}:${secret.line}): it moves to a secret store or the environment and is rotated, or after this fix anyone with the source still mints tokens for any user, administrators included`;
}

function rotateControl(key: string, secret: HardcodedSecret, why: string): string {
  return `The key behind \`${key}\` moves out of ${secret.path}:${secret.line} into a secret store or the environment and the committed value is rotated, ${why}: anyone with the source can otherwise mint tokens for any user, administrators included`;
}

/** The text of the key argument of the jwt.verify call the finding is on (`SIGNING_KEY`). */
export function verifyKeyOf(text: string, finding: Finding, path: string): string | undefined {
  const parsed = parseSource(text, path);
  if (!parsed.ok) return undefined;
  const at = finding.range.start.offset;
  let best: TSESTree.CallExpression | undefined;
  simpleTraverse(parsed.ast, {
    enter(node) {
      if (node.type !== 'CallExpression' || node.range[0] > at || node.range[1] <= at) return;
      const callee = node.callee;
      const name = callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : callee.type === 'Identifier' ? callee.name : undefined;
      if (name === 'verify' && (!best || node.range[0] >= best.range[0])) best = node;
    },
  });
  const key = best?.arguments[1];
  return key && key.type !== 'SpreadElement' ? text.slice(key.range[0], key.range[1]) : undefined;
}
