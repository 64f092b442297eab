// The JWT story's test: a token nobody signed (alg none) claiming an administrator, sent where the
// handler reads its token. It is proposed only where the code decodes tokens without checking them;
// wherever jsonwebtoken verifies with a key, it refuses an unsigned token on its own, so the test
// would pass before the fix and the story says why instead.
import type { AttackOutcome, AttackTarget } from './attackPlan';
import { jsonwebtokenRefusesUnsigned, versionText } from './libraryVersions';
import { requestWith, type RequestField } from './skeletonRequests';

export function unsignedToken(target: AttackTarget, where: string): AttackOutcome {
  // Decoding without a check (jwt.decode, jwt-simple's noVerify) lets any token through, whatever the version.
  const decodes = /does not check the signature|skip the signature check/.test(target.message);
  if (!decodes && !target.committedKey) return { notProposed: whyNotProposed(target) };
  const token = target.token ?? { location: 'header', name: 'authorization' };
  const refusal = 'the request is refused (401 or 403)';
  const field: RequestField | undefined = token.location === 'query' || token.location === 'body' ? { location: token.location, name: token.name } : undefined;
  const placed = token.location === 'header' ? `the ${token.name} header` : token.location === 'cookie' ? `the ${token.name} cookie` : `\`${token.name}\``;
  const send = (value: string) => requestWith(target as Required<AttackTarget>, field, value, carrying(token, value));
  const unsigned = 'an unsigned token (alg none) claiming role admin';
  const signed = target.committedKey ? signedWithCommittedKey(target.committedKey, send) : undefined;
  const payload = decodes ? (signed ? `${unsigned}, then ${signed.payload}` : unsigned) : signed!.payload;
  // Two tokens make a list in the sentence: a comma before where they go keeps it readable.
  const listed = decodes && signed ? `${payload},` : payload;
  const preamble = [
    '/** base64url of a JSON value, as a JWT encodes its header and claims. */',
    "const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');",
    ...(decodes
      ? ["// Header and claims of a token nobody signed; the signature part is empty.", "const TOKEN = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'rugged-attacker', role: 'admin', admin: true })}.`;"]
      : []),
    ...(signed?.preamble ?? []),
  ];
  const unsignedBody = [`const attack = await ${send('TOKEN')};`, `// Expected: ${refusal}.`, 'assert.ok(attack.status === 401 || attack.status === 403, `answered ${attack.status}`);'];
  const tests = [
    ...(decodes ? [{ testName: `${target.key}: ${where} refuses an unsigned (alg none) token`, body: unsignedBody }] : []),
    ...(signed ? [{ testName: `${target.key}: ${where} refuses a token signed with the committed ${target.committedKey!.name}`, body: signed.body(refusal) }] : []),
  ];
  return {
    payload,
    refusal,
    criterion: (path) => `\`${path}\` sends ${listed} in ${placed} to \`${where}\` and passes: ${refusal}; it fails before the fix`,
    testName: tests[0].testName,
    preamble,
    body: tests[0].body,
    ...(tests.length > 1 ? { more: tests.slice(1) } : {}),
    ...(signed ? { requires: signed.requires } : {}),
  };
}

/** The request options that put `value` where the handler reads its token. */
function carrying(token: NonNullable<AttackTarget['token']>, value: string): string[] {
  if (token.location === 'header') return [`headers: { ${JSON.stringify(token.name)}: ${token.name.toLowerCase() === 'authorization' ? `\`Bearer \${${value}}\`` : value} }`];
  if (token.location === 'cookie') return [`headers: { cookie: \`${token.name}=\${${value}}\` }`];
  return [];
}

/**
 * A token claiming an administrator, signed (HS256) with the committed key. The test reads the key
 * where the app reads it, so neither the story nor the test repeats the secret; once the fix has
 * moved it out, `COMMITTED_KEY` gives the old value (from Git history) to prove it is refused.
 */
function signedWithCommittedKey(key: { name: string; path: string }, send: (value: string) => string) {
  const missing = `${key.name} is no longer written in ${key.path}: set COMMITTED_KEY to the value that was committed there (git show <commit>:${key.path}) to prove the app refuses it`;
  return {
    payload: `a token claiming role admin signed with the committed \`${key.name}\` (read from ${key.path}, never copied into the test)`,
    requires: { readFileSync: 'fs', join: 'path', createHmac: 'crypto' },
    preamble: [
      'const ROOT = process.env.PROJECT_ROOT || process.cwd();',
      '',
      `/** The value committed as ${key.name}, read where the app reads it so this file never repeats it. */`,
      'function committedKey() {',
      '  if (process.env.COMMITTED_KEY) return process.env.COMMITTED_KEY;',
      `  const source = readFileSync(join(ROOT, ${JSON.stringify(key.path)}), 'utf8');`,
      `  const written = /\\b${key.name.replace(/\$/g, '\\$')}\\s*[=:]\\s*(['"\`])([^'"\`]+)\\1/.exec(source);`,
      `  assert.ok(written, ${JSON.stringify(missing)});`,
      '  return written[2];',
      '}',
      '',
      '/** An HS256 token with these claims, signed with `secret`. */',
      'function signed(claims, secret) {',
      "  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;",
      "  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;",
      '}',
    ],
    body: (refusal: string) => [
      "const SIGNED = signed({ sub: 1, email: 'rugged-attacker@example.test', role: 'admin', admin: true }, committedKey());",
      `const attack = await ${send('SIGNED')};`,
      `// Expected: ${refusal}: the key was rotated, so a token signed with the committed value is refused.`,
      'assert.ok(attack.status === 401 || attack.status === 403, `a token signed with the committed key was accepted (answered ${attack.status})`);',
    ],
  };
}

/** Why no unsigned-token test is proposed for a finding on a verifying or signing call. */
function whyNotProposed(target: AttackTarget): string {
  const version = target.libraries?.jsonwebtoken;
  const installed = version ? versionText('jsonwebtoken', version) : 'jsonwebtoken';
  // `'none'` in the algorithms list: jsonwebtoken still demands a signature whenever it has a key.
  if (/accepts unsigned tokens/.test(target.message)) {
    return `${installed} refuses an unsigned token in jwt.verify whenever it is given a key ("jwt signature is required"), even with 'none' in \`algorithms\`, so a test sending one passes before the fix wherever the key is set; 'none' lets one through only when the key is empty at run time (an unset environment variable): remove it, and check by review that the key is always set`;
  }
  // `algorithm: 'none'` at signing: the code issues such tokens; whether one is accepted is decided where tokens are checked.
  if (/issues unsigned tokens/.test(target.message)) {
    return `this code issues unsigned tokens, and whether one is accepted is decided where tokens are checked: ${installed}'s jwt.verify refuses an unsigned token whenever it is given a key, so a request here shows nothing; a reviewer checks that every token is signed and that the verifier pins its \`algorithms\``;
  }
  // `verify` without an algorithms list: whether an unsigned token gets through depends on the version.
  if (version && jsonwebtokenRefusesUnsigned(version)) {
    // Version 9 takes the accepted algorithms from the key: HMAC only for a string secret.
    if (/algorithms: \['HS256'\]/.test(target.message)) {
      return `${versionText('jsonwebtoken', version)} already refuses unsigned (alg none) tokens in jwt.verify and, with a string key, accepts only HMAC algorithms, so neither an unsigned nor an algorithm-swapped token gets through and a test sending one passes before the fix`;
    }
    return `${versionText('jsonwebtoken', version)} already refuses unsigned (alg none) tokens in jwt.verify and takes the accepted algorithms from the key's type, so a test sending a forged token passes before the fix`;
  }
  return version
    ? `${versionText('jsonwebtoken', version)} refuses an unsigned token whenever jwt.verify is given a key, and accepts one only when the key is empty (CVE-2022-23540): upgrade to 9 or later and pin \`algorithms\`; a test sending an unsigned token would pass wherever the key is set`
    : 'the installed jsonwebtoken version could not be read from package.json or the lockfile, so Rugged cannot tell whether an unsigned token gets through; pin `algorithms` and check the version by review';
}
