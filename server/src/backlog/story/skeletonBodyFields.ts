// The other body fields a handler reads, for a test whose request must get past them: a handler that
// reads `req.body.password` it was not sent may throw (hashing undefined) and answer 500, which says
// nothing about the fix. Where the test needs the request to succeed (a login that sets a cookie or
// redirects), placeholders would only earn a 401, so the credentials come from the environment
// (TEST_ACCOUNT_EMAIL, TEST_ACCOUNT_PASSWORD, named after the login's fields), like the accounts of
// the ownership tests: the team runs the generated file as it is, and it fails until they are set.
import { requestFieldsIn } from './handlerFields';
import type { RequestField } from './skeletonRequests';
import { joinAnd } from './wordList';

/** Fields that prove who the caller is: a placeholder never logs in. */
const CREDENTIAL = /pass|secret|otp|^pin$/i;
/** Fields naming the account a credential belongs to. */
const ACCOUNT = /mail|user|name|login|account/i;

export interface BodyFill {
  /** JSON body members as source text (`"password": 'rugged-placeholder'`), for requestWith. */
  entries: string[];
  /** Module-level lines (the CREDENTIALS constant, read from the environment), or none. */
  preamble: string[];
  /** First lines of the test body: fail until the credentials are set. */
  check: string[];
  /** The environment variables the credentials come from (`TEST_ACCOUNT_EMAIL`), or none. */
  variables: string[];
}

/** The variable that holds a credential field of the test account: `TEST_ACCOUNT_EMAIL` for `email`. */
export function accountVariable(field: string): string {
  return `TEST_ACCOUNT_${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/\W+/g, '_').toUpperCase()}`;
}

/**
 * Every body field `handler` reads besides `except`. With `needsLogin`, credential fields and the
 * account they belong to come from CREDENTIALS, read from the environment; otherwise all take a placeholder.
 */
export function bodyFill(handler: string, except: RequestField | undefined, needsLogin: boolean): BodyFill {
  const fields = requestFieldsIn(handler).filter((f) => f.location === 'body' && !(except?.location === 'body' && except.name === f.name));
  const login = needsLogin && fields.some((f) => CREDENTIAL.test(f.name));
  const fromLogin = (f: RequestField) => login && (CREDENTIAL.test(f.name) || ACCOUNT.test(f.name));
  const credentials = fields.filter(fromLogin);
  const names = login ? credentials.map((f) => accountVariable(f.name)) : [];
  const variables = joinAnd(names);
  return {
    entries: fields.map((f) => `${JSON.stringify(f.name)}: ${fromLogin(f) ? `CREDENTIALS[${JSON.stringify(f.name)}]` : "'rugged-placeholder'"}`),
    preamble: login
      ? [
          `// An account of your test data (${credentials.map((f) => `\`${f.name}\``).join(' and ')}): the request must log in for the answer to show`,
          `// anything. Set ${variables} before running it; the test fails until they are set.`,
          `const CREDENTIALS = { ${credentials.map((f) => `${JSON.stringify(f.name)}: process.env.${accountVariable(f.name)}`).join(', ')} };`,
        ]
      : [],
    check: login ? [`assert.ok(Object.values(CREDENTIALS).every(Boolean), ${JSON.stringify(`set ${variables} first: an account of your test data`)});`] : [],
    variables: names,
  };
}
