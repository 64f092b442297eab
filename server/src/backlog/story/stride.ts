// STRIDE vocabulary and the short catalogue of attacker goals proposed when the code has no
// finding: the user picks a letter and gets concrete goals instead of an empty form.
import type { RiskLevel, StrideCategory } from './types';

export const STRIDE_LETTERS: readonly StrideCategory[] = ['S', 'T', 'R', 'I', 'D', 'E'];

export interface StrideInfo {
  letter: StrideCategory;
  name: string;
  /** The security property an attack of this kind violates. */
  property: string;
}

export const STRIDE: Readonly<Record<StrideCategory, StrideInfo>> = {
  S: { letter: 'S', name: 'Spoofing', property: 'Authentication' },
  T: { letter: 'T', name: 'Tampering', property: 'Integrity' },
  R: { letter: 'R', name: 'Repudiation', property: 'Non-repudiation' },
  I: { letter: 'I', name: 'Information disclosure', property: 'Confidentiality' },
  D: { letter: 'D', name: 'Denial of service', property: 'Availability' },
  E: { letter: 'E', name: 'Elevation of privilege', property: 'Authorization' },
};

/** Personas offered in the actor pick list; free text is accepted too. */
export const ACTORS: readonly string[] = [
  'anonymous internet user',
  'authenticated low-privilege user',
  'user of another tenant',
  'malicious insider with administrator access',
  'automated bot',
  'compromised dependency or CI job',
];

export interface CatalogueGoal {
  /** Stable id, e.g. `t-injection`; accepted wherever a goal is chosen. */
  id: string;
  stride: StrideCategory;
  actor: string;
  goal: string;
  harm: string;
  asset: string;
  controls: string[];
  likelihood: RiskLevel;
  impact: RiskLevel;
}

export const GOAL_CATALOGUE: readonly CatalogueGoal[] = [
  {
    id: 's-forged-session',
    stride: 'S',
    actor: 'anonymous internet user',
    goal: 'pass as another user by forging, guessing or replaying their session token',
    harm: 'I act with their rights and read their data',
    asset: 'user sessions',
    controls: [
      'Session identifiers come from the framework session library, are random, signed and checked on every request',
      'Sessions expire, and the identifier is replaced at login and logout',
    ],
    likelihood: 2,
    impact: 3,
  },
  {
    id: 's-credential-stuffing',
    stride: 'S',
    actor: 'automated bot',
    goal: 'take over accounts by trying leaked or guessed passwords against the login',
    harm: 'I control those accounts and everything they can do',
    asset: 'user accounts',
    controls: [
      'Login attempts are rate-limited per account and per source address',
      'Multi-factor authentication is available and enforced for privileged accounts',
    ],
    likelihood: 3,
    impact: 2,
  },
  {
    id: 's-fake-caller',
    stride: 'S',
    actor: 'anonymous internet user',
    goal: 'send requests that look as if they came from a trusted service or webhook sender',
    harm: 'the application acts on instructions nobody trusted actually gave',
    asset: 'service-to-service calls',
    controls: ['Calls from other services and webhooks carry a signature or client certificate that is verified before any processing'],
    likelihood: 2,
    impact: 2,
  },
  {
    id: 't-injection',
    stride: 'T',
    actor: 'anonymous internet user',
    goal: 'change what a query or command does by slipping syntax into its input',
    harm: 'I can read, change or delete records I should never reach',
    asset: 'data in the database',
    controls: ['Input reaches queries and commands only as bound parameters or through an allow-list, never as text'],
    likelihood: 3,
    impact: 3,
  },
  {
    id: 't-mass-assignment',
    stride: 'T',
    actor: 'authenticated low-privilege user',
    goal: 'set fields I should not control, such as role, price or owner, by adding them to the request',
    harm: 'I change records and rights in my favour',
    asset: 'records written from request bodies',
    controls: ['Only an explicit allow-list of fields is copied from the request into the stored record'],
    likelihood: 2,
    impact: 2,
  },
  {
    id: 't-client-state',
    stride: 'T',
    actor: 'authenticated low-privilege user',
    goal: 'alter values the server trusts from the browser, such as hidden fields, prices or cookies',
    harm: 'the server accepts an order, discount or state it never granted',
    asset: 'client-held state',
    controls: ['The server recomputes or verifies every security-relevant value instead of trusting the client copy'],
    likelihood: 2,
    impact: 2,
  },
  {
    id: 'r-untraced-action',
    stride: 'R',
    actor: 'malicious insider with administrator access',
    goal: 'carry out a sensitive action without leaving a record that ties it to me',
    harm: 'I can deny it afterwards and nobody can reconstruct what happened',
    asset: 'audit trail',
    controls: ['The action writes an audit entry with who, what, when and from where to a log the actor cannot edit'],
    likelihood: 2,
    impact: 2,
  },
  {
    id: 'r-log-forging',
    stride: 'R',
    actor: 'anonymous internet user',
    goal: 'write fake entries into the logs by putting line breaks or control characters into logged input',
    harm: 'investigators read a false story and my real activity is hidden',
    asset: 'application logs',
    controls: ['Logged input is encoded or written as structured fields, so it can never start a new entry'],
    likelihood: 2,
    impact: 1,
  },
  {
    id: 'r-shared-identity',
    stride: 'R',
    actor: 'malicious insider with administrator access',
    goal: 'act through a shared or technical account so that my actions cannot be attributed',
    harm: 'misuse cannot be traced back to a person',
    asset: 'accountability of privileged actions',
    controls: ['Every person uses an individual account, and technical accounts cannot be used interactively'],
    likelihood: 1,
    impact: 2,
  },
  {
    id: 'i-object-reference',
    stride: 'I',
    actor: 'authenticated low-privilege user',
    goal: "read other users' records by changing an identifier in the request",
    harm: 'I collect personal or business data that is not mine',
    asset: 'personal and business records',
    controls: ['Every object read checks that the requesting user may see that object, not only that they are logged in'],
    likelihood: 3,
    impact: 2,
  },
  {
    id: 'i-verbose-errors',
    stride: 'I',
    actor: 'anonymous internet user',
    goal: 'learn table names, file paths and versions from stack traces and detailed error messages',
    harm: 'I can aim my next attack precisely',
    asset: 'internal details of the application',
    controls: ['Responses carry a generic error and a correlation id; the details go only to the server log'],
    likelihood: 3,
    impact: 1,
  },
  {
    id: 'i-exposed-secret',
    stride: 'I',
    actor: 'anonymous internet user',
    goal: 'find keys, passwords or tokens left in code, logs or responses',
    harm: 'I use them to reach systems behind the application',
    asset: 'credentials and keys',
    controls: ['Secrets are read from a secret store or the environment, are never logged, and are rotated if exposed'],
    likelihood: 2,
    impact: 3,
  },
  {
    id: 'd-expensive-request',
    stride: 'D',
    actor: 'automated bot',
    goal: 'exhaust the service with many requests or requests that are expensive to answer',
    harm: 'real users cannot use it and the hosting bill grows',
    asset: 'service availability',
    controls: ['The endpoint is rate-limited, pages are capped, and slow work has a timeout'],
    likelihood: 3,
    impact: 2,
  },
  {
    id: 'd-regex-backtracking',
    stride: 'D',
    actor: 'anonymous internet user',
    goal: 'freeze the event loop with input that makes a regular expression backtrack for a very long time',
    harm: 'one request blocks every user of the process',
    asset: 'service availability',
    controls: ['Input length is limited before matching, and the expressions used on input run in linear time'],
    likelihood: 2,
    impact: 2,
  },
  {
    id: 'd-oversized-input',
    stride: 'D',
    actor: 'anonymous internet user',
    goal: 'crash or stall the process by sending oversized bodies, uploads or deeply nested data',
    harm: 'the service runs out of memory and restarts in a loop',
    asset: 'service availability',
    controls: ['Body size, upload size and nesting depth are limited before the data is parsed'],
    likelihood: 2,
    impact: 2,
  },
  {
    id: 'e-missing-authorization',
    stride: 'E',
    actor: 'authenticated low-privilege user',
    goal: 'call a function meant for administrators because the server does not check my role',
    harm: 'I gain powers nobody granted me',
    asset: 'privileged functions',
    controls: ['Every route checks authorization on the server, and access is denied unless a rule grants it'],
    likelihood: 2,
    impact: 3,
  },
  {
    id: 'e-code-execution',
    stride: 'E',
    actor: 'anonymous internet user',
    goal: 'run my own code on the server through eval, templates or unsafe deserialisation',
    harm: 'I take over the server and everything it can reach',
    asset: 'the server process',
    controls: ['No input ever reaches eval, Function, template compilation or an unsafe deserialiser'],
    likelihood: 2,
    impact: 3,
  },
  {
    id: 'e-tenant-crossing',
    stride: 'E',
    actor: 'user of another tenant',
    goal: "reach another tenant's data or settings by using my own tenant's access",
    harm: 'one customer compromises all the others',
    asset: 'tenant isolation',
    controls: ['Every query is scoped to the tenant of the authenticated user, enforced in one place'],
    likelihood: 2,
    impact: 3,
  },
];

export function goalsFor(stride: readonly StrideCategory[]): CatalogueGoal[] {
  if (stride.length === 0) return [...GOAL_CATALOGUE];
  return GOAL_CATALOGUE.filter((goal) => stride.includes(goal.stride));
}

export function findGoal(id: string): CatalogueGoal | undefined {
  return GOAL_CATALOGUE.find((goal) => goal.id === id);
}

/** Accepts "S,T", "s t", "Spoofing,tampering" or "stride-s"; unknown words are returned separately. */
export function parseStride(input: string): { stride: StrideCategory[]; unknown: string[] } {
  const stride: StrideCategory[] = [];
  const unknown: string[] = [];
  for (const raw of input.split(/[\s,;]+/).filter(Boolean)) {
    const word = raw.toLowerCase().replace(/^stride-/, '');
    const letter = STRIDE_LETTERS.find(
      (l) => l.toLowerCase() === word || STRIDE[l].name.toLowerCase().replace(/\s+/g, '-') === word || STRIDE[l].name.toLowerCase().split(' ')[0] === word,
    );
    if (!letter) unknown.push(raw);
    else if (!stride.includes(letter)) stride.push(letter);
  }
  return { stride: sortStride(stride), unknown };
}

export function sortStride(letters: Iterable<StrideCategory>): StrideCategory[] {
  const set = new Set(letters);
  return STRIDE_LETTERS.filter((l) => set.has(l));
}
