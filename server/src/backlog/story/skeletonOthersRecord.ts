// The write-IDOR test (goal t-others-record): acting as one user, change another user's record by
// sending its identifier, and expect a refusal with the record unchanged. Who the caller is comes
// the way the handler reads it: a header carrying the user's id is set directly; a session, a
// cookie or a token needs the app's own login, which the test leaves as a marked TODO and fails on
// until it is written, rather than inventing a login that passes for the wrong reason.
import type { AttackOutcome, AttackTarget } from './attackPlan';
import { requestFieldsIn } from './handlerFields';
import { requestWith, sendsBody, type RequestField } from './skeletonRequests';

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
  const login = LOGIN_STATE.exec(handler)?.[0];
  // A route nothing guards needs no login step: the attack works anonymously, and once the fix asks
  // who is calling, an anonymous request is refused with 401 as well.
  const anonymous = !header && !login && target.anonymous === true;
  const refusal = `the request is refused (${anonymous ? '401, 403' : '403'} or 404) and the victim's record reads the same afterwards`;
  const shape = target as Required<AttackTarget>;
  const body = [...(id.location === 'body' ? [`${JSON.stringify(id.name)}: VICTIM`] : []), ...changes.map((name) => `${JSON.stringify(name)}: 'rugged-attacker'`)];
  const headers = anonymous ? (body.length > 0 ? ["headers: { 'content-type': 'application/json' }"] : []) : [`headers: { ...as(ATTACKER)${body.length > 0 ? ", 'content-type': 'application/json'" : ''} }`];
  const init = [...headers, ...(body.length > 0 ? [`body: JSON.stringify({ ${body.join(', ')} })`] : [])];
  const inPath = id.location === 'params' ? id : undefined;
  return {
    payload: `no payload: the attacker's own request, with another user's \`${id.name}\``,
    refusal,
    criterion: (path) =>
      `\`${path}\` ${anonymous ? 'acts as an anonymous visitor (nothing on the route checks a login)' : `acts as one user${header ? ` (the \`${header}\` header)` : ' (once its login step, marked TODO(login), is written)'}`} and sends \`${where}\` with another user's \`${id.name}\`${changes.length > 0 ? `, changing ${changes.map((c) => `\`${c}\``).join(', ')}` : ''}, and passes: ${refusal}; it fails before the fix`,
    testName: `${target.key}: ${where} refuses to change another user's record`,
    preamble: [
      ...(anonymous
        ? [
            "// Nothing on the route or where it is mounted checks a login, so the attacker needs no account:",
            "// the test sends the attack anonymously at VICTIM's record (a user of your test data).",
            "const VICTIM = process.env.VICTIM_ID || '2';",
            'const as = () => ({});',
          ]
        : [
            '// Two users of your test data: the attacker acts as ATTACKER and aims at VICTIM\'s record.',
            "const ATTACKER = process.env.ATTACKER_ID || '1';",
            "const VICTIM = process.env.VICTIM_ID || '2';",
          ]),
      ...(anonymous
        ? []
        : header
        ? [`/** Request headers that make a request come from \`user\`, as the handler reads it (the \`${header}\` header). */`, `const as = (user) => ({ ${JSON.stringify(header)}: user });`]
        : [
            login ? `// TODO(login): the handler knows its caller by \`${login}\`.` : '// TODO(login): the handler does not read who its caller is (middleware before it may).',
            '// Log in as each user the way the app does and put the headers that carry the login here',
            "// (a Cookie or an Authorization header), keyed by the user's id; the test fails until then.",
            'const LOGINS = {};',
            'const as = (user) => LOGINS[user];',
          ]),
      '// Where the victim\'s record can be read back; change it if the app shows the record elsewhere.',
      `const READ_BACK = \`${readBackPath(target.route!, id).replace(/[`\\]/g, '')}\`;`,
    ],
    body: [
      ...(header || anonymous ? [] : ["assert.ok(as(ATTACKER) && as(VICTIM), 'write the login step marked TODO(login) first');"]),
      'const readVictim = async () => (await fetch(`${BASE_URL}${READ_BACK}`, { headers: as(VICTIM) })).text();',
      'const before = await readVictim();',
      `const attack = await ${requestWith(shape, inPath, 'VICTIM', init)};`,
      `// Expected: ${refusal}.`,
      anonymous ? 'assert.ok([401, 403, 404].includes(attack.status), `answered ${attack.status}`);' : 'assert.ok(attack.status === 403 || attack.status === 404, `answered ${attack.status}`);',
      "assert.equal(await readVictim(), before, \"the victim's record changed\");",
    ],
  };
}

/** The header the handler reads that names a user rather than carrying a credential or a content type. */
function idHeader(handler: string): string | undefined {
  for (const m of handler.matchAll(ID_HEADER)) {
    const name = (m[1] ?? m[2] ?? m[3]).toLowerCase();
    if (/user|account|member|customer/.test(name) && !/token|auth|key|secret|session/.test(name)) return name;
  }
  return undefined;
}

/** The record's own path: the route up to the identifier, with the victim's id in it. */
function readBackPath(route: string, id: RequestField): string {
  if (id.location !== 'params') return route.replace(/\/:[^/]+.*$/, '') || '/';
  const upToId = route.slice(0, route.indexOf(`:${id.name}`) + id.name.length + 1);
  return upToId.replace(`:${id.name}`, '${VICTIM}').replace(/:[A-Za-z_$][\w$]*\??/g, '1');
}
