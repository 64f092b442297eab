// The lines of a security test that sign in through the app's own login (signIn.ts): the accounts
// it needs from the environment, named after the login's own body fields, and a helper that returns
// the headers carrying the login (a bearer token from the JSON answer, or the cookies it set). A test
// that acts as a real user is what tells an ownership fix from a login-only one.
import type { SignIn } from './signIn';

/**
 * The accounts' constants (`ATTACKER`, and `VICTIM` where the victim signs in too), from the login's
 * own body fields (`email`, `password`); `more` are further constants the test reads from the
 * environment (`VICTIM_RECORD` from `VICTIM_RECORD_ID`). `env` lists every variable, `check` is the
 * expression that holds once all are set.
 */
export function accountsOf(signIn: SignIn, whos: readonly string[], more: readonly { name: string; env: string }[]): { lines: string[]; env: string[]; check: string } {
  const credentials = credentialFields(signIn);
  const envName = (who: string, field: string) => `${who}_${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
  const account = (who: string) => `const ${who} = { ${credentials.map((f) => `${JSON.stringify(f)}: process.env.${envName(who, f)}`).join(', ')} };`;
  const env = [...whos.flatMap((who) => credentials.map((f) => envName(who, f))), ...more.map((m) => m.env)];
  const check = [...whos.flatMap((who) => credentials.map((f) => `${who}[${JSON.stringify(f)}]`)), ...more.map((m) => m.name)].join(' && ');
  return { lines: [...whos.map(account), ...more.map((m) => `const ${m.name} = process.env.${m.env};`)], env, check };
}

/** The account's name and password among the login's body fields: the password, and the field before it. */
function credentialFields(signIn: SignIn): string[] {
  const password = signIn.fields.find((f) => /pass/i.test(f)) ?? 'password';
  const name = signIn.fields.find((f) => f !== password && /mail|user|login|name|account/i.test(f)) ?? signIn.fields.find((f) => f !== password);
  return name ? [name, password] : [password];
}

/** A helper that signs in through the app's login and returns the headers that carry it. */
export function signInHelper(signIn: SignIn): string[] {
  const name = credentialFields(signIn)[0];
  const who = name ? `\${account[${JSON.stringify(name)}]}` : 'the account';
  return [
    `/** Signs in through ${signIn.method} ${signIn.route} and returns the headers that carry the login (${signIn.carrier.kind === 'bearer' ? 'its token as a bearer token' : 'its cookies'}). */`,
    'async function signIn(account) {',
    `  const response = await fetch(\`\${BASE_URL}${signIn.route}\`, { method: '${signIn.method}', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });`,
    `  assert.ok(response.status < 400, \`signing in as ${who} answered \${response.status}\`);`,
    ...(signIn.carrier.kind === 'bearer'
      ? [
          `  const token = (await response.json())[${JSON.stringify(signIn.carrier.field)}];`,
          `  assert.ok(token, 'the login answered no ${signIn.carrier.field}');`,
          '  return { authorization: `Bearer ${token}` };',
        ]
      : [
          "  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);",
          "  assert.ok(cookies.length > 0, 'the login set no cookie');",
          "  return { cookie: cookies.join('; ') };",
        ]),
    '}',
  ];
}
