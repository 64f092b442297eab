// What a value escaped for SQL was before its escaping, so a rewrite can bind the value itself.
// Binding an escaped value sends the escape as data (`O''Brien` no longer matches `O'Brien`), and
// dropping a helper that also trims or escapes LIKE wildcards changes what the query finds. Each
// step of a helper is judged: quote escaping is dropped, everything else is kept, and a helper
// Rugged cannot read leaves the value unbound with a reason.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunctionNode, propertyName, type RuleContext, unwrap } from '../../server/src/engine/api';
import { calledMethod } from './mongoQueries';
import type { Unescaped } from './queryParts';
import { driverForReceiver } from './sqlDrivers';

/** Names that announce an escaping helper. */
export const HELPER_NAME = /escape|saniti[sz]e|clean|quote|^esc$|^sqlstr|^sqlsafe/i;
/** Characters whose presence in a pattern means it targets SQL quoting. */
export const QUOTE_CHARS = /['"]/;
/** Characters an escaping chain also handles on the way (backslashes, NUL, newlines, Ctrl-Z). */
export const ESCAPE_CHARS = /['"\\]|\\[0nrbtZ]|\\x1a|\\u001a/;
/** LIKE wildcards: a step escaping them changes what the pattern matches, so it is kept. */
const LIKE_CHARS = /[%_]/;

/** Methods that only reshape text; a helper may keep them when its quoting is dropped. */
const TEXT_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'normalize', 'slice', 'substring', 'substr', 'toString', 'replace', 'replaceAll']);

/** Modules and driver objects whose `escape(x)` returns x as a quoted SQL literal. */
const LITERAL_ESCAPERS: Record<string, ReadonlySet<string>> = {
  mysql: new Set(['escape']),
  mysql2: new Set(['escape']),
  sqlstring: new Set(['escape']),
  pg: new Set(['escapeLiteral']),
  'pg-format': new Set(['literal']),
  sequelize: new Set(['escape']),
};

export function patternTargets(node: TSESTree.Node | undefined, chars: RegExp): boolean {
  if (!node) return false;
  if (node.type === 'Literal' && 'regex' in node && node.regex) return chars.test(node.regex.pattern);
  return node.type === 'Literal' && typeof node.value === 'string' && chars.test(node.value);
}

/** `x.replace(/'/g, "''")`, `x.replaceAll("'", "\\'")`, `x.split("'").join("''")`, the quote handling of an escaping chain. */
export function isQuotingCall(node: TSESTree.Node, chars: RegExp = QUOTE_CHARS): node is TSESTree.CallExpression {
  if (node.type !== 'CallExpression') return false;
  const called = calledMethod(node);
  if (!called) return false;
  if (called.method === 'replace' || called.method === 'replaceAll') return node.arguments.length === 2 && patternTargets(node.arguments[0], chars);
  if (called.method !== 'join') return false;
  const receiver = unwrap(called.receiver);
  if (receiver.type !== 'CallExpression' || calledMethod(receiver)?.method !== 'split') return false;
  const separator = node.arguments[0];
  return patternTargets(receiver.arguments[0], chars) && !!separator && separator.type === 'Literal' && typeof separator.value === 'string' && separator.value.length > 0;
}

/** One call of a chain, from the value outwards: `.trim()`, `.replace(/'/g, "''")`. */
interface Step {
  call: TSESTree.CallExpression;
  method: string;
  /** Quote or backslash escaping, dropped when the value is bound. */
  quoting: boolean;
  /** Escapes LIKE wildcards: kept, and it keeps the backslash escaping its wildcards rely on. */
  like: boolean;
  backslashOnly: boolean;
}

/** The steps of a method chain rooted at `root` (a parameter or the value itself), or undefined when it is not one. */
function chainSteps(node: TSESTree.Node, isRoot: (n: TSESTree.Node) => boolean): { steps: Step[]; root: TSESTree.Node } | undefined {
  const steps: Step[] = [];
  let current = unwrap(node);
  for (let guard = 0; guard < 20; guard++) {
    if (isRoot(current)) return { steps: steps.reverse(), root: current };
    if (current.type === 'CallExpression' && current.callee.type === 'Identifier' && current.callee.name === 'String' && current.arguments.length === 1) {
      current = unwrap(current.arguments[0]);
      continue;
    }
    const called = current.type === 'CallExpression' ? calledMethod(current) : undefined;
    if (!called || current.type !== 'CallExpression') return undefined;
    const split = called.method === 'join' && unwrap(called.receiver).type === 'CallExpression' ? (unwrap(called.receiver) as TSESTree.CallExpression) : undefined;
    const pattern = split ? split.arguments[0] : current.arguments[0];
    // `[%_\\]` escapes LIKE wildcards and the escape character itself: a LIKE step, kept whole.
    const like = patternTargets(pattern, LIKE_CHARS);
    const quotes = patternTargets(pattern, QUOTE_CHARS);
    const quoting = isQuotingCall(current, ESCAPE_CHARS) && (quotes || !like);
    steps.push({ call: current, method: called.method, quoting, like, backslashOnly: quoting && !quotes });
    current = unwrap(split ? calledMethod(split)!.receiver : called.receiver);
  }
  return undefined;
}

/**
 * Rebuilds `argument` through the steps that are kept. Undefined when a step mixes quote and
 * wildcard escaping in one pattern, or is not a plain text method.
 */
function keptSteps(steps: Step[], argument: string, context: RuleContext): string | undefined {
  const keepsLike = steps.some((s) => s.like);
  let source = /^[\w$.]+$/.test(argument) ? argument : `(${argument})`;
  for (const step of steps) {
    // One pattern for quotes and wildcards: dropping it loses the wildcards, keeping it the quotes.
    if (step.quoting && step.like) return undefined;
    if (step.quoting && !(step.backslashOnly && keepsLike)) continue;
    if (step.method === 'join' || !TEXT_METHODS.has(step.method)) return undefined;
    const callee = step.call.callee as TSESTree.MemberExpression;
    source += context.sourceText.slice(callee.object.range[1], step.call.range[1]);
  }
  return source;
}

/** The function a local identifier names: a declaration, or a const holding a function expression. */
export function localFunction(callee: TSESTree.Identifier, context: RuleContext): TSESTree.FunctionLike | undefined {
  const variable = context.flow.variableOf(callee);
  for (const def of variable?.defs ?? []) {
    if (def.type === 'FunctionName' && isFunctionNode(def.node)) return def.node;
    if (def.type === 'Variable') {
      const init = def.node.init;
      const fn = init ? unwrap(init) : undefined;
      if (isFunctionNode(fn)) return fn;
    }
  }
  return undefined;
}

/** The one returned expression of `(s) => ...` or `function (s) { return ...; }`. */
function returnedExpression(fn: TSESTree.FunctionLike): TSESTree.Node | undefined {
  if (!fn.body) return undefined;
  if (fn.body.type !== 'BlockStatement') return fn.body;
  if (fn.body.body.length !== 1) return undefined;
  const only = fn.body.body[0];
  return only.type === 'ReturnStatement' && only.argument ? only.argument : undefined;
}

/** `"'" + chain + "'"` or `` `'${chain}'` ``: the chain inside the quotes a helper adds. */
function insideAddedQuotes(node: TSESTree.Node): TSESTree.Node | undefined {
  const inner = unwrap(node);
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 1) {
    const [open, close] = inner.quasis.map((q) => q.value.cooked);
    return open === "'" && close === "'" ? inner.expressions[0] : undefined;
  }
  if (inner.type !== 'BinaryExpression' || inner.operator !== '+') return undefined;
  const left = unwrap(inner.left);
  if (left.type !== 'BinaryExpression' || left.operator !== '+') return undefined;
  const isQuote = (n: TSESTree.Node) => n.type === 'Literal' && n.value === "'";
  return isQuote(unwrap(left.left)) && isQuote(unwrap(inner.right)) ? left.right : undefined;
}

const withheld = (why: string): Unescaped => ({ withheld: why });

/** A local helper `name(arg)`: its quoting dropped and the rest of its steps applied to `arg`. */
function unescapeLocalHelper(call: TSESTree.CallExpression, name: string, fn: TSESTree.FunctionLike, context: RuleContext): Unescaped | undefined {
  const param = fn.params[0];
  const returned = returnedExpression(fn);
  const argument = call.arguments[0];
  const unreadable = withheld(`\`${name}()\` escapes in a way Rugged cannot follow; binding its result would send the escaping as data, and dropping it could lose what else it does`);
  if (fn.params.length !== 1 || param.type !== 'Identifier' || !returned || !argument || argument.type === 'SpreadElement') return HELPER_NAME.test(name) ? unreadable : undefined;
  const quoted = insideAddedQuotes(returned);
  const body = quoted ?? returned;
  const chain = chainSteps(body, (n) => n.type === 'Identifier' && n.name === param.name);
  if (!chain) return HELPER_NAME.test(name) ? unreadable : undefined;
  if (!chain.steps.some((s) => s.quoting && !s.backslashOnly)) return quoted ? unreadable : undefined;
  const source = keptSteps(chain.steps, context.getText(argument), context);
  if (source === undefined) return withheld(`\`${name}()\` does more than escape quotes (LIKE wildcards or other rewriting in the same step); Rugged cannot keep one part and drop the other`);
  return { source, addsQuotes: !!quoted };
}

/**
 * What `node`, a value about to be bound, was before it was escaped for SQL text. Undefined when it
 * was not escaped (bind it as it is); a reason when it was and Rugged cannot undo it exactly.
 */
export function unescapeForBinding(node: TSESTree.Expression, context: RuleContext): Unescaped | undefined {
  const value = unwrap(node);
  if (value.type === 'Identifier') {
    // const safe = escape(name): the original is not at hand where the value is used.
    const escapedHere = context.flow.assignmentsOf(value).some((written) => {
      const freed = unescapeForBinding(written as TSESTree.Expression, context);
      return freed !== undefined;
    });
    return escapedHere ? withheld(`\`${value.name}\` holds a value escaped for SQL text; bind the value from before its escaping instead`) : undefined;
  }
  if (value.type !== 'CallExpression') return undefined;
  // x.trim().replace(/'/g, "''"): an inline chain on the value.
  if (chainHasQuoting(value)) {
    const chain = chainSteps(value, (n) => n.type !== 'CallExpression');
    if (!chain) return withheld('the value is escaped by a chain Rugged cannot follow');
    const source = keptSteps(chain.steps, context.getText(chain.root), context);
    return source === undefined ? withheld('the escaping also rewrites LIKE wildcards or more in the same step; Rugged cannot keep one part and drop the other') : { source };
  }
  const argument = value.arguments[0];
  if (value.callee.type === 'Identifier') {
    const fn = localFunction(value.callee, context);
    if (fn) return unescapeLocalHelper(value, value.callee.name, fn, context);
    const binding = context.imports.bindingFor(value.callee.name);
    const module = binding?.module.replace(/^node:/, '');
    if (binding && module && binding.kind === 'named' && LITERAL_ESCAPERS[module]?.has(binding.imported ?? '') && argument && argument.type !== 'SpreadElement') {
      return { source: context.getText(argument), addsQuotes: true };
    }
    if (HELPER_NAME.test(value.callee.name)) return withheld(`\`${value.callee.name}()\` is not defined in this file; Rugged cannot tell whether it only escapes quotes, so it neither keeps nor drops it`);
    return undefined;
  }
  const method = value.callee.type === 'MemberExpression' ? propertyName(value.callee) : undefined;
  if (!method || value.callee.type !== 'MemberExpression') return undefined;
  if (isLiteralEscaper(value.callee.object, method, context) && value.arguments.length === 1 && argument && argument.type !== 'SpreadElement') {
    return { source: context.getText(argument), addsQuotes: true };
  }
  if (HELPER_NAME.test(method) && !/id$|identifier$/i.test(method)) {
    return withheld(`\`${method}()\` is not known to Rugged; it cannot tell whether it only escapes quotes, so it neither keeps nor drops it`);
  }
  return undefined;
}

function chainHasQuoting(call: TSESTree.CallExpression): boolean {
  let current: TSESTree.Node = call;
  for (let guard = 0; guard < 20 && current.type === 'CallExpression'; guard++) {
    if (isQuotingCall(current, QUOTE_CHARS)) return true;
    const called = calledMethod(current);
    if (!called) return false;
    current = unwrap(called.receiver);
  }
  return false;
}

/** `mysql.escape`, `connection.escape`, `SqlString.escape`, `client.escapeLiteral`, `format.literal`, `sequelize.escape`. */
function isLiteralEscaper(receiver: TSESTree.Node, method: string, context: RuleContext): boolean {
  let root = unwrap(receiver);
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  if (root.type === 'Identifier') {
    const binding = context.imports.bindingFor(root.name);
    const module = binding?.module.replace(/^node:/, '').split('/')[0];
    if (module && LITERAL_ESCAPERS[module]?.has(method)) return true;
  }
  // A connection or pool of a driver whose escape quotes a literal.
  const driver = driverForReceiver(receiver, context)?.driver;
  return (driver === 'mysql' || driver === 'sequelize') ? method === 'escape' : driver === 'pg' && method === 'escapeLiteral';
}
