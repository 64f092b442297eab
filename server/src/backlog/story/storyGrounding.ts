// A rule's abuser-story seed tells the typical case; the code at hand and the libraries it runs may
// tell another. Before a seed speaks, the grounding for its rule checks it against what Rugged can
// see (the handler, the installed library version, the workspace's secrets and files) and rewrites
// what is false here: a forgery the library already refuses, a "stored" script only its sender
// sees, an "overwrite" through a read-only call. Each change to the risk carries its reason.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { groundJwt } from './groundJwt';
import { groundHardcodedSecret } from './groundSecret';
import { groundPathTraversal } from './groundPathTraversal';
import { groundMongoWhere, groundXxe } from './groundParsers';
import { groundXss } from './groundXss';

export type { Grounded, GroundingContext };

type Grounding = (seed: AbuserStorySeed, finding: Finding, context: GroundingContext) => Grounded;

const GROUNDINGS: Readonly<Record<string, Grounding>> = {
  'session/no-unverified-jwt': groundJwt,
  'session/no-hardcoded-secret': groundHardcodedSecret,
  'unsafe-api/no-path-traversal': groundPathTraversal,
  'unsafe-api/no-server-side-xss': groundXss,
  'unsafe-api/no-xml-external-entities': groundXxe,
  'sql/no-mongo-where-from-input': groundMongoWhere,
};

/** The seed as true for this code, with the risk levels the facts set; the seed as it is for other rules. */
export function groundSeed(ruleId: string, seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const grounding = GROUNDINGS[ruleId];
  return grounding ? grounding(seed, finding, context) : { seed };
}
