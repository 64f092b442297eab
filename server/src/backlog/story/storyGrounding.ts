// A rule's abuser-story seed tells the typical case; the code at hand and the libraries it runs may
// tell another. Before a seed speaks, the grounding for its rule checks it against what Rugged can
// see (the handler, the installed library version, the workspace's secrets and files) and rewrites
// what is false here: a forgery the library already refuses, a "stored" script only its sender
// sees, an "overwrite" through a read-only call. Each change to the risk carries its reason.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import type { CatalogueGoal } from './goalCatalogue';
import { groundJwt } from './groundJwt';
import { groundHardcodedSecret } from './groundSecret';
import { groundPathTraversal } from './groundPathTraversal';
import { groundMongoWhere, groundXxe } from './groundParsers';
import { groundTimingComparison } from './groundTimingCompare';
import { groundXss } from './groundXss';
import { groundSqlInjection } from './groundSql';
import { groundSqlIdentifier } from './groundSqlIdentifier';
import { routeOnlyReads } from './routeEffect';
import { groundRedirect } from './groundRedirect';
import { groundShellCommand } from './groundShell';
import { groundCodeRun } from './groundCodeRun';
import { groundPredictableToken } from './groundPredictableToken';
import { groundSessionCookie } from './groundSessionCookie';

export type { Grounded, GroundingContext };

type Grounding = (seed: AbuserStorySeed, finding: Finding, context: GroundingContext) => Grounded;

const GROUNDINGS: Readonly<Record<string, Grounding>> = {
  'session/no-unverified-jwt': groundJwt,
  'session/no-hardcoded-secret': groundHardcodedSecret,
  'unsafe-api/no-path-traversal': groundPathTraversal,
  'unsafe-api/no-server-side-xss': groundXss,
  'unsafe-api/no-xml-external-entities': groundXxe,
  'sql/no-mongo-where-from-input': groundMongoWhere,
  'sql/no-string-built-query': groundSqlInjection,
  'sql/no-hand-made-escaping': groundSqlInjection,
  'sql/no-request-controlled-identifier': groundSqlIdentifier,
  'session/no-timing-unsafe-comparison': groundTimingComparison,
  'session/no-predictable-token': groundPredictableToken,
  'session/no-insecure-session-cookie': groundSessionCookie,
  'unsafe-api/no-open-redirect': groundRedirect,
  'unsafe-api/no-shell-command-from-input': groundShellCommand,
  'unsafe-api/no-eval-like': groundCodeRun,
  'unsafe-api/no-unsafe-deserialization': groundCodeRun,
};

/** The seed as true for this code, with the risk levels the facts set; the seed as it is for other rules. */
export function groundSeed(ruleId: string, seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const grounding = GROUNDINGS[ruleId];
  return impersonationOnRead(grounding ? grounding(seed, finding, context) : { seed }, context);
}

/**
 * Passing as another user (Spoofing) gains what the route does: on a route that only reads, that
 * is Information disclosure, and the seed's Tampering does not hold.
 */
function impersonationOnRead(grounded: Grounded, context: GroundingContext): Grounded {
  const stride = grounded.seed.stride;
  if (!stride.includes('S') || !stride.includes('T') || !routeOnlyReads(context.method, context.handler)) return grounded;
  const read = stride.filter((letter) => letter !== 'T');
  return { ...grounded, seed: { ...grounded.seed, stride: read.includes('I') ? read : [...read, 'I'] } };
}

/**
 * A catalogue goal whose own words the code contradicts, told as the code makes it: a stored-script
 * goal on a handler whose script only its sender sees takes the reflected story of its evidence.
 * What the person typed (goal, harm) still wins over it, in story.ts.
 */
export function groundGoal(goal: CatalogueGoal, evidence: Finding | undefined, seedOf: (ruleId: string) => AbuserStorySeed | undefined, context: GroundingContext): CatalogueGoal {
  if (goal.id !== 't-stored-script' || !evidence || (context.htmlReadBack ?? []).length > 0) return goal;
  const seed = seedOf(evidence.ruleId);
  if (!seed) return goal;
  const reflected = groundSeed(evidence.ruleId, seed, evidence, context).seed;
  return { ...goal, actor: reflected.actor, goal: reflected.goal, harm: reflected.harm, controls: reflected.controls.filter((c) => !/^An automated/.test(c)).slice(0, 2) };
}
