// Security tests for parsers that do more than parse: a deserializer that rebuilds (and runs) a
// function, and an XML parser that reads the file an external entity names. Each is proposed only
// where a request can really show the attack; elsewhere the story says why not.
import type { AttackOutcome, AttackTarget } from './attackPlan';
import { markerFilePlan, placedCriterion, sentCriterion, type PayloadCarrier } from './markerAttack';
import { requestWith, type RequestField } from './skeletonRequests';

const DESERIALIZATION_NOT_PROPOSED =
  'the payload must be a serialized function for the library this code uses and reach it the way the handler reads it; Rugged writes one only for node-serialize read from a request field or a cookie, so a reviewer checks that client data is parsed with JSON.parse and a schema instead';

const XXE_NOT_PROPOSED =
  'whether the parser resolved the entity shows only when the handler sends the parsed text back, and this handler does not (or Rugged cannot see the field it reads); a reviewer checks that entity expansion (`noent`) and DTD loading are off';

/**
 * node-serialize evaluates a value marked `_$$ND_FUNC$$_`, and the trailing `()` calls it while the
 * payload is parsed: the function writes a marker file, so the test needs no answer from the app.
 * The payload goes where the code reads it: a cookie (base64-encoded when the code decodes it, as a
 * "remember me" profile usually is) or a request field.
 * Other deserializers only rebuild the function, which something must then call: no honest
 * request-level test exists for them without knowing the app.
 */
export function deserialization(target: AttackTarget, where: string | undefined, field: RequestField | undefined): AttackOutcome {
  if (!/node-serialize/.test(target.message) || !where) return { notProposed: DESERIALIZATION_NOT_PROPOSED };
  const cookie = cookieRead(target.sinkText ?? '') ?? (field ? undefined : cookieRead(target.regionText ?? ''));
  const sent = cookie ? cookieCarrier(target, cookie) : field;
  if (!sent) return { notProposed: DESERIALIZATION_NOT_PROPOSED };
  const plan = markerFilePlan(target, where, sent, {
    suffix: '-deserialize-marker',
    payload: (marker) => JSON.stringify({ rugged: `_$$ND_FUNC$$_function(){require('fs').writeFileSync('${marker}', '')}()` }),
    neverRuns: 'the function inside the serialized object is never run',
    what: 'function in a serialized object',
    ranMessage: 'the serialized function ran while the payload was parsed',
    note: 'node-serialize calls the function while parsing, before the handler answers.',
  });
  return cookie?.base64 ? { ...plan, preamble: [...plan.preamble, '// The code decodes the cookie from base64 before it unserializes it.', "const COOKIE_VALUE = Buffer.from(PAYLOAD).toString('base64');"] } : plan;
}

/** A cookie the code reads (`req.cookies.profile`, `req.signedCookies['p']`), and whether it decodes it from base64 first. */
export function cookieRead(code: string): { name: string; base64: boolean } | undefined {
  const read = /\breq(?:uest)?\.(?:signedC|c)ookies(?:\.([A-Za-z_$][\w$]*)|\[\s*['"]([\w-]+)['"]\s*\])/.exec(code);
  if (!read) return undefined;
  return { name: read[1] ?? read[2], base64: /base64|\batob\s*\(/.test(code) };
}

function cookieCarrier(target: AttackTarget, cookie: { name: string; base64: boolean }): PayloadCarrier {
  const value = cookie.base64 ? 'COOKIE_VALUE' : 'PAYLOAD';
  const header = `headers: { cookie: \`${cookie.name}=\${encodeURIComponent(${value})}\` }`;
  return {
    request: requestWith(target as Required<AttackTarget>, undefined, '', [header]),
    placed: `${cookie.base64 ? 'base64-encoded ' : ''}in the \`${cookie.name}\` cookie`,
    name: `the ${cookie.name} cookie`,
  };
}

/**
 * An external entity naming a file the test has just written. Where the handler answers with the
 * parsed document's text, the file holds a value only this run knows, and the test fails if it comes
 * back. Where it answers only a count of some element (blind XXE with the count as oracle), the file
 * holds one such element, and the test fails if the count differs from the same document without the
 * entity. Elsewhere an answer never shows the entity, and the story says why no test is proposed.
 */
export function xmlExternalEntity(target: AttackTarget, where: string | undefined, field: RequestField | undefined): AttackOutcome {
  const region = target.regionText ?? '';
  const raw = field ? undefined : rawXmlBody(region);
  if (!where || (!field && !raw)) return { notProposed: XXE_NOT_PROPOSED };
  const send = (value: string) => (field ? requestWith(target as Required<AttackTarget>, field, value) : requestWith(target as Required<AttackTarget>, undefined, '', [`headers: { 'content-type': ${JSON.stringify(raw)} }`, `body: ${value}`]));
  const criterion = (payload: string, refusal: string) => (field ? sentCriterion(payload, field, where, refusal) : placedCriterion(payload, `as the request body (\`${raw}\`)`, where, refusal));
  const sentIn = field ? field.name : 'the request body';
  if (answersWithParsedText(region)) return echoedEntity(target, where, send, criterion, sentIn);
  const counted = countedElement(region);
  return counted ? countedEntity(target, where, send, criterion, sentIn, counted) : { notProposed: XXE_NOT_PROPOSED };
}

type Send = (value: string) => string;
type Criterion = (payload: string, refusal: string) => (path: string) => string;

function echoedEntity(target: AttackTarget, where: string, send: Send, criterion: Criterion, sentIn: string): AttackOutcome {
  const secretFile = `/tmp/rugged-${target.key.toLowerCase()}-xxe-secret`;
  const payload = `<?xml version="1.0"?><!DOCTYPE data [<!ENTITY rugged SYSTEM "file://${secretFile}">]><data>&rugged;</data>`;
  const refusal = `the answer never holds the contents of \`${secretFile}\` (the external entity is not expanded)`;
  return {
    payload,
    refusal,
    criterion: criterion(payload, refusal),
    testName: `${target.key}: ${where} expands no external entity sent in ${sentIn}`,
    requires: { writeFileSync: 'fs', rmSync: 'fs', randomBytes: 'crypto' },
    preamble: [
      `const SECRET_FILE = ${JSON.stringify(secretFile)};`,
      '// A value only this run knows, in a file on the host the app runs on: if it comes back, the entity was read.',
      "const SECRET = randomBytes(16).toString('hex');",
    ],
    body: [
      'writeFileSync(SECRET_FILE, SECRET);',
      'try {',
      `  const attack = await ${send('PAYLOAD')};`,
      '  const answer = await attack.text();',
      `  // Expected: ${refusal}.`,
      '  assert.ok(!answer.includes(SECRET), "the answer holds the file the external entity named");',
      '} finally {',
      '  rmSync(SECRET_FILE, { force: true });',
      '}',
    ],
  };
}

/**
 * Blind XXE whose answer counts `element`: the entity names a file holding one `<element/>`, so a
 * parser that reads it counts one more than for the same document without the entity.
 */
function countedEntity(target: AttackTarget, where: string, send: Send, criterion: Criterion, sentIn: string, element: string): AttackOutcome {
  const entityFile = `/tmp/rugged-${target.key.toLowerCase()}-xxe-${element.replace(/\W+/g, '-')}.xml`;
  const payload = `<?xml version="1.0"?><!DOCTYPE rugged [<!ENTITY rugged SYSTEM "file://${entityFile}">]><rugged>&rugged;</rugged>`;
  const refusal = `the request is refused (4xx), or it answers exactly as for the same document without the entity: the \`<${element}/>\` that only \`${entityFile}\` holds is never counted (the external entity is not expanded)`;
  return {
    payload,
    refusal,
    criterion: criterion(payload, refusal),
    testName: `${target.key}: ${where} expands no external entity sent in ${sentIn}`,
    requires: { writeFileSync: 'fs', rmSync: 'fs' },
    preamble: [
      `const ENTITY_FILE = ${JSON.stringify(entityFile)};`,
      '// The same document without the entity: what the answer must stay.',
      "const PLAIN = '<?xml version=\"1.0\"?><rugged></rugged>';",
    ],
    body: [
      '// A file on the host the app runs on, holding one element the handler counts: if it is counted, the entity was read.',
      `writeFileSync(ENTITY_FILE, ${JSON.stringify(`<${element}/>`)});`,
      'try {',
      `  const plain = await ${send('PLAIN')};`,
      '  const expected = await plain.text();',
      `  const attack = await ${send('PAYLOAD')};`,
      `  // Expected: ${refusal.replace(/`/g, '')}.`,
      '  if (attack.status >= 400 && attack.status < 500) return;',
      '  const answer = await attack.text();',
      `  assert.equal(answer, expected, ${JSON.stringify(`the answer counts the <${element}/> that only the file named by the external entity holds: the parser read a file of the server`)});`,
      '} finally {',
      '  rmSync(ENTITY_FILE, { force: true });',
      '}',
    ],
  };
}

/** The element a handler counts in the parsed document (`doc.find('//order').length`). */
export function countedElement(handler: string): string | undefined {
  return /\.(?:find|get)\(\s*['"`]\/\/([A-Za-z_][\w.-]*)['"`]\s*\)\s*\.length\b/.exec(handler)?.[1];
}

/** The content type the handler parses its whole body as, when it hands `req.body` itself to the parser. */
function rawXmlBody(handler: string): string | undefined {
  if (!/\b(?:parseXml|parseXmlString|fromXml)\s*\(\s*req(?:uest)?\.body\s*[,)]/.test(handler)) return undefined;
  return /\.text\(\s*\{[^}]*\btype\s*:\s*['"]([\w/+.-]+)['"]/.exec(handler)?.[1] ?? 'application/xml';
}

/**
 * The handler parses into a variable (`const doc = libxml.parseXml(...)`) and answers with it, other
 * than only a count (`doc.find('//x').length`).
 */
export function answersWithParsedText(handler: string): boolean {
  const parsed = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*[\w$.]*\b(?:parseXml|parseXmlString|fromXml)\s*\(/.exec(handler)?.[1];
  if (!parsed) return false;
  const uses = new RegExp(`\\b${parsed.replace(/\$/g, '\\$')}\\b`);
  const counted = new RegExp(`\\b${parsed.replace(/\$/g, '\\$')}\\b[^,;()]*(?:\\([^()]*\\)[^,;()]*)*\\.length\\b`, 'g');
  for (const answer of handler.matchAll(/\bres\.(?:send|json|write|end|render)\s*\(([^;]*)/g)) {
    if (uses.test(answer[1].replace(counted, ''))) return true;
  }
  return false;
}
