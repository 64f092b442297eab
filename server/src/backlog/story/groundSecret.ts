// A committed secret's story says what that secret opens, not every secret's worst case. The rule
// names what the value is ("The express-session secret", "The JWT signing key"); the harm, the
// impact and the controls follow from it. express-session keeps session data on the server under
// random ids and only signs the ids, so its secret alone opens no session; a cookie-session key
// signs the session data itself, and a JWT key mints any token.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';

interface SecretKind {
  what: RegExp;
  goal?: string;
  harm: string;
  stride?: AbuserStorySeed['stride'];
  impact?: { level: 1 | 2 | 3; reason: string };
  /** The first control, in place of the seed's generic one. */
  control?: string;
  /** The loss for the title, when the goal's first-person words would not read as one. */
  titleLosses?: readonly string[];
}

const KINDS: readonly SecretKind[] = [
  {
    what: /express-session|@fastify\/session/,
    goal: 'turn a session id I learned elsewhere into a cookie the app accepts by signing it with the secret written in the source code',
    harm: 'a session id seen in a log line, a proxy or a copy of the session store becomes a working cookie for its user; the secret alone opens no session, since the session data stays on the server under random ids and a signed id the store does not hold only starts a new, empty session',
    stride: ['S'],
    impact: {
      level: 1,
      reason: 'the library keeps session data on the server and the secret only signs random session ids, so it opens a session only together with a valid id stolen some other way',
    },
    control: 'The session secret is read from the environment or a secret manager and the committed one is rotated (express-session takes a list of secrets: the new one signs, the old one still verifies cookies until they expire)',
    titleLosses: ['turn stolen session ids into working cookies with the committed session secret', 'turn stolen session ids into working cookies'],
  },
  { what: /cookie-session|koa-session/, harm: 'the session cookie carries the session data itself, so I write a cookie for any user, administrators included, and the app takes it as theirs' },
  { what: /\bJWT\b|JwtModule|JwtService|jwt/i, harm: 'I sign tokens with any claims, administrator included, and the app accepts them as its own' },
  { what: /cookie-parser|@fastify\/cookie/, harm: 'I sign cookies the app trusts as its own, with any value it reads from them' },
  { what: /HMAC/, harm: 'I sign messages the app verifies with this key, and it takes them as genuine' },
  { what: /encryption/i, harm: 'I decrypt what the app encrypted with this key, and encrypt data it will trust' },
  { what: /OAuth|SAML|passport/i, harm: 'I call the identity provider as this application and can pose as it to its users' },
  { what: /database|\bdb\b|connection|postgres|mysql|mongo|redis/i, harm: 'I log into the database with it and read or change every record' },
  { what: /api[_ -]?key|token|stripe|twilio|sendgrid|aws|github/i, harm: "I call the third-party service as the company and spend its paid quota" },
];

const UNKNOWN_HARM = 'I use the secret wherever the application uses it, as the application';

/** What holding a committed secret lets an attacker do, from what the rule says it is; a kind not known says no more than "as the application". */
export function secretHarm(what: string): string {
  return KINDS.find((k) => k.what.test(what))?.harm ?? UNKNOWN_HARM;
}

export function groundHardcodedSecret(seed: AbuserStorySeed, finding: Finding, _context: GroundingContext): Grounded {
  const what = finding.data?.what ?? /^(.*?) (?:is written in|falls back to)/.exec(finding.message)?.[1] ?? '';
  const kind = KINDS.find((k) => k.what.test(what));
  // An unnamed secret: what it opens is not known, so the story does not guess.
  if (!kind) return { seed: { ...seed, harm: UNKNOWN_HARM } };
  // The kind's own control already asks for the rotation the seed's second control asks for.
  const controls = kind.control ? [kind.control, ...seed.controls.slice(1).filter((c) => !/rotated/.test(c))] : seed.controls;
  return {
    seed: { ...seed, ...(kind.goal ? { goal: kind.goal } : {}), harm: kind.harm, ...(kind.stride ? { stride: kind.stride } : {}), controls },
    ...(kind.impact ? { impact: kind.impact } : {}),
    ...(kind.titleLosses ? { titleLosses: kind.titleLosses } : {}),
  };
}
