// The JWT story's test: a token nobody signed (alg none) claiming an administrator, sent where the
// handler reads its token. It is proposed only where the code decodes tokens without checking them;
// wherever jsonwebtoken verifies with a key, it refuses an unsigned token on its own, so the test
// would pass before the fix and the story says why instead.
import type { AttackOutcome, AttackTarget } from './attackPlan';
import { jsonwebtokenRefusesUnsigned } from './libraryVersions';
import { requestWith, type RequestField } from './skeletonRequests';

export function unsignedToken(target: AttackTarget, where: string): AttackOutcome {
  // Decoding without a check (jwt.decode, jwt-simple's noVerify) lets any token through, whatever the version.
  if (!/does not check the signature|skip the signature check/.test(target.message)) return { notProposed: whyNotProposed(target) };
  const token = target.token ?? { location: 'header', name: 'authorization' };
  const payload = 'an unsigned token (alg none) claiming role admin';
  const refusal = 'the request is refused (401 or 403)';
  const tokenValue = 'TOKEN';
  const extra =
    token.location === 'header'
      ? [`headers: { ${JSON.stringify(token.name)}: ${token.name.toLowerCase() === 'authorization' ? '`Bearer ${TOKEN}`' : tokenValue} }`]
      : token.location === 'cookie'
        ? [`headers: { cookie: \`${token.name}=\${TOKEN}\` }`]
        : [];
  const field: RequestField | undefined = token.location === 'query' || token.location === 'body' ? { location: token.location, name: token.name } : undefined;
  const placed = token.location === 'header' ? `the ${token.name} header` : token.location === 'cookie' ? `the ${token.name} cookie` : `\`${token.name}\``;
  return {
    payload,
    refusal,
    criterion: (path) => `\`${path}\` sends ${payload} in ${placed} to \`${where}\` and passes: ${refusal}; it fails before the fix`,
    testName: `${target.key}: ${where} refuses an unsigned (alg none) token`,
    preamble: [
      '/** base64url of a JSON value, as a JWT encodes its header and claims. */',
      "const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');",
      "// Header and claims of a token nobody signed; the signature part is empty.",
      "const TOKEN = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'rugged-attacker', role: 'admin', admin: true })}.`;",
    ],
    body: [
      `const attack = await ${requestWith(target as Required<AttackTarget>, field, tokenValue, extra)};`,
      `// Expected: ${refusal}.`,
      'assert.ok(attack.status === 401 || attack.status === 403, `answered ${attack.status}`);',
    ],
  };
}

/** Why no unsigned-token test is proposed for a finding on a verifying or signing call. */
function whyNotProposed(target: AttackTarget): string {
  const version = target.libraries?.jsonwebtoken;
  const installed = version ? `jsonwebtoken ${version} (installed)` : 'jsonwebtoken';
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
      return `jsonwebtoken ${version} (installed) already refuses unsigned (alg none) tokens in jwt.verify and, with a string key, accepts only HMAC algorithms, so neither an unsigned nor an algorithm-swapped token gets through and a test sending one passes before the fix; the pinned \`algorithms\` list is checked by review`;
    }
    return `jsonwebtoken ${version} (installed) already refuses unsigned (alg none) tokens in jwt.verify and takes the accepted algorithms from the key's type, so a test sending a forged token passes before the fix; the pinned \`algorithms\` list is checked by review`;
  }
  return version
    ? `jsonwebtoken ${version} (installed) refuses an unsigned token whenever jwt.verify is given a key, and accepts one only when the key is empty (CVE-2022-23540): upgrade to 9 or later and pin \`algorithms\`; a test sending an unsigned token would pass wherever the key is set`
    : 'the installed jsonwebtoken version could not be read from package.json or the lockfile, so Rugged cannot tell whether an unsigned token gets through; pin `algorithms` and check the version by review';
}
