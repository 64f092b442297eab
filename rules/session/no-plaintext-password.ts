// Flags passwords from the request stored or checked as they are: written to a model or a table
// (`User.create({ password: req.body.password })`, `INSERT ... password` with the raw value),
// looked up by value (`findOne({ email, password })`) or compared with `===` against the stored
// one. A value that went through any hash first is not this rule's business (session/no-fast-password-hash
// judges which hash).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, keyNameOf, propertyName, type RuleContext, staticString, storedName, unwrap } from '../../server/src/engine/api';
import { isPasswordName } from '../util/sensitiveNames';

const EQUALITY = new Set(['===', '==', '!==', '!=']);
/** Methods of ORMs, drivers and stores that write what they are given. */
const STORE_METHODS = /^(create|createUser|insert|insertOne|insertMany|save|update|updateOne|updateMany|upsert|findOneAndUpdate|findByIdAndUpdate|build|set|hset|hmset|put|add|register)$/;
/** Methods that look rows up by what they are given: a password among the criteria is compared in clear by the database. */
const LOOKUP_METHODS = /^(find|findOne|findFirst|findUnique|findAll|findAndCountAll|where|count|exists|first|get|select|findBy|findOneBy)$/;
/** SQL that writes a password column, and SQL that matches one. */
const SQL_STORE = /\b(insert|update)\b[\s\S]*\b(pass(word|wd)?|pwd)\b/i;
const SQL_LOOKUP = /\bwhere\b[\s\S]*\b(pass(word|wd)?|pwd)\b\s*=/i;
const MAX_NESTING = 4;

type Use = 'store' | 'lookup';

/** The request's password itself, not a hash or anything built from it. */
function isRawPassword(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier' && inner.type !== 'MemberExpression') return false;
  const value = context.flow.valueOf(inner);
  if (value.origin !== 'tainted' || value.built) return false;
  return [storedName(inner), value.source?.description.split('.').pop()].some((name) => !!name && isPasswordName(name));
}

/** A password named by a function's parameter (`function login(email, password)`), which its caller fills. */
function isPasswordParameter(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier' || !isPasswordName(inner.name)) return false;
  const value = context.flow.valueOf(inner);
  return value.origin === 'unknown' && value.parameter === true && context.flow.variableOf(inner)?.defs[0]?.type === 'Parameter';
}

/** `user.password`, `row.pwd`: a stored password read from a record. */
function isStoredPassword(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'MemberExpression') return false;
  const name = propertyName(inner);
  return !!name && isPasswordName(name) && context.flow.valueOf(inner).origin !== 'tainted';
}

/** The call an object literal is handed to, through at most a few enclosing objects (`{ data: { password } }`). */
function receivingCall(object: TSESTree.ObjectExpression, context: RuleContext): { call: TSESTree.CallExpression | TSESTree.NewExpression; method: string } | undefined {
  let current: TSESTree.Node = object;
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    const parent = context.getParent(current);
    if (!parent) return undefined;
    if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(current)) {
      const callee = unwrap(parent.callee);
      const method = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      return method ? { call: parent, method } : undefined;
    }
    if (parent.type === 'Property' && parent.value === current) current = context.getParent(parent) ?? parent;
    else if (parent.type === 'ArrayExpression') current = parent;
    else return undefined;
    if (current.type !== 'ObjectExpression' && current.type !== 'ArrayExpression') return undefined;
  }
  return undefined;
}

function useOf(call: TSESTree.CallExpression | TSESTree.NewExpression, method: string): Use | undefined {
  if (call.type === 'NewExpression') return /^[A-Z]/.test(method) ? 'store' : undefined;
  if (STORE_METHODS.test(method)) return 'store';
  if (LOOKUP_METHODS.test(method)) return 'lookup';
  return undefined;
}

export default defineRule({
  id: 'session/no-plaintext-password',
  meta: {
    title: 'Password stored or compared in plaintext',
    checklist:
      'Passwords from users are stored only as a slow, salted hash (bcrypt, scrypt, argon2id) and checked with the library\'s verify function, never written to the database as received, looked up by value or compared with `===`.',
    rationale:
      'A table of plaintext passwords turns any leak (a SQL injection, a backup, a curious insider, a log line) into every user\'s password, which people reuse for their mail and bank. A hash stored with a per-user salt and a slow algorithm leaves the attacker with a brute-force job per user instead.',
    severity: 'error',
    securitySeverity: '7.5',
    confidence: 'high',
    cwe: ['CWE-256', 'CWE-522'],
    owasp: ['A02:2021-Cryptographic Failures', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/256.html',
      'https://cwe.mitre.org/data/definitions/522.html',
      'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html',
    ],
    frameworks: ['express', 'koa', 'fastify', 'hapi', 'next', 'mongoose', 'sequelize', 'prisma', 'typeorm', 'knex'],
    messages: {
      storedPlaintext: 'The password from {{source}} is stored as received by `{{method}}`; store `await bcrypt.hash(password, 12)` (or argon2id) instead.',
      lookupPlaintext: 'The password from {{source}} is matched in clear by `{{method}}`, so the table holds plaintext passwords; look the user up by name and check with `bcrypt.compare(password, user.passwordHash)`.',
      sqlPlaintext: 'The password from {{source}} is bound as it is into SQL that {{verb}} a password column; store and check a bcrypt or argon2id hash instead.',
      comparedPlaintext: '`{{stored}}` is compared in clear with {{source}}, so passwords are stored in plaintext; store a bcrypt or argon2id hash and check with `bcrypt.compare` (constant time).',
    },
    abuserStory: {
      actor: 'attacker who obtained a copy of the user table (SQL injection, a leaked backup, an insider)',
      goal: 'read {asset} straight out of the user table',
      harm: 'I log in as any user here and, since people reuse passwords, on their mail and bank accounts too',
      stride: ['I', 'S'],
      asset: "users' passwords",
      controls: [
        'Passwords are hashed with bcrypt (cost 12+), scrypt or argon2id before they are stored',
        'Logins look the user up by name and check the password with the library\'s compare/verify function',
        'An automated test creates a user and checks that the stored value is a hash in the expected format',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.2.0',
  },
  create(context) {
    if (!/pass|pwd/i.test(context.sourceText)) return {};

    const sourceOf = (node: TSESTree.Node) => {
      const value = context.flow.valueOf(node);
      return value.source?.description ?? context.getText(node);
    };

    return {
      Property(property) {
        const key = keyNameOf(property);
        const object = context.getParent(property);
        if (!key || !isPasswordName(key) || object?.type !== 'ObjectExpression') return;
        if (!isRawPassword(property.value, context)) return;
        const receiver = receivingCall(object, context);
        const use = receiver && useOf(receiver.call, receiver.method);
        if (!receiver || !use) return;
        context.report({
          node: property,
          messageId: use === 'store' ? 'storedPlaintext' : 'lookupPlaintext',
          data: { source: sourceOf(property.value), method: receiver.method },
        });
      },
      CallExpression(call) {
        const text = staticString(call.arguments[0]);
        if (!text) return;
        const verb = SQL_STORE.test(text) ? 'writes' : SQL_LOOKUP.test(text) ? 'matches' : undefined;
        if (!verb) return;
        for (const argument of call.arguments.slice(1)) {
          if (argument.type !== 'ArrayExpression') continue;
          const raw = argument.elements.find((e) => e && e.type !== 'SpreadElement' && isRawPassword(e, context));
          if (raw) context.report({ node: raw, messageId: 'sqlPlaintext', data: { source: sourceOf(raw), verb } });
        }
      },
      BinaryExpression(node) {
        if (!EQUALITY.has(node.operator) || node.left.type === 'PrivateIdentifier') return;
        for (const [stored, given] of [[node.left, node.right], [node.right, node.left]] as const) {
          if (!isStoredPassword(stored, context)) continue;
          if (isRawPassword(given, context)) {
            context.report({ node, messageId: 'comparedPlaintext', data: { stored: context.getText(stored), source: sourceOf(given) } });
            return;
          }
          if (isPasswordParameter(given, context)) {
            context.report({ node, messageId: 'comparedPlaintext', data: { stored: context.getText(stored), source: `the parameter \`${context.getText(given)}\`` }, severity: 'warning', confidence: 'medium' });
            return;
          }
        }
      },
    };
  },
});
