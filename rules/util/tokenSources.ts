// Where the value of a would-be secret comes from: which predictable generators (Math.random,
// clocks, counters, time-based UUIDs, shortid, pseudoRandomBytes) feed it, followed through string
// building, arithmetic, local variables, local helper functions and inline callbacks. Each source
// also names the expression a fix can replace to cut it out of the value.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, propertyName, type RuleContext, isFunctionNode, returnedExpressions, unwrap, type FunctionNode } from '../../server/src/engine/api';
import { moduleRefOf, withoutNodePrefix } from './moduleRefs';

export type WeakKind = 'math-random' | 'time' | 'counter' | 'uuid-v1' | 'pseudo-random-bytes' | 'shortid';

export interface WeakSource {
  /** The generator call, clock read or increment. */
  node: TSESTree.Node;
  kind: WeakKind;
  /**
   * The expression whose replacement cuts this source out of the value: the value itself when the
   * source is written inline, the initialiser of the one variable it comes through, or the single
   * return of a helper. Undefined when no single place can be named.
   */
  site: TSESTree.Node | undefined;
}

export interface TokenOrigin {
  weak: WeakSource[];
  /** A cryptographic generator feeds the value too, so its predictable parts add no weakness. */
  mixedWithStrong: boolean;
}

/** Calls whose result is unpredictable (CSPRNG-backed) or keyed by a server secret. */
const STRONG_CALLS = new Set([
  'randomBytes', 'randomUUID', 'getRandomValues', 'randomInt', 'randomFill', 'randomFillSync', 'createHmac', 'nanoid',
  'customAlphabet', 'v4', 'uuidv4', 'uid', 'cryptoRandomString', 'generateSecret',
]);
/** Methods whose arguments (or callback results) become part of their result. */
const ARGUMENT_METHODS = new Set([
  'charAt', 'charCodeAt', 'codePointAt', 'at', 'concat', 'padStart', 'padEnd', 'update', 'replace', 'replaceAll', 'from', 'map',
  'flatMap', 'fill', 'fromCharCode', 'fromCodePoint', 'floor', 'round', 'ceil', 'trunc', 'abs', 'min', 'max', 'pow',
]);
/** Global functions whose result is computed from their arguments. */
const ARGUMENT_FUNCTIONS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'BigInt', 'btoa', 'encodeURIComponent', 'encodeURI', 'escape']);
/** Operators whose result carries the predictability of their operands (comparisons do not). */
const VALUE_OPERATORS = new Set(['+', '-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
const MAX_DEPTH = 24;

function isGlobal(identifier: TSESTree.Node, context: RuleContext): boolean {
  if (identifier.type !== 'Identifier') return false;
  const variable = context.flow.variableOf(identifier);
  return !variable || variable.defs.length === 0;
}

/** The predictable generator this call is, if any. */
export function weakCallKind(call: TSESTree.CallExpression, context: RuleContext): WeakKind | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression') {
    const method = propertyName(callee);
    const receiver = unwrap(callee.object);
    const owner = dottedName(receiver);
    if (method === 'random' && owner === 'Math' && isGlobal(receiver, context)) return 'math-random';
    if (method === 'now' && (owner === 'Date' || owner === 'performance') && isGlobal(receiver, context)) return 'time';
    if ((owner === 'process' && method === 'hrtime') || (owner === 'process.hrtime' && method === 'bigint')) return 'time';
    if (method === 'pseudoRandomBytes') return 'pseudo-random-bytes';
  }
  const imported = moduleRefOf(callee, context);
  if (!imported) return undefined;
  const module = withoutNodePrefix(imported.specifier);
  const last = imported.path[imported.path.length - 1];
  if ((module === 'uuid' || module === 'node-uuid') && last === 'v1' && imported.path.length === 1) return 'uuid-v1';
  if (module === 'uuid/v1' && imported.path.length === 0) return 'uuid-v1';
  if (module === 'shortid' && (imported.path.length === 0 || (imported.path.length === 1 && last === 'generate'))) return 'shortid';
  if (module === 'crypto' && imported.path.length === 1 && (last === 'pseudoRandomBytes' || last === 'prng' || last === 'rng')) return 'pseudo-random-bytes';
  return undefined;
}

function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  // customAlphabet(alphabet, 21)() from nanoid
  if (callee.type === 'CallExpression') return calleeName(callee);
  return undefined;
}

/**
 * `tokenProvider.createVerificationHash(code, token, time)`, `jwt.sign(claims, secret)`: a method
 * that derives a value from several inputs, named as a hash, HMAC or signature. A timestamp fed to
 * it or shown beside it is a public part (an expiry), not what makes the result unguessable.
 */
function isKeyedDerivation(call: TSESTree.CallExpression, name: string): boolean {
  if (unwrap(call.callee).type !== 'MemberExpression' || call.arguments.length < 2) return false;
  return name === 'sign' || /[a-z0-9](Hash|Hmac|HMAC|Signature)$/.test(name);
}

function within(inner: TSESTree.Node, outer: TSESTree.Node | undefined): boolean {
  return !!outer && outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** A loop's own counter (`for (let i = 0; ...; i++)`) is an index, not an id. */
function isLoopVariable(identifier: TSESTree.Identifier, context: RuleContext): boolean {
  const def = context.flow.variableOf(identifier)?.defs[0];
  if (!def || def.type !== 'Variable') return false;
  const declaration = context.getParent(def.node);
  const loop = declaration && context.getParent(declaration);
  return !!loop && (loop.type === 'ForStatement' || loop.type === 'ForInStatement' || loop.type === 'ForOfStatement');
}

/** The function a call runs when it is declared in this file: `function makeId() {}` or `const makeId = () => ...`. */
function localFunction(callee: TSESTree.Identifier, context: RuleContext): FunctionNode | undefined {
  const variable = context.flow.variableOf(callee);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type === 'FunctionName' && isFunctionNode(def.node)) return def.node;
  if (def.type !== 'Variable') return undefined;
  const writes = context.flow.assignmentsOf(callee);
  const init = writes.length === 1 ? unwrap(writes[0]) : undefined;
  return init && isFunctionNode(init) ? init : undefined;
}

/** The single plain write of a variable (`const id = ...` or `id = ...`), the one place a fix can change it. */
function singlePlainWrite(identifier: TSESTree.Identifier, context: RuleContext): TSESTree.Node | undefined {
  const variable = context.flow.variableOf(identifier);
  if (!variable) return undefined;
  const writes = variable.references.filter((r) => r.isWrite());
  if (writes.length !== 1 || writes[0].isReadWrite() || !writes[0].writeExpr) return undefined;
  const parent = context.getParent(writes[0].identifier);
  const plain = (parent?.type === 'VariableDeclarator' && parent.init === writes[0].writeExpr) ||
    (parent?.type === 'AssignmentExpression' && parent.right === writes[0].writeExpr);
  return plain ? (writes[0].writeExpr) : undefined;
}

/** Which predictable sources feed `value`, and whether a cryptographic one does too. */
export function tokenOrigin(value: TSESTree.Node, context: RuleContext): TokenOrigin {
  const weak: WeakSource[] = [];
  let mixedWithStrong = false;
  const seen = new Set<TSESTree.Node>();

  const visitAll = (nodes: readonly (TSESTree.Node | null)[], site: TSESTree.Node | undefined, depth: number) => {
    for (const node of nodes) if (node) visit(node.type === 'SpreadElement' ? node.argument : node, site, depth);
  };
  const visitCallback = (fn: FunctionNode, site: TSESTree.Node | undefined, depth: number) => visitAll(returnedExpressions(fn), site, depth + 1);

  function visit(raw: TSESTree.Node, site: TSESTree.Node | undefined, depth: number): void {
    if (depth > MAX_DEPTH || seen.has(raw) || mixedWithStrong) return;
    seen.add(raw);
    const node = unwrap(raw);
    switch (node.type) {
      case 'CallExpression':
        visitCall(node, site, depth);
        return;
      case 'NewExpression':
        if (node.arguments.length === 0 && dottedName(node.callee) === 'Date' && isGlobal(unwrap(node.callee), context)) weak.push({ node, kind: 'time', site });
        return;
      case 'UpdateExpression': {
        const target = unwrap(node.argument);
        if (target.type === 'Identifier' && isLoopVariable(target, context)) return;
        if (target.type === 'Identifier' || target.type === 'MemberExpression') weak.push({ node, kind: 'counter', site });
        return;
      }
      case 'Identifier':
        visitIdentifier(node, site, depth);
        return;
      case 'MemberExpression':
        visit(node.object, site, depth + 1);
        if (node.computed) visit(node.property, site, depth + 1);
        return;
      case 'TemplateLiteral':
        visitAll(node.expressions, site, depth + 1);
        return;
      case 'BinaryExpression':
        if (VALUE_OPERATORS.has(node.operator)) visitAll([node.left, node.right], site, depth + 1);
        return;
      case 'UnaryExpression':
        if (node.operator === '+' || node.operator === '-' || node.operator === '~') visit(node.argument, site, depth + 1);
        return;
      case 'LogicalExpression':
        visitAll([node.left, node.right], site, depth + 1);
        return;
      case 'ConditionalExpression':
        visitAll([node.consequent, node.alternate], site, depth + 1);
        return;
      case 'ArrayExpression':
        visitAll(node.elements, site, depth + 1);
        return;
      case 'SequenceExpression':
        visit(node.expressions[node.expressions.length - 1], site, depth + 1);
        return;
      case 'AssignmentExpression':
        visit(node.right, site, depth + 1);
        return;
      default:
        return;
    }
  }

  function visitCall(node: TSESTree.CallExpression, site: TSESTree.Node | undefined, depth: number): void {
    const kind = weakCallKind(node, context);
    if (kind) {
      weak.push({ node, kind, site });
      return;
    }
    const callee = unwrap(node.callee);
    if (callee.type === 'Identifier') {
      const fn = localFunction(callee, context);
      if (fn) {
        const returns = returnedExpressions(fn);
        // `const sid = newId()`: a helper with one return is the place to fix.
        const helperSite = within(fn, site) ? site : site && unwrap(site) === node && returns.length === 1 ? returns[0] : undefined;
        visitAll(returns, helperSite, depth + 1);
        return;
      }
      if (ARGUMENT_FUNCTIONS.has(callee.name)) visitAll(node.arguments, site, depth + 1);
    }
    const name = calleeName(node);
    if (name && (STRONG_CALLS.has(name) || isKeyedDerivation(node, name))) {
      mixedWithStrong = true;
      return;
    }
    if (callee.type !== 'MemberExpression') return;
    visit(callee.object, site, depth + 1);
    const method = propertyName(callee);
    if (!method || !ARGUMENT_METHODS.has(method)) return;
    for (const arg of node.arguments) {
      const inner = unwrap(arg);
      if (isFunctionNode(inner)) visitCallback(inner, site, depth);
      else visit(arg.type === 'SpreadElement' ? arg.argument : arg, site, depth + 1);
    }
  }

  function visitIdentifier(node: TSESTree.Identifier, site: TSESTree.Node | undefined, depth: number): void {
    const variable = context.flow.variableOf(node);
    if (!variable || variable.defs.length === 0) return;
    const writes = variable.references.filter((r) => r.isWrite() && r.writeExpr);
    if (writes.length === 0) return;
    let next: TSESTree.Node | undefined;
    // A variable local to the replaced expression (a callback's `const r = ...`) goes with it.
    if (variable.defs.every((d) => within(d.name as TSESTree.Node, site))) next = site;
    // The whole value is one variable: fix where it is made, so every use gets the new value.
    else if (site && unwrap(site) === node) next = singlePlainWrite(node, context);
    for (const write of writes) visit(write.writeExpr as TSESTree.Node, write.isReadWrite() ? undefined : next, depth + 1);
  }

  visit(value, value, 0);
  return { weak: mixedWithStrong ? [] : weak, mixedWithStrong };
}

/** How a source reads in a message: `Math.random()`, `Date.now()`, the counter `nextId`. */
export function describeSource(source: WeakSource, context: RuleContext): string {
  const text = context.getText(source.node).replace(/\s+/g, ' ');
  if (source.kind === 'counter') {
    const target = (source.node as TSESTree.UpdateExpression).argument;
    return `the counter \`${context.getText(target)}\``;
  }
  if (source.kind === 'math-random') return '`Math.random()`';
  if (text.length <= 40) return `\`${text}\``;
  switch (source.kind) {
    case 'time':
      return 'the clock';
    case 'uuid-v1':
      return 'a time-based UUID (v1)';
    case 'pseudo-random-bytes':
      return '`crypto.pseudoRandomBytes()`';
    default:
      return '`shortid`';
  }
}
