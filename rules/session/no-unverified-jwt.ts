// Flags jsonwebtoken calls that let a forged token through: `verify` without an `algorithms`
// allowlist or with 'none' in it, `sign` with algorithm 'none', and `decode` (which checks no
// signature) whose claims decide access in a function that never verifies. Fixes pin the algorithm
// and turn `decode` into `verify` when the file shows which key to verify with.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { dottedName, propertyName, type TextEdit, defineRule, type FixProposal, type FlowValue, type RuleContext, enclosingFunction, isFunctionNode, keyNameOf, mentionsName, unwrap } from '../../server/src/engine/api';
import { moduleRefOf, withoutNodePrefix } from '../util/moduleRefs';
import { appendProperties, assembleOptions, findProperty, optionsLiteralOf } from '../util/objectLiterals';

const JWT_MODULE = 'jsonwebtoken';
/** Key expressions that name an asymmetric key: verify with RS256 rather than HS256. */
const ASYMMETRIC_KEY = /public|\bpub\b|pubkey|cert|pem|jwks|spki|x509|getKey|getSigningKey|secretOrPublicKey|private|rsa/i;
/** Claims whose comparison is an access decision. */
const REQUEST_HOLDERS = /^(req|request|ctx|context|res\.locals|ctx\.state|socket|event)(\.|$)/;
/** Module-level names or environment variables that hold the JWT key. */
const KEY_NAME = /(jwt|token|auth|signing|access)[_-]?(secret|key)|^secret$|^secretkey$|public[_-]?key/i;
/** Methods whose call on a claim asks a question about it (`roles.includes('admin')`). */
const QUESTION_METHODS = new Set(['includes', 'indexOf', 'some', 'every', 'has', 'startsWith', 'endsWith']);
const EQUALITY = new Set(['===', '==', '!==', '!=']);
/** Registered claims and header fields that say where a token comes from or when it expires, not what it may do. */
const NON_GRANTING_CLAIMS = new Set(['iss', 'exp', 'iat', 'nbf', 'header', 'kid', 'alg', 'typ']);

type JwtFunction = 'verify' | 'decode' | 'sign' | 'jose-decode' | 'simple-decode' | 'express-jwt' | 'nest-decode';

/** jose's functions that read a token without checking its signature. */
const JOSE_DECODERS = new Set(['decodeJwt', 'decodeProtectedHeader', 'UnsecuredJWT.decode']);

/**
 * `this.jwtService.decode(token)` where the class receives `jwtService: JwtService` of @nestjs/jwt
 * (constructor injection, or a field typed so): NestJS's wrapper of jsonwebtoken's `decode`.
 */
function isNestJwtDecode(call: TSESTree.CallExpression, context: RuleContext): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'decode') return false;
  const holder = unwrap(callee.object);
  if (holder.type !== 'MemberExpression' || unwrap(holder.object).type !== 'ThisExpression') return false;
  const field = propertyName(holder);
  let node: TSESTree.Node | undefined = call;
  while (node && node.type !== 'ClassBody') node = context.getParent(node);
  if (!node || !field) return false;
  const typed: (TSESTree.TypeNode | undefined)[] = [];
  for (const member of node.body) {
    if (member.type === 'PropertyDefinition' && keyNameOf(member) === field) typed.push(member.typeAnnotation?.typeAnnotation);
    if (member.type !== 'MethodDefinition' || member.kind !== 'constructor') continue;
    for (const param of member.value.params) {
      const inner = param.type === 'TSParameterProperty' ? param.parameter : undefined;
      if (inner?.type === 'Identifier' && inner.name === field) typed.push(inner.typeAnnotation?.typeAnnotation);
    }
  }
  return typed.some((type) => {
    if (type?.type !== 'TSTypeReference' || type.typeName.type !== 'Identifier') return false;
    const binding = context.imports.bindingFor(type.typeName.name);
    return !!binding && withoutNodePrefix(binding.module) === '@nestjs/jwt' && (binding.imported ?? type.typeName.name) === 'JwtService';
  });
}

/** Which function of jsonwebtoken, jose, jwt-simple, express-jwt or @nestjs/jwt a call is, if any. */
function jwtFunctionOf(call: TSESTree.CallExpression, context: RuleContext): JwtFunction | undefined {
  if (isNestJwtDecode(call, context)) return 'nest-decode';
  const imported = moduleRefOf(call.callee, context);
  if (!imported) return undefined;
  const module = withoutNodePrefix(imported.specifier);
  const path = imported.path[0] === 'default' ? imported.path.slice(1) : imported.path;
  if (module === 'jose') return JOSE_DECODERS.has(path.join('.')) ? 'jose-decode' : undefined;
  if (module === 'jwt-simple') return path.length === 1 && path[0] === 'decode' ? 'simple-decode' : undefined;
  // express-jwt 7 exports `expressjwt`; earlier versions export the middleware factory itself.
  if (module === 'express-jwt') return path.length === 0 || (path.length === 1 && path[0] === 'expressjwt') ? 'express-jwt' : undefined;
  if (module !== JWT_MODULE || path.length !== 1) return undefined;
  return path[0] === 'verify' || path[0] === 'decode' || path[0] === 'sign' ? path[0] : undefined;
}

function algorithmFor(key: TSESTree.Node | undefined, context: RuleContext): 'HS256' | 'RS256' {
  if (!key) return 'HS256';
  const inner = unwrap(key);
  // A function key is a JWKS lookup, which serves public keys.
  if (isFunctionNode(inner)) return 'RS256';
  return ASYMMETRIC_KEY.test(context.getText(inner)) ? 'RS256' : 'HS256';
}

function isNoneLiteral(node: TSESTree.Node | null): boolean {
  return !!node && node.type === 'Literal' && typeof node.value === 'string' && node.value.toLowerCase() === 'none';
}

/** The text of a call's callee, for messages: `jwt.verify`, `verify`. */
function calleeText(call: TSESTree.CallExpression, context: RuleContext): string {
  return context.getText(call.callee).replace(/\s+/g, '');
}

/**
 * How the result of `jwt.decode(...)` is used to decide access in `scope`: compared, tested, asked
 * about (`roles.includes`), or stored as the request's user. Returns the node of the first such use.
 */
function authorizationUse(decodeCall: TSESTree.CallExpression, context: RuleContext): { node: TSESTree.Node; how: string; token?: FlowValue } | undefined {
  const starts: TSESTree.Node[] = [];
  const parent = context.getParent(decodeCall);
  const holder = parent && (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression') ? context.getParent(parent) : parent;
  if (holder?.type === 'VariableDeclarator') {
    const targets: TSESTree.Identifier[] = [];
    if (holder.id.type === 'Identifier') targets.push(holder.id);
    else if (holder.id.type === 'ObjectPattern') {
      for (const property of holder.id.properties) {
        const value = property.type === 'Property' ? (property.value.type === 'AssignmentPattern' ? property.value.left : property.value) : undefined;
        if (value?.type === 'Identifier') targets.push(value);
      }
    }
    for (const target of targets) {
      for (const reference of context.flow.variableOf(target)?.references ?? []) {
        if (reference.identifier !== target) starts.push(reference.identifier);
      }
    }
  } else {
    starts.push(decodeCall);
  }
  for (const start of starts) {
    const use = useOf(start, context);
    if (use) return use;
  }
  return returnedAsIdentity(decodeCall, starts, context);
}

/** Where page scripts read a token from; a browser helper decoding it decides nothing on a server. */
const BROWSER_SOURCE = /^(window\.|self\.)?(location|document|localStorage|sessionStorage)\b/;

/**
 * `return jwt.decode(tokenFromTheRequest)`, or its claims: a helper such as `currentUser(ctx)` that
 * reads the token from the request and hands the unverified claims to its callers as who is asking.
 */
function returnedAsIdentity(decodeCall: TSESTree.CallExpression, starts: TSESTree.Node[], context: RuleContext): { node: TSESTree.Node; how: string; token: FlowValue } | undefined {
  const token = decodeCall.arguments[0];
  if (!token || token.type === 'SpreadElement') return undefined;
  const value = context.flow.valueOf(token);
  if (value.origin !== 'tainted' || BROWSER_SOURCE.test(value.source?.description ?? '')) return undefined;
  for (const start of starts) {
    let node: TSESTree.Node = start;
    let parent = context.getParent(node);
    while (parent && (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'ChainExpression')) {
      node = parent;
      parent = context.getParent(node);
    }
    if (parent?.type === 'ReturnStatement' || (parent?.type === 'ArrowFunctionExpression' && parent.body === node)) {
      return { node: parent, how: 'are returned to the callers as the identity of the request', token: value };
    }
  }
  return undefined;
}

/** Where the decoded token enters from the request (`req.headers.authorization`), when the flow shows it. */
function requestEntryOf(decodeCall: TSESTree.CallExpression, context: RuleContext): { node: TSESTree.Node; message: string } | undefined {
  const token = decodeCall.arguments[0];
  if (!token || token.type === 'SpreadElement') return undefined;
  const value = context.flow.valueOf(token);
  const source = value.source;
  if (value.origin !== 'tainted' || !source || BROWSER_SOURCE.test(source.description)) return undefined;
  return { node: source.node, message: `${source.description} enters here` };
}

/** Climbs from a claim reference to what is done with it. */
function useOf(start: TSESTree.Node, context: RuleContext): { node: TSESTree.Node; how: string } | undefined {
  let node = start;
  let depth = 0;
  for (let parent = context.getParent(node); parent; parent = context.getParent(node)) {
    if (parent.type === 'MemberExpression' && parent.object === node) {
      // Issuer, times and header fields route a token to its verifier or tell when it expires; they grant nothing.
      if (depth === 0 && NON_GRANTING_CLAIMS.has(propertyName(parent) ?? '')) return undefined;
      node = parent;
      depth++;
      continue;
    }
    if (parent.type === 'ChainExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSAsExpression') {
      node = parent;
      continue;
    }
    break;
  }
  const parent = context.getParent(node);
  if (!parent) return undefined;
  if (parent.type === 'BinaryExpression' && EQUALITY.has(parent.operator)) return { node: parent, how: 'decide access here' };
  if (parent.type === 'CallExpression' && parent.callee === node && node.type === 'MemberExpression' && QUESTION_METHODS.has(propertyName(node) ?? '')) {
    return { node: parent, how: 'decide access here' };
  }
  if (depth > 0 && isBranchCondition(node, context)) return { node, how: 'decide access here' };
  if (parent.type === 'AssignmentExpression' && parent.right === node) {
    const target = dottedName(parent.left);
    if (target && REQUEST_HOLDERS.test(target)) return { node: parent, how: `become \`${target}\`` };
  }
  return undefined;
}

/** Whether `node` decides a branch: an `if`/`?:`/loop test, possibly inside `!`, `&&` and `||`. */
function isBranchCondition(node: TSESTree.Node, context: RuleContext): boolean {
  let current = node;
  let parent = context.getParent(current);
  while (parent && (parent.type === 'LogicalExpression' || (parent.type === 'UnaryExpression' && parent.operator === '!'))) {
    current = parent;
    parent = context.getParent(current);
  }
  if (!parent) return false;
  return (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression' || parent.type === 'WhileStatement') && parent.test === current;
}

/** Whether the function (or the module) makes any call named like a verification. */
function verifiesSomewhere(scope: TSESTree.Node): boolean {
  const stack: TSESTree.Node[] = [scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (name && /verify/i.test(name)) return true;
    }
    for (const key of visitorKeys[node.type as keyof typeof visitorKeys] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === 'object' && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      }
    }
  }
  return false;
}

export default defineRule({
  id: 'session/no-unverified-jwt',
  meta: {
    title: 'JWT accepted without a verified signature and algorithm',
    checklist:
      "Every JWT that grants access is checked with `jwt.verify(token, key, { algorithms: [...] })` naming the algorithms the server issues; `jwt.decode` results never decide access, and no token is signed or accepted with the algorithm 'none'.",
    rationale:
      "A JWT is only as trustworthy as the signature check: `jwt.decode` checks nothing, so anyone can write `\"role\": \"admin\"` into a token; a verifier that lets the token's header pick the algorithm can be fooled with 'none' or with a public key used as an HMAC secret.",
    severity: 'error',
    securitySeverity: '8.1',
    confidence: 'medium',
    cwe: ['CWE-347', 'CWE-327'],
    owasp: ['A02:2021-Cryptographic Failures', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/347.html',
      'https://cwe.mitre.org/data/definitions/327.html',
      'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
      'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback',
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.1',
      'https://github.com/panva/jose/blob/main/docs/util/decode_jwt/functions/decodeJwt.md',
      'https://github.com/auth0/express-jwt#required-parameters',
    ],
    frameworks: ['jsonwebtoken', 'jose', 'jwt-simple', 'express-jwt', '@nestjs/jwt'],
    fix: 'suggestion',
    messages: {
      missingAlgorithms: '`{{call}}` has no `algorithms` list, so the token header chooses how it is checked; pin the algorithm the server issues with `algorithms: [\'{{algorithm}}\']`.',
      noneAccepted: "`{{call}}` accepts unsigned tokens ('none' in `algorithms`); allow only the algorithms the server signs with.",
      noneSigned: "`{{call}}` issues unsigned tokens (`algorithm: 'none'`) that anyone can forge; sign with {{algorithm}} and a key.",
      decodedForAccess: '`{{call}}` does not check the signature, yet its claims {{use}}; verify the token with `jwt.verify(token, key, { algorithms: [...] })`.',
      nestDecodedForAccess: '`{{call}}` does not check the signature, yet its claims {{use}}; call `verify` of the same JwtService, which checks the signature with the JwtModule key (name the `algorithms` in its `verifyOptions`).',
      joseDecodedForAccess: '`{{call}}` does not check the signature, yet its claims {{use}}; verify the token with jose\'s `jwtVerify(token, key, { algorithms: [...] })` and use its `payload`.',
      simpleNoVerify: "`{{call}}` is told to skip the signature check (`true` as jwt-simple's noVerify argument), so any forged token is accepted; pass `false` or leave it out.",
      verifySignature: 'Check the signature (`false` for noVerify)',
      pinAlgorithm: "Accept only {{algorithm}} (`algorithms: ['{{algorithm}}']`)",
      removeNone: "Remove 'none' from the accepted algorithms",
      signWith: 'Sign with {{algorithm}}',
      verifyInstead: 'Verify the signature with `{{key}}` (throws on a forged or expired token)',
      nestVerifyInstead: 'Call `verify` instead (throws on a forged or expired token)',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'act as any user or administrator on {asset} by forging a token with the claims I want, unsigned or signed with a key I know',
      harm: 'I use {asset} without any credentials',
      stride: ['S', 'T', 'E'],
      asset: 'every endpoint protected by JWT authentication',
      controls: [
        "Every token is checked with jwt.verify and an explicit algorithms list containing only the algorithm the server issues",
        'Claims decide access only after verification; jwt.decode is used for logging or display only',
        "No code signs or accepts tokens with the 'none' algorithm",
        "An automated security test sends a token with alg 'none', one with a changed role claim and one signed with the public key as HMAC secret, and all three are refused",
      ],
      likelihood: 3,
      impact: 3,
    },
    since: '0.1.0',
    // Every call is resolved through jsonwebtoken, jose, jwt-simple or express-jwt.
    requiresText: ['jsonwebtoken', 'jwt', 'jose'],
  },
  create(context) {
    const keyCandidates = new Set<string>();
    const decodes: TSESTree.CallExpression[] = [];

    function reportVerify(call: TSESTree.CallExpression): void {
      const key = call.arguments[1];
      if (!key || call.arguments.some((a) => a.type === 'SpreadElement')) return;
      const algorithm = algorithmFor(key, context);
      const third = call.arguments[2];
      const data = { call: calleeText(call, context), algorithm };
      if (!third || isFunctionNode(unwrap(third))) {
        const fix: FixProposal = { messageId: 'pinAlgorithm', data, kind: 'suggestion', edits: [{ start: key.range[1], end: key.range[1], text: `, { algorithms: ['${algorithm}'] }` }] };
        context.report({ node: call, messageId: 'missingAlgorithms', data, severity: 'warning', confidence: 'high', fixes: [fix] });
        return;
      }
      const literal = optionsLiteralOf(third, context);
      if (!literal) return;
      const algorithms = findProperty(literal.object, 'algorithms');
      if (!algorithms) {
        if (literal.object.properties.some((p) => p.type === 'SpreadElement')) return;
        const fixes: FixProposal[] = literal.inline ? [{ messageId: 'pinAlgorithm', data, kind: 'suggestion', edits: [appendProperties(literal.object, [`algorithms: ['${algorithm}']`], context)] }] : [];
        context.report({ node: unwrap(third), messageId: 'missingAlgorithms', data, severity: 'warning', confidence: 'high', fixes });
        return;
      }
      const list = unwrap(algorithms.value);
      if (list.type !== 'ArrayExpression' || !list.elements.some(isNoneLiteral)) return;
      const kept = list.elements.filter((e) => e && !isNoneLiteral(e)).map((e) => context.getText(e!));
      const text = `[${kept.length > 0 ? kept.join(', ') : `'${algorithm}'`}]`;
      const fixes: FixProposal[] = literal.inline ? [{ messageId: 'removeNone', kind: 'suggestion', edits: [{ start: list.range[0], end: list.range[1], text }] }] : [];
      context.report({ node: list.elements.find(isNoneLiteral)!, messageId: 'noneAccepted', data, severity: 'error', confidence: 'high', fixes });
    }

    /** `jwt.decode(token, key, true)` of jwt-simple: the third argument turns verification off. */
    function reportSimpleDecode(call: TSESTree.CallExpression): void {
      const flag = call.arguments[2];
      if (!flag || flag.type !== 'Literal' || flag.value !== true) return;
      const fix: FixProposal = { messageId: 'verifySignature', kind: 'suggestion', edits: [{ start: flag.range[0], end: flag.range[1], text: 'false' }] };
      context.report({ node: flag, messageId: 'simpleNoVerify', data: { call: calleeText(call, context) }, severity: 'error', confidence: 'high', fixes: [fix] });
    }

    /** express-jwt's middleware: `algorithms` is how it knows which signatures to accept. */
    function reportExpressJwt(call: TSESTree.CallExpression): void {
      const argument = call.arguments[0];
      if (!argument || argument.type === 'SpreadElement') return;
      const options = assembleOptions(argument, context);
      const secret = options.get('secret')?.value;
      const data = { call: calleeText(call, context), algorithm: algorithmFor(secret, context) };
      const algorithms = options.get('algorithms');
      if (!algorithms) {
        if (options.hasUnknown('')) return;
        const inline = unwrap(argument);
        const fixes: FixProposal[] = inline.type === 'ObjectExpression' ? [{ messageId: 'pinAlgorithm', data, kind: 'suggestion', edits: [appendProperties(inline, [`algorithms: ['${data.algorithm}']`], context)] }] : [];
        context.report({ node: inline, messageId: 'missingAlgorithms', data, severity: 'warning', confidence: 'high', fixes });
        return;
      }
      const list = unwrap(algorithms.value);
      const none = list.type === 'ArrayExpression' ? list.elements.find(isNoneLiteral) : undefined;
      if (none) context.report({ node: none, messageId: 'noneAccepted', data, severity: 'error', confidence: 'high', fixes: [] });
    }

    function reportSign(call: TSESTree.CallExpression): void {
      const options = call.arguments[2];
      if (!options || options.type === 'SpreadElement') return;
      const literal = optionsLiteralOf(options, context);
      const property = literal && findProperty(literal.object, 'algorithm');
      if (!property || !isNoneLiteral(property.value)) return;
      const key = call.arguments[1];
      const algorithm = key && key.type !== 'SpreadElement' ? algorithmFor(key, context) : 'HS256';
      // jsonwebtoken refuses to sign with a real algorithm and no key, so an empty key gets no rewrite.
      const keyless = !key || (key.type === 'Literal' && !key.value) || (key.type === 'Identifier' && key.name === 'undefined');
      const fixes: FixProposal[] = literal.inline && !keyless ? [{ messageId: 'signWith', data: { algorithm }, kind: 'suggestion', edits: [{ start: property.value.range[0], end: property.value.range[1], text: `'${algorithm}'` }] }] : [];
      context.report({ node: property, messageId: 'noneSigned', data: { call: calleeText(call, context), algorithm }, severity: 'error', confidence: 'high', fixes });
    }

    /** The key the file itself signs or verifies with, when there is exactly one symmetric one. */
    function knownKey(): string | undefined {
      const keys = [...keyCandidates];
      return keys.length === 1 && !ASYMMETRIC_KEY.test(keys[0]) ? keys[0] : undefined;
    }

    /** A module-level constant or environment variable named like the JWT key. */
    function namedKey(program: TSESTree.Program): string | undefined {
      const names = new Set<string>();
      for (const statement of program.body) {
        const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
        if (declaration?.type !== 'VariableDeclaration') continue;
        for (const d of declaration.declarations) if (d.id.type === 'Identifier' && KEY_NAME.test(d.id.name) && !ASYMMETRIC_KEY.test(d.id.name)) names.add(d.id.name);
      }
      if (names.size === 0) {
        for (const match of context.sourceText.matchAll(/\bprocess\.env\.([A-Z0-9_]+)/g)) if (KEY_NAME.test(match[1]) && !ASYMMETRIC_KEY.test(match[1])) names.add(`process.env.${match[1]}`);
      }
      return names.size === 1 ? [...names][0] : undefined;
    }

    function verifyFix(call: TSESTree.CallExpression, program: TSESTree.Program): FixProposal | undefined {
      if (call.arguments.length !== 1 || call.arguments[0].type === 'SpreadElement') return undefined;
      const key = knownKey() ?? namedKey(program);
      if (!key) return undefined;
      const edits: TextEdit[] = [];
      const callee = unwrap(call.callee);
      if (callee.type === 'MemberExpression' && !callee.computed) {
        edits.push({ start: callee.property.range[0], end: callee.property.range[1], text: 'verify' });
      } else {
        const verify = context.imports.ensureNamed(JWT_MODULE, 'verify');
        if (verify.edits.length > 0 && mentionsName(context, 'verify')) return undefined;
        edits.push(...verify.edits, { start: callee.range[0], end: callee.range[1], text: verify.expression });
      }
      const token = call.arguments[0];
      edits.push({ start: token.range[1], end: token.range[1], text: `, ${key}, { algorithms: ['HS256'] }` });
      return { messageId: 'verifyInstead', data: { key }, kind: 'suggestion', edits };
    }

    function nestVerifyFix(call: TSESTree.CallExpression): FixProposal | undefined {
      const callee = unwrap(call.callee) as TSESTree.MemberExpression;
      if (callee.computed || call.arguments.length !== 1) return undefined;
      return { messageId: 'nestVerifyInstead', kind: 'suggestion', edits: [{ start: callee.property.range[0], end: callee.property.range[1], text: 'verify' }] };
    }

    return {
      CallExpression(call) {
        const fn = jwtFunctionOf(call, context);
        if (!fn) return;
        const key = call.arguments[1];
        if ((fn === 'sign' || fn === 'verify') && key && key.type !== 'SpreadElement' && !isFunctionNode(unwrap(key))) keyCandidates.add(context.getText(key));
        if (fn === 'verify') reportVerify(call);
        else if (fn === 'sign') reportSign(call);
        else if (fn === 'simple-decode') reportSimpleDecode(call);
        else if (fn === 'express-jwt') reportExpressJwt(call);
        else decodes.push(call);
      },
      'Program:exit'(program) {
        for (const call of decodes) {
          const scope = enclosingFunction(call, context) ?? program;
          if (verifiesSomewhere(scope)) continue;
          const use = authorizationUse(call, context);
          if (!use) continue;
          const fn = jwtFunctionOf(call, context);
          const jose = fn === 'jose-decode';
          // JwtService's own `verify` knows the module's key and options, so that is the fix to write.
          const fix = jose ? undefined : fn === 'nest-decode' ? nestVerifyFix(call) : verifyFix(call, program);
          const entry = requestEntryOf(call, context);
          context.report({
            node: call,
            messageId: jose ? 'joseDecodedForAccess' : fn === 'nest-decode' ? 'nestDecodedForAccess' : 'decodedForAccess',
            data: { call: calleeText(call, context), use: use.how },
            severity: 'error',
            // A token read from the request (a header, a cookie) is written by whoever sends it, so
            // the forgery needs no foothold: only where the token comes from was in doubt.
            confidence: entry ? 'high' : 'medium',
            related: [...(entry ? [entry] : []), { node: use.node, message: 'the unverified claims are used here' }],
            fixes: fix ? [fix] : [],
            // A helper handing back the claims of the token it was given (`peek(token)`) is reported
            // only where request input reaches it; the token's value lets a module summary carry that
            // to a caller in another file.
            ...(use.token ? { taint: use.token } : {}),
          });
        }
      },
    };
  },
});
