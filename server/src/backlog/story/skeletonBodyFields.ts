// The other body fields a handler reads, for a test whose request must get past them: a handler that
// reads `req.body.password` it was not sent may throw (hashing undefined) and answer 500, which says
// nothing about the fix. Where the test needs the request to succeed (a login that sets a cookie or
// redirects), placeholders would only earn a 401, so the credentials become a TODO(login) constant
// the test fails on until someone fills it with an account of their test data.
import { requestFieldsIn } from './handlerFields';
import type { RequestField } from './skeletonRequests';

/** Fields that prove who the caller is: a placeholder never logs in. */
const CREDENTIAL = /pass|secret|otp|^pin$/i;
/** Fields naming the account a credential belongs to. */
const ACCOUNT = /mail|user|name|login|account/i;

export interface BodyFill {
  /** JSON body members as source text (`"password": 'rugged-placeholder'`), for requestWith. */
  entries: string[];
  /** Module-level lines (the TODO(login) constant), or none. */
  preamble: string[];
  /** First lines of the test body: fail until the credentials are filled in. */
  check: string[];
}

/**
 * Every body field `handler` reads besides `except`. With `needsLogin`, credential fields and the
 * account they belong to come from CREDENTIALS (marked TODO(login)); otherwise all take a placeholder.
 */
export function bodyFill(handler: string, except: RequestField | undefined, needsLogin: boolean): BodyFill {
  const fields = requestFieldsIn(handler).filter((f) => f.location === 'body' && !(except?.location === 'body' && except.name === f.name));
  const login = needsLogin && fields.some((f) => CREDENTIAL.test(f.name));
  const fromLogin = (f: RequestField) => login && (CREDENTIAL.test(f.name) || ACCOUNT.test(f.name));
  const credentials = fields.filter(fromLogin);
  return {
    entries: fields.map((f) => `${JSON.stringify(f.name)}: ${fromLogin(f) ? `CREDENTIALS[${JSON.stringify(f.name)}]` : "'rugged-placeholder'"}`),
    preamble: login
      ? [
          `// TODO(login): ${credentials.map((f) => `\`${f.name}\``).join(' and ')} of an account in your test data: the request must log in`,
          '// for the answer to show anything, and the test fails until they are filled in.',
          `const CREDENTIALS = { ${credentials.map((f) => `${JSON.stringify(f.name)}: ''`).join(', ')} };`,
        ]
      : [],
    check: login ? ["assert.ok(Object.values(CREDENTIALS).every(Boolean), 'fill in the credentials marked TODO(login) first');"] : [],
  };
}
