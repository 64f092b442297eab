// Flags passwords hashed with a fast digest (`crypto.createHash('md5' | 'sha1' | 'sha256' ...)`),
// and password hashing whose work factor is too low (bcrypt cost below 10, PBKDF2 below the OWASP
// iteration counts). Fixes move the digest to bcrypt: `bcrypt.hash` where a hash is stored,
// `bcrypt.compare` where one is checked, and raise work factors in place.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, type TextEdit, defineRule, type FixProposal, type RuleContext, enclosingFunction, functionNameOf, keyNameOf, mentionsName, storedName, unwrap } from '../../server/src/engine/api';
import { ensureDefaultImport } from '../util/defaultImport';
import { moduleRefOf, withoutNodePrefix } from '../util/moduleRefs';
import { isPasswordName } from '../util/sensitiveNames';

/** bcrypt's cost factor: OWASP asks for at least 10; the fix writes 12. */
const MIN_BCRYPT_COST = 10;
const FIX_BCRYPT_COST = 12;
/** OWASP Password Storage Cheat Sheet (2023) PBKDF2 iteration counts per HMAC digest. */
const PBKDF2_ITERATIONS: Record<string, number> = { sha1: 1_300_000, sha256: 600_000, sha512: 210_000 };
const BCRYPT_MODULES = ['bcrypt', 'bcryptjs'];
/** Methods of bcrypt and argon2 that run the slow hash on their first argument. */
const SLOW_HASH_METHODS: ReadonlySet<string> = new Set(['hash', 'hashSync', 'compare', 'compareSync', 'verify', 'verifySync']);
const EQUALITY = new Set(['===', '==', '!==', '!=']);
const MAX_DEPTH = 8;

type Evidence = 'value' | 'target';

/** The password-named identifier or property inside an expression, if any. */
function passwordPartOf(node: TSESTree.Node, depth = 0): TSESTree.Node | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Identifier':
      return isPasswordName(inner.name) ? inner : undefined;
    case 'MemberExpression': {
      const name = propertyName(inner);
      return name && isPasswordName(name) ? inner : undefined;
    }
    case 'BinaryExpression':
      return inner.operator === '+' ? passwordPartOf(inner.left, depth + 1) ?? passwordPartOf(inner.right, depth + 1) : undefined;
    case 'TemplateLiteral':
      for (const expression of inner.expressions) {
        const found = passwordPartOf(expression, depth + 1);
        if (found) return found;
      }
      return undefined;
    case 'CallExpression': {
      // String(password), Buffer.from(password, 'utf8'), password.normalize()
      const callee = unwrap(inner.callee);
      if (callee.type === 'MemberExpression' && !['from', 'concat'].includes(propertyName(callee) ?? '')) return passwordPartOf(callee.object, depth + 1);
      const first = inner.arguments[0];
      return first && first.type !== 'SpreadElement' ? passwordPartOf(first, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a value is a password: by its own name, or because it comes from a request field named so. */
function isPasswordValue(node: TSESTree.Node, context: RuleContext): boolean {
  if (passwordPartOf(node)) return true;
  const value = context.flow.valueOf(node);
  const last = value.source?.description.split('.').pop();
  return value.origin === 'tainted' && !!last && isPasswordName(last);
}

/** The name the result of `node` is stored under: `const passwordHash = ...`, `user.password = ...`, `{ password: ... }`. */
function targetNameOf(node: TSESTree.Node, context: RuleContext): string | undefined {
  const parent = context.getParent(node);
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'AssignmentExpression' && parent.right === node) return storedName(parent.left);
  if (parent.type === 'Property' && parent.value === node) return keyNameOf(parent);
  return undefined;
}

interface HashChain {
  createHash: TSESTree.CallExpression;
  algorithm: string;
  /** Every `update(...)` argument fed to this hash. */
  inputs: TSESTree.Node[];
  /** The whole expression when written as one chain ending in `.digest()`. */
  chain?: TSESTree.CallExpression;
}

function memberCallOf(node: TSESTree.Node, context: RuleContext): { method: string; call: TSESTree.CallExpression } | undefined {
  const member = context.getParent(node);
  if (member?.type !== 'MemberExpression' || member.object !== node) return undefined;
  const call = context.getParent(member);
  const method = propertyName(member);
  return call?.type === 'CallExpression' && call.callee === member && method ? { method, call } : undefined;
}

/** Follows `createHash(alg).update(x).digest()`, or a hash kept in a variable and updated later. */
function hashChainOf(createHash: TSESTree.CallExpression, context: RuleContext): HashChain {
  const first = createHash.arguments[0];
  const algorithm = first && first.type === 'Literal' && typeof first.value === 'string' ? first.value : 'a fast digest';
  const inputs: TSESTree.Node[] = [];
  let current: TSESTree.Node = createHash;
  let updates = 0;
  for (let step = memberCallOf(current, context); step; step = memberCallOf(current, context)) {
    if (step.method === 'update' && step.call.arguments[0]) {
      inputs.push(step.call.arguments[0]);
      updates++;
    } else if (step.method === 'digest') {
      return { createHash, algorithm, inputs, chain: updates === 1 ? step.call : undefined };
    }
    current = step.call;
  }
  const holder = context.getParent(createHash);
  if (holder?.type === 'VariableDeclarator' && holder.init === createHash && holder.id.type === 'Identifier') {
    for (const reference of context.flow.variableOf(holder.id)?.references ?? []) {
      const use = memberCallOf(reference.identifier, context);
      if (use?.method === 'update' && use.call.arguments[0]) inputs.push(use.call.arguments[0]);
    }
  }
  return { createHash, algorithm, inputs };
}

/** The argument to give bcrypt: the password part of `salt + password`, or the whole input. */
function bcryptInput(input: TSESTree.Node, context: RuleContext): string {
  const inner = unwrap(input);
  if (inner.type === 'BinaryExpression' || inner.type === 'TemplateLiteral') {
    const part = passwordPartOf(inner);
    if (part) return context.getText(part);
  }
  return context.getText(input);
}

/** `bcrypt` as the file names it, with the import to add when it has none; undefined when the name is taken. */
function bcryptBinding(context: RuleContext): { expression: string; edits: TextEdit[] } | undefined {
  const existing = context.imports.bindings.find((b) => BCRYPT_MODULES.includes(b.module) && (b.kind === 'default' || b.kind === 'namespace'));
  if (existing) return { expression: existing.local, edits: [] };
  if (mentionsName(context, 'bcrypt')) return undefined;
  return ensureDefaultImport(context, 'bcrypt', 'bcrypt');
}

function integerOf(node: TSESTree.Node | undefined, context: RuleContext): { value: number; literal: TSESTree.Literal } | undefined {
  if (!node) return undefined;
  let inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    if (writes.length !== 1) return undefined;
    inner = unwrap(writes[0]);
  }
  return inner.type === 'Literal' && typeof inner.value === 'number' && Number.isInteger(inner.value) ? { value: inner.value, literal: inner } : undefined;
}

export default defineRule({
  id: 'session/no-fast-password-hash',
  meta: {
    title: 'Password hashed with a fast digest or a low work factor',
    checklist:
      'Passwords are stored with a slow, salted password hash (bcrypt with cost 12 or more, scrypt or argon2id, PBKDF2 at the OWASP iteration counts), never with MD5, SHA-1 or SHA-2 digests.',
    rationale:
      'When the user table leaks, fast digests let an attacker test billions of guesses per second on one graphics card, so most passwords fall within hours, and unsalted ones fall to precomputed tables at once. Deliberately slow hashes cut that to thousands of guesses per second.',
    severity: 'error',
    securitySeverity: '7.5',
    confidence: 'high',
    cwe: ['CWE-916', 'CWE-328'],
    owasp: ['A02:2021-Cryptographic Failures', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/916.html',
      'https://cwe.mitre.org/data/definitions/328.html',
      'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
      'https://github.com/kelektiv/node.bcrypt.js#readme',
    ],
    frameworks: ['node:crypto', 'bcrypt', 'bcryptjs'],
    fix: 'suggestion',
    messages: {
      fastHash: '`{{call}}` hashes a password with {{algorithm}}, which is fast to brute-force; store passwords with bcrypt, scrypt or argon2id.',
      lowBcryptCost: 'bcrypt cost {{cost}} is below {{minimum}}, so each guess is cheap; use a cost of at least {{minimum}} (12 recommended).',
      lowPbkdf2Iterations: 'PBKDF2 with {{iterations}} iterations of {{digest}} is below the {{recommended}} that OWASP recommends for passwords.',
      hashWithBcrypt: 'Hash with `{{call}}` (changes the stored format: existing hashes need a migration)',
      compareWithBcrypt: 'Check with `{{call}}` (stored hashes must be bcrypt hashes)',
      raiseCost: 'Raise the cost to {{cost}}',
      raiseIterations: 'Raise the iterations to {{iterations}}',
    },
    abuserStory: {
      actor: 'attacker holding a copy of the user table',
      goal: 'recover {asset} from the stored hashes with a GPU cracker and wordlists',
      harm: 'I log in as the users here and, since people reuse passwords, on their mail and bank accounts too',
      stride: ['I', 'S'],
      asset: "users' passwords",
      controls: [
        'Passwords are stored with bcrypt (cost 12 or more), scrypt or argon2id, each with a per-user salt',
        'Old fast hashes are upgraded to the slow hash at the next successful login and the rest are reset',
        'Password checks compare with the library function (bcrypt.compare), in constant time',
        'An automated test reads a stored password hash and checks that it is in the slow format with the expected cost',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
    // Every hash call is resolved through an import or require of crypto, bcrypt(js) or argon2.
    requiresText: ['crypto', 'bcrypt', 'argon2'],
  },
  create(context) {
    function bcryptFix(hash: HashChain): FixProposal | undefined {
      const chain = hash.chain;
      if (!chain || hash.inputs.length !== 1) return undefined;
      const bcrypt = bcryptBinding(context);
      if (!bcrypt) return undefined;
      const isAsync = enclosingFunction(chain, context)?.async === true;
      const password = bcryptInput(hash.inputs[0], context);
      const parent = context.getParent(chain);
      if (parent?.type === 'BinaryExpression' && EQUALITY.has(parent.operator)) {
        const stored = context.getText(parent.left === chain ? parent.right : parent.left);
        const call = isAsync ? `await ${bcrypt.expression}.compare(${password}, ${stored})` : `${bcrypt.expression}.compareSync(${password}, ${stored})`;
        const negated = parent.operator.startsWith('!');
        const text = negated ? (isAsync ? `!(${call})` : `!${call}`) : call;
        const shown = `${bcrypt.expression}.${isAsync ? 'compare' : 'compareSync'}(${password}, ${stored})`;
        return { messageId: 'compareWithBcrypt', data: { call: shown }, kind: 'suggestion', edits: [...bcrypt.edits, { start: parent.range[0], end: parent.range[1], text }] };
      }
      if (!isStoredValue(chain)) return undefined;
      const call = isAsync ? `await ${bcrypt.expression}.hash(${password}, ${FIX_BCRYPT_COST})` : `${bcrypt.expression}.hashSync(${password}, ${FIX_BCRYPT_COST})`;
      const shown = `${bcrypt.expression}.${isAsync ? 'hash' : 'hashSync'}(${password}, ${FIX_BCRYPT_COST})`;
      return { messageId: 'hashWithBcrypt', data: { call: shown }, kind: 'suggestion', edits: [...bcrypt.edits, { start: chain.range[0], end: chain.range[1], text: call }] };
    }

    /**
     * Whether the digest is stored rather than compared: assigned to a property, put in an object
     * or passed to a call, or kept in a variable that is never compared. A helper that returns it
     * may serve both signing up and logging in, where bcrypt.hash would break the login check.
     */
    function isStoredValue(chain: TSESTree.CallExpression): boolean {
      const parent = context.getParent(chain);
      if (!parent) return false;
      if (parent.type === 'Property' || parent.type === 'ArrayExpression') return true;
      if (parent.type === 'CallExpression' && parent.arguments.includes(chain)) return true;
      if (parent.type === 'AssignmentExpression' && parent.right === chain) return parent.left.type === 'MemberExpression';
      if (parent.type === 'VariableDeclarator' && parent.init === chain && parent.id.type === 'Identifier') {
        const references = context.flow.variableOf(parent.id)?.references ?? [];
        return references.every((r) => {
          const use = context.getParent(r.identifier);
          return !(use?.type === 'BinaryExpression' && EQUALITY.has(use.operator)) && use?.type !== 'ReturnStatement';
        });
      }
      return false;
    }

    /** `bcrypt.hash(...)`, `argon2.hash(...)`, `crypto.scrypt(...)`: a slow password hash or its check. */
    function isSlowHashCall(node: TSESTree.Node | undefined): boolean {
      if (node?.type !== 'CallExpression') return false;
      const imported = moduleRefOf(node.callee, context);
      if (!imported || imported.path.length !== 1) return false;
      const module = withoutNodePrefix(imported.specifier);
      const [name] = imported.path;
      if (BCRYPT_MODULES.includes(module) || module === 'argon2' || module === '@node-rs/argon2' || module === '@node-rs/bcrypt') return SLOW_HASH_METHODS.has(name);
      return module === 'crypto' && (name === 'scrypt' || name === 'scryptSync');
    }

    /**
     * Whether the digest is a pre-hash handed to a slow hash (bcrypt reads only 72 bytes, so long
     * passwords are digested first): passed straight to it, or kept in a variable only it reads.
     */
    function feedsSlowHash(end: TSESTree.Node): boolean {
      const parent = context.getParent(end);
      if (isSlowHashCall(parent) && (parent as TSESTree.CallExpression).arguments[0] === end) return true;
      if (parent?.type !== 'VariableDeclarator' || parent.init !== end || parent.id.type !== 'Identifier') return false;
      const reads = (context.flow.variableOf(parent.id)?.references ?? []).filter((r) => r.isRead());
      return reads.length > 0 && reads.every((r) => {
        const use = context.getParent(r.identifier);
        return isSlowHashCall(use) && (use as TSESTree.CallExpression).arguments[0] === r.identifier;
      });
    }

    function checkCreateHash(call: TSESTree.CallExpression): void {
      const hash = hashChainOf(call, context);
      if (feedsSlowHash(hash.chain ?? call)) return;
      const byValue = hash.inputs.some((input) => isPasswordValue(input, context));
      let evidence: Evidence | undefined = byValue ? 'value' : undefined;
      if (!evidence) {
        const end = hash.chain ?? call;
        const target = targetNameOf(end, context);
        const fn = enclosingFunction(call, context);
        const fnName = fn && functionNameOf(fn, context);
        if ((target && isPasswordName(target)) || (fnName && isPasswordName(fnName))) evidence = 'target';
      }
      // Anything that is not hashed at all, or hashes a token, a file or an e-mail address, is not this rule's business.
      if (!evidence || hash.inputs.length === 0) return;
      const fix = bcryptFix(hash);
      context.report({
        node: call,
        messageId: 'fastHash',
        data: { call: `${context.getText(call.callee)}('${hash.algorithm}')`.replace(/\('a fast digest'\)$/, '()'), algorithm: hash.algorithm === 'a fast digest' ? hash.algorithm : `\`${hash.algorithm}\`` },
        severity: 'error',
        confidence: evidence === 'value' ? 'high' : 'medium',
        fixes: fix ? [fix] : [],
      });
    }

    function checkBcrypt(call: TSESTree.CallExpression, method: string): void {
      const index = method === 'hash' || method === 'hashSync' ? 1 : method === 'genSalt' || method === 'genSaltSync' ? 0 : -1;
      if (index < 0) return;
      const cost = integerOf(call.arguments[index], context);
      if (!cost || cost.value >= MIN_BCRYPT_COST) return;
      context.report({
        node: call.arguments[index],
        messageId: 'lowBcryptCost',
        data: { cost: String(cost.value), minimum: String(MIN_BCRYPT_COST) },
        severity: 'warning',
        confidence: 'high',
        fixes: [{ messageId: 'raiseCost', data: { cost: String(FIX_BCRYPT_COST) }, kind: 'suggestion', edits: [{ start: cost.literal.range[0], end: cost.literal.range[1], text: String(FIX_BCRYPT_COST) }] }],
      });
    }

    function checkPbkdf2(call: TSESTree.CallExpression): void {
      const [password, , iterationsArg, , digestArg] = call.arguments;
      if (!password || password.type === 'SpreadElement' || !isPasswordValue(password, context)) return;
      const iterations = integerOf(iterationsArg, context);
      const digest = digestArg && digestArg.type === 'Literal' && typeof digestArg.value === 'string' ? digestArg.value.toLowerCase().replace('-', '') : undefined;
      const recommended = digest ? PBKDF2_ITERATIONS[digest] : undefined;
      if (!iterations || !recommended || iterations.value >= recommended) return;
      const text = recommended.toLocaleString('en-US').replace(/,/g, '_');
      context.report({
        node: iterationsArg,
        messageId: 'lowPbkdf2Iterations',
        data: { iterations: String(iterations.value), digest: digest ?? '', recommended: recommended.toLocaleString('en-US') },
        severity: 'warning',
        confidence: 'high',
        fixes: [{ messageId: 'raiseIterations', data: { iterations: text }, kind: 'suggestion', edits: [{ start: iterations.literal.range[0], end: iterations.literal.range[1], text }] }],
      });
    }

    return {
      CallExpression(call) {
        const imported = moduleRefOf(call.callee, context);
        if (!imported || imported.path.length !== 1) return;
        const [name] = imported.path;
        const module = withoutNodePrefix(imported.specifier);
        if (module === 'crypto' && name === 'createHash') checkCreateHash(call);
        else if (module === 'crypto' && (name === 'pbkdf2' || name === 'pbkdf2Sync')) checkPbkdf2(call);
        else if (BCRYPT_MODULES.includes(module)) checkBcrypt(call, name);
      },
    };
  },
});
