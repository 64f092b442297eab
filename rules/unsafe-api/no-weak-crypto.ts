// Flags broken or misused primitives of Node's crypto module: createCipher/createDecipher (no IV),
// DES/3DES/RC4/Blowfish and ECB ciphers, fixed IVs, MD5/SHA-1 signatures and HMACs, and RSA/DSA
// keys under 2048 bits. Password hashing belongs to session/no-fast-password-hash.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type Severity, type Confidence, dottedName, propertyName, defineRule, type FixProposal, type RuleContext, unwrap, keyNameOf } from '../../server/src/engine/api';
import { moduleRefOf } from '../util/moduleRefs';

/** Ciphers that are broken or too small whatever the mode: DES, 3DES, RC2, RC4, Blowfish, CAST, IDEA, SEED. */
const WEAK_CIPHER = /^(?:des|des3|des-ede|des-ede3|desx|rc2|rc4|rc5|bf|blowfish|cast|cast5|idea|seed)(?:-|$)/i;
/** ECB encrypts equal blocks to equal blocks, whatever the cipher. */
const ECB_MODE = /(?:^|-)ecb$/i;
const WEAK_DIGEST = /^(?:md4|md5|sha1|sha-1|ripemd|ripemd160|rmd160)$/i;
const WEAK_SIGNATURE = /^(?:rsa-)?(?:md4|md5|sha1)(?:withrsaencryption)?$|^(?:md5|sha1)withrsaencryption$|^dsa-sha1$|^ecdsa-with-sha1$/i;
const MIN_MODULUS = 2048;
const RECOMMENDED_MODULUS = 3072;

/** The string a node always holds: a literal, or a variable bound once to one. */
function constantString(node: TSESTree.Node | undefined, context: RuleContext, depth = 0): { value: string; literal?: TSESTree.Literal } | undefined {
  if (!node || depth > 4) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return { value: inner.value, literal: inner };
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return { value: inner.quasis[0].value.cooked ?? '' };
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    if (writes.length === 1) {
      const found = constantString(writes[0], context, depth + 1);
      // Only the literal written in the call itself is rewritten by a fix.
      return found ? { value: found.value } : undefined;
    }
  }
  return undefined;
}

/**
 * An IV that is the same for every message: literal bytes or text, `Buffer.alloc(n)`,
 * `Buffer.from('...')`, a typed array of literals, or a configuration value read once.
 */
function fixedIv(node: TSESTree.Node, context: RuleContext, depth = 0): 'literal' | 'config' | undefined {
  if (depth > 4) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && (typeof inner.value === 'string')) return 'literal';
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return 'literal';
  if (inner.type === 'ArrayExpression' && inner.elements.every((e) => e && e.type === 'Literal')) return 'literal';
  if (inner.type === 'MemberExpression' && /^process\.env\./.test(dottedName(inner) ?? '')) return 'config';
  if (inner.type === 'CallExpression' || inner.type === 'NewExpression') {
    const callee = dottedName(inner.callee);
    const first = inner.arguments[0];
    if (callee === 'Buffer.alloc') return inner.arguments.every((a) => a.type === 'Literal') ? 'literal' : undefined;
    if (callee === 'Buffer.from' || callee === 'Uint8Array' || callee === 'Uint8Array.from') {
      if (!first || first.type === 'SpreadElement') return undefined;
      if (inner.type === 'NewExpression' && first.type === 'Literal' && typeof first.value === 'number') return 'literal';
      return fixedIv(first, context, depth + 1);
    }
    // '\0'.repeat(16)
    if (inner.callee.type === 'MemberExpression' && propertyName(inner.callee) === 'repeat' && inner.callee.object.type === 'Literal') return 'literal';
    return undefined;
  }
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    const variable = context.flow.variableOf(inner);
    if (!variable || writes.length !== 1 || variable.defs[0]?.type !== 'Variable') return undefined;
    // const iv = Buffer.alloc(16); crypto.randomFillSync(iv): filled with random bytes after all.
    const filled = variable.references.some((reference) => {
      const parent = context.getParent(reference.identifier);
      if (!parent || parent.type !== 'CallExpression' || !parent.arguments.includes(reference.identifier as TSESTree.Expression)) return false;
      const callee = unwrap(parent.callee);
      const name = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
      return !!name && /^(randomFill|randomFillSync|getRandomValues)$/.test(name);
    });
    return filled ? undefined : fixedIv(writes[0], context, depth + 1);
  }
  return undefined;
}

/** 'sha1' -> 'sha256', 'RSA-SHA1' -> 'RSA-SHA256', 'md5' -> 'sha256', keeping the case style. */
function strongerDigest(name: string): string {
  const upper = name === name.toUpperCase();
  const replaced = name.replace(/md4|md5|sha-?1(?!\d)/i, 'sha256');
  return upper ? replaced.toUpperCase() : replaced;
}

function replaceLiteral(literal: TSESTree.Literal, value: string, context: RuleContext): { start: number; end: number; text: string } {
  const quote = context.getText(literal)[0] === '"' ? '"' : "'";
  return { start: literal.range[0], end: literal.range[1], text: `${quote}${value}${quote}` };
}

/** Replaces a weak digest name written in the call with its SHA-256 counterpart. */
function digestFix(algorithm: { value: string; literal?: TSESTree.Literal }, context: RuleContext): FixProposal[] {
  const replacement = strongerDigest(algorithm.value);
  if (!algorithm.literal || replacement === algorithm.value) return [];
  return [{ messageId: 'useSha256', data: { replacement }, kind: 'suggestion', edits: [replaceLiteral(algorithm.literal, replacement, context)] }];
}

export default defineRule({
  id: 'unsafe-api/no-weak-crypto',
  meta: {
    title: 'Broken cipher, fixed IV, weak digest or short key',
    checklist:
      'Data is encrypted with an authenticated modern cipher (AES-GCM or ChaCha20-Poly1305) using a fresh random IV per message, signatures and HMACs use SHA-256 or stronger, and RSA keys have at least 2048 bits.',
    rationale:
      'DES and RC4 are broken, ECB shows the patterns of the plaintext, `createCipher` derives its key and IV from a password without salt, and a fixed IV turns CBC and GCM encryption into something an observer can compare or, for GCM, forge. MD5 and SHA-1 signatures can be forged through collisions, and RSA keys of 1024 bits are within reach of well-funded attackers.',
    severity: 'error',
    securitySeverity: '7.5',
    confidence: 'high',
    cwe: ['CWE-327', 'CWE-328', 'CWE-329', 'CWE-326'],
    owasp: ['A02:2021-Cryptographic Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/327.html',
      'https://cwe.mitre.org/data/definitions/328.html',
      'https://cwe.mitre.org/data/definitions/329.html',
      'https://cwe.mitre.org/data/definitions/326.html',
      'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html',
      'https://nodejs.org/api/crypto.html#cryptocreatecipherivalgorithm-key-iv-options',
    ],
    frameworks: ['crypto'],
    fix: 'suggestion',
    messages: {
      noIvCipher: '`{{call}}` derives key and IV from a password with MD5 and no salt (and is gone from recent Node versions); use `createCipheriv` with AES-256-GCM, a key from `scrypt` and a random IV per message.',
      weakCipher: 'Cipher `{{algorithm}}` passed to `{{call}}` is broken or too weak; use `aes-256-gcm` (or `chacha20-poly1305`) with a random IV per message.',
      ecbMode: 'Cipher `{{algorithm}}` passed to `{{call}}` uses ECB, which encrypts equal blocks to equal blocks; use `aes-256-gcm` with a random IV per message.',
      fixedIv: 'The IV passed to `{{call}}` is the same for every message ({{kind}}); generate one with `crypto.randomBytes` for each message and store it next to the ciphertext.',
      weakSignature: 'Signature digest `{{algorithm}}` in `{{call}}` can be forged through collisions; use SHA-256 or stronger.',
      weakHmac: 'HMAC with `{{algorithm}}` in `{{call}}` relies on a deprecated digest; use SHA-256 unless the other side requires it.',
      shortKey: 'RSA/DSA key of {{bits}} bits in `{{call}}` is too short; use at least 2048 bits (3072 recommended).',
      useSha256: 'Use `{{replacement}}` (the other side must verify with the same digest)',
      useLongerKey: 'Use `modulusLength: 3072` (slower key generation and signing, accepted everywhere)',
    },
    abuserStory: {
      actor: 'attacker who obtains encrypted data, signed messages or traffic',
      goal: 'decrypt, compare or forge data protected by a broken cipher, a repeated IV, a weak digest or a short key',
      harm: 'I read protected data or make the application accept messages and signatures it never produced',
      stride: ['I', 'T', 'S'],
      asset: 'encrypted records, signed tokens and messages',
      controls: [
        'Encryption uses AES-256-GCM or ChaCha20-Poly1305 with a random 12-byte IV per message stored beside the ciphertext',
        'Keys come from a secret manager or scrypt/HKDF, never from createCipher',
        'Signatures and HMACs use SHA-256 or stronger and RSA keys have at least 2048 bits',
        'An automated test encrypts the same plaintext twice and checks that the ciphertexts differ',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
    reportsTaint: false,
    // Every sink is an export of Node's crypto module, resolved through its import or require.
    requiresText: ['crypto'],
  },
  create(context) {
    const report = (node: TSESTree.Node, messageId: Parameters<typeof context.report>[0]['messageId'], data: Record<string, string>, severity: Severity, confidence: Confidence, fixes: FixProposal[] = [], audit = false) =>
      context.report({ node, messageId, data, severity, confidence, fixes, audit });

    return {
      CallExpression(raw) {
        const call = raw;
        const ref = moduleRefOf(call.callee, context);
        if (!ref || ref.module !== 'crypto' || ref.path.length !== 1) return;
        const fn = ref.path[0];
        const callName = `crypto.${fn}`;
        const [first, second, third] = call.arguments;
        if (!first || first.type === 'SpreadElement') return;

        if (fn === 'createCipher' || fn === 'createDecipher') {
          report(call.callee, 'noIvCipher', { call: callName }, 'error', 'high');
          return;
        }
        if (fn === 'createCipheriv' || fn === 'createDecipheriv') {
          const algorithm = constantString(first, context);
          const decrypting = fn === 'createDecipheriv';
          // Reading old data may be unavoidable during a migration; writing new data never is.
          const severity: Severity = decrypting ? 'warning' : 'error';
          if (algorithm && WEAK_CIPHER.test(algorithm.value)) {
            report(first, 'weakCipher', { call: callName, algorithm: algorithm.value }, severity, 'high');
            return;
          }
          if (algorithm && ECB_MODE.test(algorithm.value)) {
            report(first, 'ecbMode', { call: callName, algorithm: algorithm.value }, severity, 'high');
            return;
          }
          if (!decrypting && third && third.type !== 'SpreadElement' && !(third.type === 'Literal' && third.value === null)) {
            const kind = fixedIv(third, context);
            if (kind) report(third, 'fixedIv', { call: callName, kind: kind === 'literal' ? 'written in the code' : 'read once from the configuration' }, kind === 'literal' ? 'error' : 'warning', kind === 'literal' ? 'high' : 'medium');
          }
          return;
        }
        if (fn === 'createHmac') {
          const algorithm = constantString(first, context);
          if (!algorithm || !WEAK_DIGEST.test(algorithm.value)) return;
          const md5 = /md/i.test(algorithm.value);
          const fixes = digestFix(algorithm, context);
          // HMAC-SHA1 is not broken, and webhook providers still require it: worth knowing, not alarming.
          // HMAC-SHA1 does not rest on SHA-1's broken collision resistance and protocols still ask
          // for it (webhook signatures): audit profile only. HMAC-MD5 stays in the default.
          report(first, 'weakHmac', { call: callName, algorithm: algorithm.value }, md5 ? 'warning' : 'info', md5 ? 'medium' : 'low', fixes, !md5);
          return;
        }
        if (fn === 'createSign' || fn === 'createVerify' || fn === 'sign' || fn === 'verify') {
          const algorithm = constantString(first, context);
          if (!algorithm || !WEAK_SIGNATURE.test(algorithm.value)) return;
          const verifying = fn === 'createVerify' || fn === 'verify';
          const fixes = digestFix(algorithm, context);
          report(first, 'weakSignature', { call: callName, algorithm: algorithm.value }, verifying ? 'warning' : 'error', 'high', fixes);
          return;
        }
        if (fn === 'generateKeyPair' || fn === 'generateKeyPairSync') {
          const type = constantString(first, context)?.value;
          if (type !== 'rsa' && type !== 'rsa-pss' && type !== 'dsa') return;
          if (!second || second.type !== 'ObjectExpression') return;
          const property = second.properties.find((p) => keyNameOf(p) === 'modulusLength');
          if (!property || property.type !== 'Property') return;
          const value = property.value;
          if (value.type !== 'Literal' || typeof value.value !== 'number' || value.value >= MIN_MODULUS) return;
          const fix: FixProposal = { messageId: 'useLongerKey', kind: 'suggestion', edits: [{ start: value.range[0], end: value.range[1], text: String(RECOMMENDED_MODULUS) }] };
          report(value, 'shortKey', { call: callName, bits: String(value.value) }, 'error', 'high', [fix]);
        }
      },
    };
  },
});
