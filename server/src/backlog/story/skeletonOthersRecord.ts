// The write-IDOR test (goal t-others-record): acting as one user, change another user's record by
// sending its identifier, and expect a refusal with the record unchanged. Who the caller is comes
// the way the handler reads it: a header carrying the user's id is set directly; a session, a
// cookie or a token needs the app's own login, which the test leaves as a marked TODO and fails on
// until it is written, rather than inventing a login that passes for the wrong reason.
import type { AttackOutcome, AttackTarget } from './attackPlan';
import { requestFieldsIn } from './handlerFields';
import { requestWith, sendsBody, type RequestField } from './skeletonRequests';
import { recordNoun } from './ownership';
import { joinAnd } from './wordList';
import type { WorkspaceRoute } from './signIn';
import { accountsOf, signInHelper } from './skeletonSignIn';

/** A header the handler reads; idHeader keeps one that names a user (`x-user-id`) rather than a credential. */
const ID_HEADER = /\breq(?:uest)?\.(?:headers\.([A-Za-z_]\w*)|headers\[\s*['"]([\w-]+)['"]\s*\]|(?:get|header)\(\s*['"]([\w-]+)['"]\s*\))/g;
/** What a handler identifies its caller by when it needs a login first, for the TODO's wording. */
const LOGIN_STATE = /\breq(?:uest)?\.(?:session\.\w+|user\b(?:\.\w+)?|cookies\.\w+|signedCookies\.\w+|headers\.authorization|auth\b(?:\.\w+)?)|\bjwt\.verify\b/;

/** The field that names the record: an id in the path, else any path parameter, else an id in the body. */
export function recordIdField(handler: string): RequestField | undefined {
  const fields = requestFieldsIn(handler);
  return fields.find((f) => f.location === 'params' && /id$/i.test(f.name)) ?? fields.find((f) => f.location === 'params') ?? fields.find((f) => f.location === 'body' && /id$/i.test(f.name));
}

export function othersRecord(target: AttackTarget, where: string | undefined): AttackOutcome {
  if (!where || !target.method || target.method === 'GET') return undefined;
  const handler = target.regionText ?? '';
  const fields = requestFieldsIn(handler);
  const id = recordIdField(handler);
  if (!id) return undefined;
  const changes = sendsBody(target.method) ? fields.filter((f) => f.location === 'body' && f.name !== id.name).map((f) => f.name) : [];
  const header = idHeader(handler);
  const owner = target.owner ?? 'user';
  const noun = recordNoun(target.route!);
  // A header naming the user is how this app tells callers apart: the test sets it directly.
  if (header) return byHeader(target, where, id, changes, header);
  const readBack = readBackRoute(target, id);
  const refusal = `the request is refused (403 or 404)${readBack ? ` and the victim's ${noun.one} reads the same afterwards` : ''}`;
  const shape = target as Required<AttackTarget>;
  const body = [...(id.location === 'body' ? [`${JSON.stringify(id.name)}: VICTIM_RECORD`] : []), ...changes.map((name) => `${JSON.stringify(name)}: 'rugged-attacker'`)];
  const init = [`headers: { ...attacker${body.length > 0 ? ", 'content-type': 'application/json'" : ''} }`, ...(body.length > 0 ? [`body: JSON.stringify({ ${body.join(', ')} })`] : [])];
  const inPath = id.location === 'params' ? id : undefined;
  const signIn = target.signIn;
  const accounts = signIn ? accountsOf(signIn, readBack ? ['ATTACKER', 'VICTIM'] : ['ATTACKER'], [{ name: 'VICTIM_RECORD', env: 'VICTIM_RECORD_ID' }]) : undefined;
  const changing = changes.length > 0 ? `, changing ${changes.map((c) => `\`${c}\``).join(', ')}` : '';
  return {
    payload: `no payload: the attacker's own request, signed in, with another ${owner}'s \`${id.name}\``,
    refusal,
    criterion: (path) =>
      signIn
        ? `\`${path}\` signs in as one ${owner} through \`${signIn.method} ${signIn.route}\` and sends \`${where}\` with another ${owner}'s ${noun.one} as \`${id.name}\`${changing}, and passes: ${refusal}; it fails before the fix, and still fails after a fix that only asks for a login`
        : `\`${path}\` acts as one ${owner} with the login headers of two test accounts (the app has no login route Rugged recognises) and sends \`${where}\` with another ${owner}'s ${noun.one} as \`${id.name}\`${changing}, and passes: ${refusal}; it fails before the fix, and still fails after a fix that only asks for a login`,
    testName: `${target.key}: ${where} refuses to change another ${owner}'s ${noun.one}`,
    preamble: [
      ...(accounts
        ? [
            ...(readBack
              ? [
                  `// Two ${owner} accounts of your test data, each signed in through ${signIn!.method} ${signIn!.route}: the attacker (ATTACKER)`,
                  `// and the victim (VICTIM); VICTIM_RECORD is the id of a ${noun.one} that belongs to the victim.`,
                ]
              : [
                  `// A ${owner} account of your test data, signed in through ${signIn!.method} ${signIn!.route}, is the attacker (ATTACKER);`,
                  `// VICTIM_RECORD is the id of a ${noun.one} that belongs to another ${owner}.`,
                ]),
            `// Set ${joinAnd(accounts.env)} before running it.`,
            ...accounts.lines,
            '',
            ...signInHelper(signIn!),
          ]
        : [
            `// The app has no login route Rugged recognises (a POST route named like a login that reads a password and`,
            `// answers a token or sets a cookie)${loginStateNote(handler)}. Give the test two ${owner} accounts of your`,
            '// test data: sign each in the way the app does and put the headers that carry its login (a Cookie or an',
            "// Authorization header) in LOGINS under ATTACKER and VICTIM; VICTIM_RECORD is the id of a record the",
            '// victim owns. The test fails until they are there.',
            'const LOGINS = { ATTACKER: undefined, VICTIM: undefined };',
            "const VICTIM_RECORD = process.env.VICTIM_RECORD_ID || '2';",
          ]),
      ...(readBack
        ? [`// The victim's ${noun.one} is read back at ${readBack.method} ${readBack.path}, signed in as the victim.`, `const READ_BACK = \`${lastParamIsVictim(readBack.path).replace(/[`\\]/g, '')}\`;`]
        : [
            '',
            `// No route of the app reads one ${noun.one} back${id.location === 'params' ? ` (no GET ${recordPath(target.route!, id)})` : ''}, so the test judges by the answer:`,
            `// the fixed route must refuse (403 or 404), not answer success while quietly changing nothing.`,
          ]),
    ],
    body: [
      ...(accounts
        ? [
            `assert.ok(${accounts.check}, ${JSON.stringify(`set ${joinAnd(accounts.env)} first: ${readBack ? `two ${owner} accounts` : `a ${owner} account to sign in with`} and the id of a ${noun.one} ${readBack ? 'the victim' : `another ${owner}`} owns`)});`,
            'const attacker = await signIn(ATTACKER);',
            ...(readBack ? ['const victim = await signIn(VICTIM);'] : []),
          ]
        : [
            `assert.ok(${readBack ? 'LOGINS.ATTACKER && LOGINS.VICTIM' : 'LOGINS.ATTACKER'}, 'put the login headers of two test accounts in LOGINS first');`,
            'const attacker = LOGINS.ATTACKER;',
            ...(readBack ? ['const victim = LOGINS.VICTIM;'] : []),
          ]),
      ...(readBack
        ? [
            'const readVictim = async () => {',
            '  const read = await fetch(`${BASE_URL}${READ_BACK}`, { headers: victim });',
            `  assert.equal(read.status, 200, \`reading the victim's ${noun.one} answered \${read.status}: VICTIM_RECORD must be a ${noun.one} the victim can read\`);`,
            '  return read.text();',
            '};',
            'const before = await readVictim();',
          ]
        : []),
      `const attack = await ${requestWith(shape, inPath, 'VICTIM_RECORD', init)};`,
      `// Expected: ${refusal}. A login alone does not pass: the attacker is signed in.`,
      `assert.ok(attack.status === 403 || attack.status === 404, \`answered \${attack.status} to a signed-in ${owner} changing another ${owner}'s ${noun.one}\`);`,
      ...(readBack ? [`assert.equal(await readVictim(), before, "the victim's ${noun.one} changed");`] : []),
    ],
  };
}

/** The test where a header names the caller (`x-user-id`): each user is that header, no login needed. */
function byHeader(target: AttackTarget, where: string, id: RequestField, changes: string[], header: string): AttackOutcome {
  const refusal = "the request is refused (403 or 404) and the victim's record reads the same afterwards";
  const shape = target as Required<AttackTarget>;
  const body = [...(id.location === 'body' ? [`${JSON.stringify(id.name)}: VICTIM`] : []), ...changes.map((name) => `${JSON.stringify(name)}: 'rugged-attacker'`)];
  const init = [`headers: { ...as(ATTACKER)${body.length > 0 ? ", 'content-type': 'application/json'" : ''} }`, ...(body.length > 0 ? [`body: JSON.stringify({ ${body.join(', ')} })`] : [])];
  const inPath = id.location === 'params' ? id : undefined;
  return {
    payload: `no payload: the attacker's own request, with another user's \`${id.name}\``,
    refusal,
    criterion: (path) =>
      `\`${path}\` acts as one user (the \`${header}\` header) and sends \`${where}\` with another user's \`${id.name}\`${changes.length > 0 ? `, changing ${changes.map((c) => `\`${c}\``).join(', ')}` : ''}, and passes: ${refusal}; it fails before the fix`,
    testName: `${target.key}: ${where} refuses to change another user's record`,
    preamble: [
      "// Two users of your test data: the attacker acts as ATTACKER and aims at VICTIM's record.",
      "const ATTACKER = process.env.ATTACKER_ID || '1';",
      "const VICTIM = process.env.VICTIM_ID || '2';",
      `/** Request headers that make a request come from \`user\`, as the handler reads it (the \`${header}\` header). */`,
      `const as = (user) => ({ ${JSON.stringify(header)}: user });`,
      "// Where the victim's record can be read back; change it if the app shows the record elsewhere.",
      `const READ_BACK = \`${readBackPath(target.route!, id, '${VICTIM}').replace(/[`\\]/g, '')}\`;`,
    ],
    body: [
      'const readVictim = async () => (await fetch(`${BASE_URL}${READ_BACK}`, { headers: as(VICTIM) })).text();',
      'const before = await readVictim();',
      `const attack = await ${requestWith(shape, inPath, 'VICTIM', init)};`,
      `// Expected: ${refusal}.`,
      'assert.ok(attack.status === 403 || attack.status === 404, `answered ${attack.status}`);',
      "assert.equal(await readVictim(), before, \"the victim's record changed\");",
    ],
  };
}

/** What the handler knows its caller by, for the note on the login the test cannot make itself. */
function loginStateNote(handler: string): string {
  const login = LOGIN_STATE.exec(handler)?.[0];
  return login ? `, and the handler knows its caller by \`${login}\`` : ', and the handler reads nobody yet (the fix will)';
}

/** A read-back route's path with the victim's record as its last parameter (its own name for the id) and 1 in any other. */
function lastParamIsVictim(path: string): string {
  return path.replace(/:[A-Za-z_$][\w$]*\??(?=[^:]*$)/, '${VICTIM_RECORD}').replace(/:[A-Za-z_$][\w$]*\??/g, '1');
}

/** The route up to the record's identifier, as declared (`/rest/products/reviews/:id`). */
function recordPath(route: string, id: RequestField): string {
  return route.slice(0, route.indexOf(`:${id.name}`) + id.name.length + 1);
}

/** A GET route of the workspace that reads the record the attack targets (the same path), if any. */
function readBackRoute(target: AttackTarget, id: RequestField): WorkspaceRoute | undefined {
  if (id.location !== 'params') return undefined;
  const upToId = recordPath(target.route!, id);
  const shape = (path: string) => path.replace(/:[A-Za-z_$][\w$]*\??/g, ':');
  return target.workspaceRoutes?.find((r) => r.method === 'GET' && shape(r.path) === shape(upToId));
}

/** The header the handler reads that names a user rather than carrying a credential or a content type. */
function idHeader(handler: string): string | undefined {
  for (const m of handler.matchAll(ID_HEADER)) {
    const name = (m[1] ?? m[2] ?? m[3]).toLowerCase();
    if (/user|account|member|customer/.test(name) && !/token|auth|key|secret|session/.test(name)) return name;
  }
  return undefined;
}

/** The record's own path: the route up to the identifier, with the victim's record in it (or `fill`). */
function readBackPath(route: string, id: RequestField, fill = '${VICTIM_RECORD}'): string {
  if (id.location !== 'params') return route.replace(/\/:[^/]+.*$/, '') || '/';
  const upToId = route.slice(0, route.indexOf(`:${id.name}`) + id.name.length + 1);
  return upToId.replace(`:${id.name}`, fill).replace(/:[A-Za-z_$][\w$]*\??/g, '1');
}
