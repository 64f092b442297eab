// The attacks a story's security test sends, one per kind of weakness: the payload, the check that
// a fixed app passes and the vulnerable one fails, and the words the story uses for them. A kind
// returns nothing when the story lacks what its request needs (a route, a field), and a reason
// instead of a test when the code or its library version already stops the attack, because a test
// that passes before the fix proves nothing.
import { markerFilePlan, sentCriterion } from './markerAttack';
import { requestWith, sendsBody, type RequestField } from './skeletonRequests';
import { bodyFill } from './skeletonBodyFields';
import { joinAnd } from './wordList';
import { serverEval, sqlIdentifier, timingComparison } from './skeletonAttacksCode';
import { deserialization, xmlExternalEntity } from './skeletonParserAttacks';
import { predictableToken } from './skeletonPredictableToken';
import { unsignedToken } from './skeletonJwt';
import { homemadeSessionStore } from './skeletonSessionStore';
import { othersRecord } from './skeletonOthersRecord';
import { storedPassword } from './skeletonStoredPassword';
import { COUNT_RECORDS, sqlInjection, valueInputs } from './skeletonSqlInjection';
import type { AttackOutcome, AttackPlan, AttackTarget } from './attackPlan';

export type { AttackOutcome, AttackPlan, AttackTarget };

export type AttackKind =
  | 'sql'
  | 'sql-identifier'
  | 'mongo-where'
  | 'xss'
  | 'path-traversal'
  | 'open-redirect'
  | 'command'
  | 'eval'
  | 'jwt-none'
  | 'secret'
  | 'cookie-flags'
  | 'timing'
  | 'predictable-token'
  | 'xxe'
  | 'deserialization'
  | 'session-store'
  | 'write-idor'
  | 'stored-password';

const KIND_BY_RULE: Readonly<Record<string, AttackKind>> = {
  'unsafe-api/no-server-side-xss': 'xss',
  'unsafe-api/no-path-traversal': 'path-traversal',
  'unsafe-api/no-open-redirect': 'open-redirect',
  'unsafe-api/no-shell-command-from-input': 'command',
  'session/no-unverified-jwt': 'jwt-none',
  'session/no-hardcoded-secret': 'secret',
  'session/no-insecure-session-cookie': 'cookie-flags',
  'unsafe-api/no-eval-like': 'eval',
  'sql/no-request-controlled-identifier': 'sql-identifier',
  'session/no-timing-unsafe-comparison': 'timing',
  'session/no-predictable-token': 'predictable-token',
  'unsafe-api/no-xml-external-entities': 'xxe',
  'unsafe-api/no-unsafe-deserialization': 'deserialization',
  'session/no-homemade-session-store': 'session-store',
  'session/no-fast-password-hash': 'stored-password',
};

/**
 * MongoDB rules are not SQL: an SQL payload in a `$where` is a syntax error, so the test would pass on
 * vulnerable code; a value payload in a column name breaks the SQL the same way.
 */
const NOT_SQL = new Set(['sql/no-mongo-where-from-input', 'sql/no-request-object-as-query-filter', 'sql/no-request-controlled-identifier']);

/** Attacks no rule reports, reached only from a catalogue goal the person chose (`goal:<id>`). */
const KIND_BY_GOAL: Readonly<Record<string, AttackKind>> = {
  'goal:t-others-record': 'write-idor',
  'goal:i-plaintext-password': 'stored-password',
};

export function attackKindOf(ruleId: string): AttackKind | undefined {
  if (ruleId in KIND_BY_GOAL) return KIND_BY_GOAL[ruleId];
  if (ruleId === 'sql/no-mongo-where-from-input') return 'mongo-where';
  return KIND_BY_RULE[ruleId] ?? (ruleId.startsWith('sql/') && !NOT_SQL.has(ruleId) ? 'sql' : undefined);
}

export function planAttack(target: AttackTarget): AttackOutcome {
  const kind = attackKindOf(target.ruleId);
  if (!kind) return undefined;
  if (kind === 'secret') return secretCheck(target);
  if (kind === 'timing') return timingComparison(target);
  if (kind === 'session-store') return homemadeSessionStore(target);
  const routed = Boolean(target.method && target.route && ['GET', 'DELETE', 'POST', 'PUT', 'PATCH'].includes(target.method));
  const where = routed ? `${target.method} ${target.route}` : undefined;
  // These three say why no test is proposed when the request is out of reach.
  if (kind === 'predictable-token') return predictableToken(target, where);
  if (kind === 'deserialization') return deserialization(target, where, target.field);
  if (kind === 'xxe') return xmlExternalEntity(target, where, target.field);
  if (kind === 'write-idor') return othersRecord(target, where);
  if (kind === 'stored-password') return storedPassword(target, where);
  if (!where) return undefined;
  if (kind === 'jwt-none') return unsignedToken(target, where);
  if (kind === 'cookie-flags') return cookieFlags(target, where);
  if (kind === 'sql') return sqlInjection(target, where, valueInputs(target, target.field));
  if (!target.field) return undefined;
  if (kind === 'sql-identifier') return withValueInjection(sqlIdentifier(target, where, target.field), target, where);
  const plans = { 'mongo-where': mongoWhere, xss, 'path-traversal': pathTraversal, 'open-redirect': openRedirect, command, eval: serverEval };
  return kind in plans ? plans[kind](target, where, target.field) : undefined;
}

const sent = sentCriterion;

/**
 * The sort test, followed by the value injection of the other fields the same query pastes in
 * (`customer` beside `sort`): the story's fix covers the whole query, so its test does too.
 */
function withValueInjection(identifier: AttackPlan, target: AttackTarget, where: string): AttackPlan {
  const values = sqlInjection(target, where, valueInputs(target, undefined));
  if (!values) return identifier;
  return {
    ...identifier,
    criterion: (path) => `${identifier.criterion(path).replace(/; it fails before the fix$/, '')}; it also ${values.criterion(path).replace(/^`[^`]*` /, '')}`,
    preamble: [...identifier.preamble, '', ...values.preamble.map((line) => line.replace(/\bPAYLOAD\b/g, 'VALUE_PAYLOAD')), `const VALUE_PAYLOAD = ${JSON.stringify(values.payload)};`],
    more: [{ testName: values.testName, body: values.body }, ...(values.more ?? [])].map((t) => ({ ...t, body: t.body.map((line) => line.replace(/\bPAYLOAD\b/g, 'VALUE_PAYLOAD')) })),
    controls: values.controls,
  };
}

/** The MongoDB test: the payload must bring back no record, and a crash is no refusal. */
function valueInjection(target: AttackTarget, where: string, field: RequestField, payload: string, refusal: string): AttackPlan {
  // The handler's other body fields (a password beside the e-mail) take a placeholder, so the request
  // reaches the query instead of crashing on a missing value.
  const others = bodyFill(target.regionText ?? '', field, false);
  return {
    payload,
    refusal,
    criterion: sent(payload, field, where, refusal),
    testName: `${target.key}: ${where} refuses an injected ${field.name}`,
    preamble: [
      '/** Records in a response: none for a refusal (4xx) or an empty body, the length of a list (or of an envelope\'s list), else one. */',
      'async function records(response) {',
      '  // A crash or an error page is not a refusal: the fixed code answers the attack like any other value.',
      '  assert.ok(response.status < 500, `answered ${response.status}: the request crashed the handler`);',
      ...COUNT_RECORDS,
    ],
    body: [`const attack = await ${requestWith(target as Required<AttackTarget>, field, 'PAYLOAD', [], [], others.entries)};`, `// Expected: ${refusal}.`, 'assert.equal(await records(attack), 0);'],
  };
}

function mongoWhere(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  // Closes the string in `this.x == '...'` and adds a condition every document meets; the
  // trailing quote balances the one the code adds, so the JavaScript still parses.
  return valueInjection(target, where, field, "zz-no-such-value' || '1' == '1", 'the request is refused (4xx) or returns no document, as a value that matches nothing would');
}

function xss(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  const payload = '"><script>alert(document.domain)</script>';
  // The page that shows a stored value back must exist: a route of the file that answers HTML.
  // Without one the value only comes back in the answer to the request that sent it.
  const readBack = target.htmlReadBack?.[0];
  const stored = readBack !== undefined;
  const refusal = stored
    ? 'neither the answer nor the page that shows the stored value contains the markup unescaped'
    : 'the answer shows the value as text (escaped), never as markup';
  return {
    payload,
    refusal,
    criterion: sent(payload, field, where, refusal),
    testName: `${target.key}: ${where} escapes markup sent as ${field.name}`,
    preamble: stored ? ['// The page of this app that shows what was stored.', `const READ_BACK = ${JSON.stringify(readBack)};`] : [],
    body: [
      `const attack = await ${requestWith(target as Required<AttackTarget>, field, 'PAYLOAD')};`,
      'const pages = [await attack.text()];',
      ...(stored ? ['pages.push(await (await fetch(`${BASE_URL}${READ_BACK}`)).text());'] : []),
      `// Expected: ${refusal}.`,
      'for (const page of pages) assert.ok(!page.includes(PAYLOAD), "the payload came back as markup");',
    ],
  };
}

function pathTraversal(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  // Enough `../` to climb out of any application folder, to a file every Unix-like host has.
  const payload = '../../../../../../../../../../etc/passwd';
  const named = target.namedFile;
  const refusal = named
    ? `the request is refused (4xx) or answers without the contents of a file outside the served folder, ${named.path} included`
    : 'the request is refused (4xx) or answers without the contents of a file outside the served folder';
  const request = (value: string) => requestWith(target as Required<AttackTarget>, field, value);
  return {
    payload,
    refusal,
    // The file the story names is what the title promises is lost: the test asks for it too, by the path that reaches it.
    criterion: named
      ? (path) => `\`${path}\` sends \`${payload}\`, then \`${named.reach}\`, as \`${field.name}\` to \`${where}\` and passes: ${refusal}; it fails before the fix`
      : sent(payload, field, where, refusal),
    testName: `${target.key}: ${where} refuses a ../ path in ${field.name}`,
    ...(named ? { requires: { existsSync: 'fs', readFileSync: 'fs', join: 'path' } } : {}),
    preamble: named
      ? [
          '// The file the story names, and the path from the served folder that reaches it.',
          `const NAMED_FILE = join(process.env.PROJECT_ROOT || process.cwd(), ${JSON.stringify(named.path)});`,
          `const NAMED_PATH = ${JSON.stringify(named.reach)};`,
        ]
      : [],
    body: [
      `const attack = await ${request('PAYLOAD')};`,
      `// Expected: ${refusal}.`,
      ...(named
        ? [
            'const held = [];',
            'const body = attack.status >= 400 ? "" : await attack.text();',
            "if (/^root:[^:\\n]*:0:0:/m.test(body)) held.push('/etc/passwd');",
            '// Compared byte for byte with the start of the file as the app has it now (a database file may be binary).',
            'if (existsSync(NAMED_FILE)) {',
            '  const head = readFileSync(NAMED_FILE).subarray(0, 256);',
            `  const reached = await ${request('NAMED_PATH')};`,
            '  const answer = reached.status >= 400 ? Buffer.alloc(0) : Buffer.from(await reached.arrayBuffer());',
            `  if (head.length > 0 && answer.indexOf(head) >= 0) held.push(${JSON.stringify(`${named.path} (asked for as ${named.reach})`)});`,
            `} else console.log(\`\${NAMED_FILE} is not there, so only /etc/passwd was asked for\`);`,
            "assert.deepEqual(held, [], `the answers hold ${held.join(' and ')}`);",
          ]
        : ['const body = attack.status >= 400 ? "" : await attack.text();', 'assert.doesNotMatch(body, /^root:[^:\\n]*:0:0:/m, "the answer holds /etc/passwd");']),
    ],
  };
}

function openRedirect(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  const payload = 'https://rugged-phishing.example/login';
  const refusal = 'the request is refused (4xx) or redirects to a page on this site (the Location header keeps its origin)';
  // A redirect after a login happens only once the login succeeds: its credentials come from the environment.
  const login = bodyFill(target.regionText ?? '', field, true);
  const shape = target as Required<AttackTarget>;
  const init = ["redirect: 'manual'", ...(login.preamble.length > 0 ? [] : ["headers: { 'content-type': 'application/json', ...LOGIN_HEADERS }"])];
  return {
    payload,
    refusal,
    criterion: sent(payload, field, where, refusal),
    testName: `${target.key}: ${where} keeps the redirect from ${field.name} on this site`,
    preamble: [
      ...(login.preamble.length > 0
        ? login.preamble
        : ['// TODO(login): if the route redirects only for a logged-in user, put the Cookie or Authorization header', '// of one here; until then the test fails at the first redirect it expects.', 'const LOGIN_HEADERS = {};']),
      '// A page of this site: the route must redirect to it, or the attack never reached the redirect.',
      "const SAME_SITE = '/';",
    ],
    body: [
      ...login.check,
      `const reached = await ${requestWith(shape, field, 'SAME_SITE', init, [], login.entries)};`,
      `assert.ok(reached.status >= 300 && reached.status < 400 && reached.headers.get('location'), \`answered \${reached.status} without redirecting to a page of this site: ${login.variables.length > 0 ? `check the account in ${joinAnd(login.variables)}` : 'log in first (TODO(login))'} or send what the route needs\`);`,
      `const attack = await ${requestWith(shape, field, 'PAYLOAD', init, [], login.entries)};`,
      `// Expected: ${refusal}.`,
      'if (attack.status >= 400 && attack.status < 500) return;',
      "const location = attack.headers.get('location');",
      'assert.ok(location !== null, `answered ${attack.status} without a Location header`);',
      'assert.equal(new URL(location, BASE_URL).origin, new URL(BASE_URL).origin);',
    ],
  };
}

function command(target: AttackTarget, where: string, field: RequestField): AttackPlan {
  // A marker file the injected command would create; the test runs on the host the app runs on.
  return markerFilePlan(target, where, field, {
    suffix: '-marker',
    // The code may add its own text after the value (`tar czf ${name}.tgz`): `$(...)` runs wherever
    // the value lands, even inside double quotes, and `#` turns whatever follows `;` into a comment.
    payload: (marker) => `127.0.0.1$(touch ${marker}); touch ${marker} #`,
    neverRuns: 'the injected command (in `$(...)` or after `;`) never runs',
    what: 'shell command',
    ranMessage: 'the injected command ran',
    note: 'The handler answers once its command has finished, so the marker exists by then if it ran.',
  });
}

function cookieFlags(target: AttackTarget, where: string): AttackPlan {
  const name = target.cookieName;
  const refusal = `every cookie it sets${name ? ` (\`${name}\` among them)` : ''} carries HttpOnly, Secure and SameSite`;
  // A login sets its cookie only when it succeeds: every field it reads is sent, its credentials from the environment.
  const login = sendsBody(target.method!) ? bodyFill(target.regionText ?? '', undefined, true) : { entries: [], preamble: [], check: [], variables: [] };
  return {
    payload: 'no payload: an ordinary request',
    refusal,
    criterion: (path) => `\`${path}\` calls \`${where}\` and passes: ${refusal}; it fails before the fix`,
    testName: `${target.key}: ${where} sets cookies with HttpOnly, Secure and SameSite`,
    preamble: [...login.preamble, ...(name ? [`const COOKIE = ${JSON.stringify(name)};`] : [])],
    body: [
      ...login.check,
      `const answer = await ${requestWith(target as Required<AttackTarget>, undefined, '', sendsBody(target.method!) && login.entries.length === 0 ? ["headers: { 'content-type': 'application/json' }", "body: '{}'"] : [], [], login.entries)};`,
      'const cookies = answer.headers.getSetCookie();',
      ...(name ? ['assert.ok(cookies.some((c) => c.startsWith(`${COOKIE}=`)), `no ${COOKIE} cookie was set: point the request at the route that sets it`);'] : ['assert.ok(cookies.length > 0, "no cookie was set: point the request at the route that sets one");']),
      `// Expected: ${refusal}.`,
      'for (const cookie of cookies) {',
      '  assert.match(cookie, /;\\s*HttpOnly/i, cookie);',
      '  assert.match(cookie, /;\\s*Secure/i, cookie);',
      '  assert.match(cookie, /;\\s*SameSite=(?:Lax|Strict)/i, cookie);',
      '}',
    ],
  };
}

function secretCheck(target: AttackTarget): AttackOutcome {
  if (!target.secretSha256?.length) return undefined;
  const refusal = 'no string in the project\'s source and configuration files is the committed secret (it is read from the environment, and rotated)';
  return {
    payload: 'no payload: the test reads the code',
    refusal,
    criterion: (path) => `\`${path}\` passes: ${refusal}; it fails while the value is in \`${target.file}\``,
    testName: `${target.key}: ${target.file} holds no committed secret`,
    requires: { readdirSync: 'fs', readFileSync: 'fs', join: 'path', createHash: 'crypto' },
    preamble: [
      '// SHA-256 of the committed value, so this file does not repeat the secret it looks for.',
      `const SECRET_SHA256 = ${JSON.stringify(target.secretSha256)};`,
      'const ROOT = process.env.PROJECT_ROOT || process.cwd();',
      '',
      '/** Source and configuration files of the project, without dependencies and Git. */',
      'function files(dir) {',
      '  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {',
      "    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];",
      '    const path = join(dir, entry.name);',
      '    if (entry.isDirectory()) return files(path);',
      '    return /\\.(?:[cm]?[jt]sx?|json|ya?ml)$/.test(entry.name) ? [path] : [];',
      '  });',
      '}',
    ],
    body: [
      'const found = files(ROOT).filter((file) =>',
      "  [...readFileSync(file, 'utf8').matchAll(/(['\"`])((?:\\\\.|(?!\\1)[^\\\\\\n])*)\\1/g)]",
      "    .some((m) => SECRET_SHA256.includes(createHash('sha256').update(m[2]).digest('hex'))),",
      ');',
      `// Expected: ${refusal}.`,
      'assert.deepEqual(found, []);',
    ],
  };
}
