// Flags secrets written into the source: session and cookie secrets, JWT, HMAC and cipher keys
// given as string literals (directly, through a constant, or as the fallback of an environment
// variable), values under secret names, and strings shaped like well-known tokens. The fix reads
// the value from `process.env.<NAME>` instead. Messages never repeat the secret.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, defineRule, propertyName, type FixProposal, type RuleContext, keyNameOf, storedName, unwrap, nameWords } from '../../server/src/engine/api';
import { moduleRefOf, withoutNodePrefix } from '../util/moduleRefs';
import { assembleOptions, findProperty } from '../util/objectLiterals';
import { isSecretHolderName } from '../util/sensitiveNames';

/** Call positions whose argument is a secret, by module export: [module, export path, argument index, what, env name]. */
const SECRET_ARGUMENTS: readonly [string, string, number, string, string][] = [
  ['jsonwebtoken', 'sign', 1, 'The JWT signing key', 'JWT_SECRET'],
  ['jsonwebtoken', 'verify', 1, 'The JWT verification key', 'JWT_SECRET'],
  ['crypto', 'createHmac', 1, 'The HMAC key', 'HMAC_KEY'],
  ['crypto', 'createCipheriv', 1, 'The encryption key', 'ENCRYPTION_KEY'],
  ['crypto', 'createDecipheriv', 1, 'The encryption key', 'ENCRYPTION_KEY'],
  ['cookie-parser', '', 0, 'The cookie-parser secret', 'COOKIE_SECRET'],
  ['jose', 'jwtVerify', 1, 'The JWT verification key', 'JWT_SECRET'],
  ['jwt-simple', 'encode', 1, 'The JWT signing key', 'JWT_SECRET'],
  ['jwt-simple', 'decode', 1, 'The JWT verification key', 'JWT_SECRET'],
];
/** Options properties that hold a secret, by the module whose call or constructor takes them. */
const SECRET_OPTIONS: readonly [string, string, string, string, string][] = [
  ['express-session', '', 'secret', 'The express-session secret', 'SESSION_SECRET'],
  ['cookie-session', '', 'secret', 'The cookie-session secret', 'SESSION_SECRET'],
  ['cookie-session', '', 'keys', 'The cookie-session key', 'SESSION_KEY'],
  ['express-jwt', 'expressjwt', 'secret', 'The express-jwt secret', 'JWT_SECRET'],
  ['express-jwt', '', 'secret', 'The express-jwt secret', 'JWT_SECRET'],
  ['passport-jwt', 'Strategy', 'secretOrKey', 'The passport-jwt key', 'JWT_SECRET'],
  ['@nestjs/jwt', 'JwtModule.register', 'secret', 'The JwtModule secret', 'JWT_SECRET'],
  ['@nestjs/jwt', 'JwtModule.register', 'privateKey', 'The JwtModule private key', 'JWT_PRIVATE_KEY'],
  ['@nestjs/jwt', 'JwtService', 'secret', 'The JwtService secret', 'JWT_SECRET'],
  ['koa-jwt', '', 'secret', 'The koa-jwt secret', 'JWT_SECRET'],
  ['@fastify/jwt', '', 'secret', 'The @fastify/jwt secret', 'JWT_SECRET'],
  ['@fastify/cookie', '', 'secret', 'The @fastify/cookie secret', 'COOKIE_SECRET'],
  ['@fastify/session', '', 'secret', 'The @fastify/session secret', 'SESSION_SECRET'],
];
/**
 * Passport strategies take the OAuth client secret (OAuth 2.0), the consumer secret (OAuth 1.0a) or
 * the JWT key in their options: any strategy class of a `passport-*` module, whatever its name.
 */
const STRATEGY_SECRETS: readonly [string, string, string][] = [
  ['clientSecret', 'The OAuth client secret', 'OAUTH_CLIENT_SECRET'],
  ['consumerSecret', 'The OAuth consumer secret', 'OAUTH_CONSUMER_SECRET'],
  ['secretOrKey', 'The passport-jwt key', 'JWT_SECRET'],
];
const STRATEGY_MODULE = /^(?:passport-[\w-]+|@[\w-]+\/passport-[\w-]+|@node-saml\/passport-saml|openid-client)$/;
/** Text every specifier STRATEGY_MODULE accepts contains. */
const STRATEGY_MODULE_TEXT = /passport-|openid-client/;
/** The modules SECRET_ARGUMENTS and SECRET_OPTIONS name, one of which a file must name for `checkCall` to match. */
const SECRET_MODULES = [...new Set([...SECRET_ARGUMENTS.map(([module]) => module), ...SECRET_OPTIONS.map(([module]) => module)])];
/** Methods that store a configuration value under a key: `config.set('jwtSecret', ...)`, `app.set('session secret', ...)`. */
const CONFIG_SETTERS = new Set(['set', 'put', 'setConfig', 'setValue']);
const PRIVATE_KEY_HEADER = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/**
 * A key block is a secret only when base64 follows its header. Forms and docs show the format with
 * the body elided (`MIIEv<...>Qc=`, `KEY DATA GOES HERE`, HTML line breaks), and those are hints.
 * PEM's optional `Name: value` lines (encrypted keys) may come first.
 */
function hasKeyMaterial(value: string): boolean {
  const header = PRIVATE_KEY_HEADER.exec(value);
  if (!header) return false;
  const rest = value.slice(header.index + header[0].length);
  const end = rest.indexOf('-----END');
  const body = (end < 0 ? rest : rest.slice(0, end)).replace(/^[\w-]+:.*$/gm, '');
  return /^[A-Za-z0-9+/=\s]*$/.test(body) && body.replace(/\s/g, '').length >= 16;
}
/** Token formats that are secrets wherever they appear: [description, env name, pattern]. */
const KNOWN_TOKENS: readonly [string, string, RegExp][] = [
  ['An AWS access key id', 'AWS_ACCESS_KEY_ID', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['A GitHub token', 'GITHUB_TOKEN', /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})\b/],
  ['A Slack token', 'SLACK_TOKEN', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['A Stripe secret key', 'STRIPE_SECRET_KEY', /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}\b/],
  ['An npm token', 'NPM_TOKEN', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['A private key', 'PRIVATE_KEY', PRIVATE_KEY_HEADER],
];
/** Values that stand for a secret without being one. */
const PLACEHOLDER = /^(?:x+|\*+|\.+|-+|<[^>]*>|\{\{.*\}\}|\$\{.*\}|%s|your[-_]\S*|change[-_]?me|replace[-_]?me|todo|fixme|null|undefined|none|secret|password|redacted|(?:example|sample|dummy|placeholder|fake)\S*)$/i;
/** Words under which an options object sits that add nothing to an environment variable's name. */
const GENERIC_PARENTS = new Set(['config', 'options', 'opts', 'settings', 'env', 'default', 'defaults', 'credentials', 'auth', 'secrets']);

interface Candidate {
  literal: TSESTree.Node;
  /** What to replace: the literal, or `process.env.X || 'literal'` as a whole. */
  replace: TSESTree.Node;
  /** The expression that stays when a fallback is dropped (`process.env.X`). */
  keep?: string;
  what: string;
  env: string;
  kind: 'api' | 'token' | 'name';
  /** Reported but not rewritten: one key of a rotation list, or a token inside a longer string. */
  noRewrite: boolean;
  /** The literals that hold the value: the literal itself, or each part of a `'a' + 'b'` chain. */
  parts?: TSESTree.Node[];
  /** The call that uses the secret, when it is not where the literal is written. */
  sink?: TSESTree.Node;
}

/** The literal strings a secret position holds: a literal, a constant assigned once, a fallback, or a list of them. */
function secretLiterals(node: TSESTree.Node, context: RuleContext, depth = 0): Omit<Candidate, 'what' | 'env' | 'kind'>[] {
  if (depth > 3) return [];
  const inner = unwrap(node);
  if ((inner.type === 'Literal' && typeof inner.value === 'string') || (inner.type === 'TemplateLiteral' && inner.expressions.length === 0)) {
    return [{ literal: inner, replace: inner, noRewrite: false }];
  }
  const parts = literalChain(inner);
  if (parts) return [{ literal: inner, replace: inner, noRewrite: false, parts }];
  if (inner.type === 'LogicalExpression' && (inner.operator === '||' || inner.operator === '??')) {
    const left = dottedName(inner.left);
    const right = unwrap(inner.right);
    if (left?.startsWith('process.env.') && right.type === 'Literal' && typeof right.value === 'string') {
      return [{ literal: right, replace: inner, keep: context.getText(inner.left), noRewrite: false }];
    }
    return [];
  }
  if (inner.type === 'ArrayExpression') {
    const items = inner.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? secretLiterals(e, context, depth + 1) : []));
    return items.map((item) => ({ ...item, noRewrite: inner.elements.length > 1 }));
  }
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 ? secretLiterals(writes[0], context, depth + 1) : [];
  }
  // new TextEncoder().encode('...'), Buffer.from('...'), createSecretKey(Buffer.from('...')): the bytes of a literal.
  const bytes = keyBytesSource(inner);
  return bytes ? secretLiterals(bytes, context, depth + 1) : [];
}

function keyBytesSource(node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type !== 'CallExpression' || !node.arguments[0] || node.arguments[0].type === 'SpreadElement') return undefined;
  const callee = unwrap(node.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : undefined;
  if (name === 'createSecretKey') return node.arguments[0];
  if (callee.type !== 'MemberExpression') return undefined;
  const owner = unwrap(callee.object);
  if (name === 'from' && owner.type === 'Identifier' && owner.name === 'Buffer') return node.arguments[0];
  if (name === 'encode' && owner.type === 'NewExpression' && owner.callee.type === 'Identifier' && owner.callee.name === 'TextEncoder') return node.arguments[0];
  return undefined;
}

function stringValue(node: TSESTree.Node): string {
  if (node.type === 'Literal') return String(node.value);
  if (node.type === 'TemplateLiteral') return node.quasis[0].value.cooked ?? '';
  const parts = literalChain(node);
  return parts ? parts.map(stringValue).join('') : '';
}

/** The parts of `'a' + 'b' + ...` when every operand is a plain string literal; a secret split to hide it. */
function literalChain(node: TSESTree.Node): TSESTree.Node[] | undefined {
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return undefined;
  const parts: TSESTree.Node[] = [];
  const stack: TSESTree.Node[] = [node];
  while (stack.length > 0) {
    const current = unwrap(stack.pop()!);
    if (current.type === 'BinaryExpression' && current.operator === '+') stack.push(current.right, current.left);
    else if ((current.type === 'Literal' && typeof current.value === 'string') || (current.type === 'TemplateLiteral' && current.expressions.length === 0)) parts.push(current);
    else return undefined;
  }
  return parts;
}

/** Whether a string could be a real secret rather than a label, a name, a URL or a placeholder. */
function looksLikeSecret(value: string): boolean {
  if (value.length < 8 || /\s/.test(value) || PLACEHOLDER.test(value)) return false;
  if (/^[A-Z][A-Z0-9_]*$/.test(value) || /^[a-z]+(?:[-_.][a-z]+)+$/.test(value) || /^(?:https?:|urn:|\/|\.\/|\.\.\/|\[)/.test(value)) return false;
  // `a=b` is a selector or a query, not a key (base64 has '=' only as trailing padding).
  if (/=[^=]/.test(value)) return false;
  return /[0-9]/.test(value) || /[^A-Za-z0-9]/.test(value);
}

/** `apiKey` -> API_KEY; a bare `password` inside `db: { ... }` -> DB_PASSWORD. */
function envNameFor(name: string, holder: TSESTree.Node, context: RuleContext): string {
  const words = nameWords(name);
  const object = holder.type === 'Property' ? context.getParent(holder) : undefined;
  if (words.length === 1 && object) {
    const parent = context.getParent(object);
    const owner = parent?.type === 'Property' ? keyNameOf(parent) : parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    const prefix = owner ? nameWords(owner).filter((w) => !GENERIC_PARENTS.has(w)) : [];
    return [...prefix, ...words].join('_').toUpperCase();
  }
  return words.join('_').toUpperCase();
}

export default defineRule({
  id: 'session/no-hardcoded-secret',
  meta: {
    title: 'Secret written in the source code',
    checklist:
      'Session secrets, signing and encryption keys, passwords and API tokens are read from the environment or a secret manager at run time; none is written in the source code, not even as a fallback.',
    rationale:
      'Source code is copied to every developer laptop, CI runner, build log and backup, and often ends up public. A session secret or JWT key found there lets anyone sign a session cookie or token for any user; a password or API token found there opens the database or the paid service behind it.',
    severity: 'error',
    securitySeverity: '7.5',
    confidence: 'high',
    cwe: ['CWE-798'],
    owasp: ['A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/798.html',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
      'https://github.com/expressjs/session#secret',
    ],
    frameworks: ['express-session', 'cookie-session', 'cookie-parser', 'jsonwebtoken', 'jose', 'jwt-simple', 'express-jwt', 'passport', 'passport-jwt', '@nestjs/jwt', 'koa', 'node:crypto'],
    fix: 'suggestion',
    messages: {
      hardcoded: '{{what}} is written in the source code; read it from the environment (`{{env}}`) or a secret manager, and rotate the one that was committed.',
      fallback: '{{what}} falls back to a value written in the source code when `{{env}}` is not set; fail instead of running with a known secret.',
      useEnvironment: 'Read it from `{{expression}}`',
      dropFallback: 'Use `{{expression}}` without the built-in fallback',
    },
    abuserStory: {
      actor: 'anyone with a copy of the source code, such as a former contractor or a reader of a leaked repository',
      goal: 'take over {asset} with the secret written in the source code',
      harm: "I sign session cookies or tokens for any user, log into the database, or spend the company's paid API quota",
      stride: ['S', 'I', 'E'],
      asset: 'the secrets that protect sessions, tokens, data stores and third-party accounts',
      controls: [
        'Every secret is read from the environment or a secret manager, and the app refuses to start without it',
        'Secrets that were ever committed are rotated, and the repository history is treated as public',
        'A secret scanner runs on every push and blocks commits that contain credentials',
        'An automated check starts the app without its secrets configured and expects it to fail to start',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
    reportsTaint: false,
  },
  create(context) {
    const candidates: Candidate[] = [];

    function addAll(node: TSESTree.Node, what: string, env: string, kind: Candidate['kind'], sink?: TSESTree.Node): void {
      for (const found of secretLiterals(node, context)) {
        const value = stringValue(found.literal);
        // An empty secret is a different bug; a public key or certificate is not a secret at all.
        if (value === '' || /-----BEGIN (?:PUBLIC KEY|CERTIFICATE|RSA PUBLIC KEY)-----/.test(value)) continue;
        // Vendors' documented sample credentials (AWS's ...EXAMPLE keys) are placeholders.
        if (kind !== 'api' && /example/i.test(value)) continue;
        // Any fallback is a known secret the app runs with when the variable is missing.
        if (kind === 'name' && !found.keep && !looksLikeSecret(value)) continue;
        const away = sink && (found.literal.range[0] < sink.range[0] || found.literal.range[1] > sink.range[1]);
        candidates.push({ ...found, what, env, kind, sink: away ? sink : undefined });
      }
    }

    // A call is only judged by the module its callee comes from, and that module is named by a
    // literal specifier in this file: without one of them in the text, no call can match, and the
    // file is spared the scope analysis that resolving every callee would build.
    const namesSecretModule = SECRET_MODULES.some((module) => context.sourceText.includes(module)) || STRATEGY_MODULE_TEXT.test(context.sourceText);

    function checkCall(call: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (!namesSecretModule) return;
      const imported = moduleRefOf(call.callee, context);
      if (!imported) return;
      const path = imported.path.filter((p) => p !== 'default').join('.');
      const importedModule = withoutNodePrefix(imported.specifier);
      for (const [module, exported, index, what, env] of SECRET_ARGUMENTS) {
        const arg = call.arguments[index];
        if (importedModule === module && path === exported && arg && arg.type !== 'SpreadElement') addAll(arg, what, env, 'api', call);
      }
      const options = call.arguments[0] && call.arguments[0].type !== 'SpreadElement' ? call.arguments[0] : undefined;
      if (!options) return;
      if (call.type === 'NewExpression' && STRATEGY_MODULE.test(importedModule)) {
        const assembled = assembleOptions(options, context);
        for (const [key, what, env] of STRATEGY_SECRETS) {
          const value = assembled.get(key)?.value;
          if (value) addAll(value, what, env, 'api', call);
        }
      }
      for (const [module, exported, key, what, env] of SECRET_OPTIONS) {
        if (importedModule !== module || path !== exported) continue;
        // `{ secret }`, `{ ...base, secret }`, or `const opts = {}; opts.secret = '...'` before the call.
        // A literal written into the call's own options is committed even if a later spread overrides it.
        const inline = unwrap(options);
        const value = (inline.type === 'ObjectExpression' ? findProperty(inline, key)?.value : undefined) ?? assembleOptions(options, context).get(key)?.value;
        if (value) addAll(value, what, env, 'api', call);
      }
    }

    /** `await new SignJWT(claims).setProtectedHeader({ alg }).sign(key)` of jose. */
    function checkJoseSign(call: TSESTree.CallExpression): void {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'sign') return;
      const key = call.arguments[0];
      if (!key || key.type === 'SpreadElement') return;
      let root: TSESTree.Node = unwrap(callee.object);
      while (root.type === 'CallExpression' && unwrap(root.callee).type === 'MemberExpression') root = unwrap((unwrap(root.callee) as TSESTree.MemberExpression).object);
      if (root.type !== 'NewExpression') return;
      const ref = moduleRefOf(root.callee, context);
      if (ref && withoutNodePrefix(ref.specifier) === 'jose' && ref.path.join('.') === 'SignJWT') addAll(key, 'The JWT signing key', 'JWT_SECRET', 'api', call);
    }

    /**
     * `app.keys = ['...']` on a Koa application: the keys that sign every cookie set with
     * `{ signed: true }`, koa-session's included. (koa-session's own `key` option is the cookie's
     * name, not a secret.)
     */
    function checkKoaKeys(assignment: TSESTree.AssignmentExpression): void {
      const target = unwrap(assignment.left);
      if (target.type !== 'MemberExpression' || propertyName(target) !== 'keys') return;
      const app = unwrap(target.object);
      if (app.type !== 'Identifier') return;
      const def = context.flow.variableOf(app)?.defs[0];
      const init = def?.type === 'Variable' ? def.node.init : undefined;
      if (!init || init.type !== 'NewExpression') return;
      const ref = moduleRefOf(init.callee, context);
      if (ref && ref.module === 'koa' && ref.path.filter((p) => p !== 'default').length === 0) addAll(assignment.right, 'The Koa cookie signing key', 'COOKIE_KEYS', 'api', assignment);
    }

    /** `config.set('jwtSecret', 'literal')`: a secret registered under a secret's name. */
    function checkConfigSetter(call: TSESTree.CallExpression): void {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression' || call.arguments.length !== 2) return;
      const method = callee.property.type === 'Identifier' && !callee.computed ? callee.property.name : undefined;
      const key = call.arguments[0].type === 'Literal' && typeof call.arguments[0].value === 'string' ? call.arguments[0].value : undefined;
      if (!method || !CONFIG_SETTERS.has(method) || !key) return;
      // Headers and cookies are set with `set` too; their values are not configuration.
      if (/^(?:res|response|reply|ctx|headers|cookies|map|cache)$/i.test(dottedName(callee.object) ?? '')) return;
      checkNamed(key, call.arguments[1], call);
    }

    function checkNamed(name: string | undefined, value: TSESTree.Node | null | undefined, holder: TSESTree.Node): void {
      if (!name || !value || !isSecretHolderName(name)) return;
      addAll(value, `\`${name}\``, envNameFor(name, holder, context), 'name');
    }

    function report(candidate: Candidate, sinks: TSESTree.Node[]): void {
      const expression = candidate.keep ?? `process.env.${candidate.env}`;
      const env = candidate.keep ?? candidate.env;
      const fix: FixProposal | undefined = candidate.noRewrite
        ? undefined
        : { messageId: candidate.keep ? 'dropFallback' : 'useEnvironment', data: { expression }, kind: 'suggestion', edits: [{ start: candidate.replace.range[0], end: candidate.replace.range[1], text: expression }] };
      const confidence = candidate.kind === 'name' ? 'medium' : 'high';
      context.report({
        node: candidate.literal,
        messageId: candidate.keep ? 'fallback' : 'hardcoded',
        data: { what: candidate.what, env },
        severity: candidate.kind === 'name' ? 'warning' : 'error',
        confidence,
        // A vendor's token shape is a live credential whether it sits in a test or in production
        // code; other literals in tests are throw-away values, which the context policy lowers.
        sameInEveryContext: candidate.kind === 'token',
        fixes: fix ? [fix] : [],
        secrets: candidate.parts ?? [candidate.literal],
        // The literal is where the fix goes; every call that uses it is shown beside it.
        related: sinks.length > 0 ? sinks.map((node) => ({ node, message: `${candidate.what} is used here` })) : undefined,
      });
    }

    function checkToken(literal: TSESTree.Node, value: string, parts?: TSESTree.Node[]): void {
      for (const [what, env, pattern] of KNOWN_TOKENS) {
        if (!pattern.test(value) || /example/i.test(value)) continue;
        if (pattern === PRIVATE_KEY_HEADER && !hasKeyMaterial(value)) continue;
        // Only a literal that is the whole token can be replaced by the variable.
        const whole = pattern.exec(value)?.[0] === value;
        candidates.push({ literal, replace: literal, what, env, kind: 'token', noRewrite: !whole, parts });
        return;
      }
    }

    return {
      CallExpression(node) {
        checkCall(node);
        checkConfigSetter(node);
        checkJoseSign(node);
      },
      NewExpression: (node) => checkCall(node),
      VariableDeclarator(node) {
        const declarator = node as TSESTree.VariableDeclarator;
        if (declarator.id.type === 'Identifier') checkNamed(declarator.id.name, declarator.init, declarator);
      },
      AssignmentExpression(assignment) {
        if (assignment.operator !== '=') return;
        checkNamed(storedName(assignment.left), assignment.right, assignment);
        checkKoaKeys(assignment);
      },
      Property(node) {
        const property = node as TSESTree.Property;
        if (context.getParent(property)?.type === 'ObjectExpression' && property.kind === 'init') checkNamed(keyNameOf(property), property.value, property);
      },
      PropertyDefinition(node) {
        const field = node as TSESTree.PropertyDefinition;
        checkNamed(keyNameOf(field), field.value, field);
      },
      Literal(node) {
        const literal = node as TSESTree.Literal;
        if (typeof literal.value === 'string') checkToken(literal, literal.value);
      },
      TemplateLiteral(template) {
        // A key block is usually pasted into a template literal, for its line breaks.
        if (template.expressions.length === 0) checkToken(template, stringValue(template));
      },
      BinaryExpression(node) {
        // The whole chain once, from its top: `'AKIA' + '...'` is the token its parts spell.
        const parent = context.getParent(node);
        if (parent?.type === 'BinaryExpression' && parent.operator === '+') return;
        const parts = literalChain(node);
        if (parts && parts.length > 1) checkToken(node, stringValue(node), parts);
      },
      'Program:exit'() {
        // One finding per literal: the API position explains it best, then a token format, then a name.
        const rank = { api: 0, token: 1, name: 2 };
        const seen = new Set<TSESTree.Node>();
        const sinksOf = new Map<TSESTree.Node, TSESTree.Node[]>();
        for (const candidate of candidates) {
          if (!candidate.sink) continue;
          const sinks = sinksOf.get(candidate.literal) ?? [];
          if (!sinks.includes(candidate.sink)) sinks.push(candidate.sink);
          sinksOf.set(candidate.literal, sinks);
        }
        for (const candidate of [...candidates].sort((a, b) => rank[a.kind] - rank[b.kind] || a.literal.range[0] - b.literal.range[0])) {
          if (seen.has(candidate.literal)) continue;
          seen.add(candidate.literal);
          report(candidate, sinksOf.get(candidate.literal) ?? []);
        }
      },
    };
  },
});
