// Where a function of this file is called, or handed to someone who calls it: the callers whose
// arguments flow into its parameters, and the registrations (`app.get(path, getUser)`,
// `router.use(makeAuth(db))`) that make it a request handler although no route call encloses it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import { isFunctionNode, unwrap, type FunctionNode } from './astNodes';

export interface CallSiteLookup {
  getParent(node: TSESTree.Node): TSESTree.Node | undefined;
  variableOf(node: TSESTree.Identifier): Variable | undefined;
}

/** A call of a function by a name this file declares for it. */
export interface CallSite {
  call: TSESTree.CallExpression;
  /** The name the function is called by, for messages ("passed to `findUser`"). */
  name: string;
}

/** How many factories deep a returned handler is followed (`app.get('/', outer(inner(db)))`). */
const MAX_FACTORY_DEPTH = 3;

/**
 * The identifier that names a function: `function find()`, `const find = () => ...`,
 * `const find = function () {}`. Methods and functions assigned to fields have no such name here.
 */
export function bindingOf(fn: FunctionNode, lookup: CallSiteLookup): TSESTree.Identifier | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id ?? undefined;
  let node: TSESTree.Node = fn;
  let parent = lookup.getParent(node);
  // `const find = (async (id) => ...) as Finder` keeps its name through wrappers.
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'TSNonNullExpression')) {
    node = parent;
    parent = lookup.getParent(node);
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return parent.id;
  return undefined;
}

/** Every read of the variable a binding declares (never its writes). */
function readsOf(binding: TSESTree.Identifier, lookup: CallSiteLookup): TSESTree.Identifier[] {
  const variable = lookup.variableOf(binding);
  if (!variable) return [];
  const out: TSESTree.Identifier[] = [];
  for (const reference of variable.references) if (reference.isRead()) out.push(reference.identifier as TSESTree.Identifier);
  return out;
}

/** The call an expression is the callee of, seeing through `(find)(x)` and `find!(x)`. */
function callOf(expression: TSESTree.Node, lookup: CallSiteLookup): TSESTree.CallExpression | undefined {
  let node = expression;
  let parent = lookup.getParent(node);
  while (parent && (parent.type === 'TSNonNullExpression' || parent.type === 'TSAsExpression')) {
    node = parent;
    parent = lookup.getParent(node);
  }
  return parent?.type === 'CallExpression' && parent.callee === node ? parent : undefined;
}

/** The calls of a named function in this file, by its own name. */
export function callSitesOf(fn: FunctionNode, lookup: CallSiteLookup): CallSite[] {
  const binding = bindingOf(fn, lookup);
  if (!binding) return [];
  const out: CallSite[] = [];
  for (const read of readsOf(binding, lookup)) {
    const call = callOf(read, lookup);
    if (call) out.push({ call, name: binding.name });
  }
  return out;
}

/**
 * Places where the function itself is handed over as a value: passed by name as an argument, or
 * returned by a factory whose result is passed (`app.get('/', makeHandler(db))`, or stored first
 * and then passed). Each is the call that receives the function, with the argument it arrives as.
 */
export function handoffsOf(fn: FunctionNode, lookup: CallSiteLookup): { call: TSESTree.CallExpression; argument: TSESTree.Node }[] {
  const out: { call: TSESTree.CallExpression; argument: TSESTree.Node }[] = [];
  collectHandoffs(fn, lookup, out, 0);
  return out;
}

function collectHandoffs(value: TSESTree.Node, lookup: CallSiteLookup, out: { call: TSESTree.CallExpression; argument: TSESTree.Node }[], depth: number): void {
  if (depth > MAX_FACTORY_DEPTH) return;
  for (const expression of expressionsHolding(value, lookup)) {
    const parent = lookup.getParent(expression);
    if (parent?.type === 'CallExpression' && parent.arguments.includes(expression as TSESTree.CallExpressionArgument)) {
      out.push({ call: parent, argument: expression });
    }
  }
  // A function returned by a factory is handed over wherever the factory's result is.
  if (isFunctionNode(value)) {
    const factory = enclosingFactory(value, lookup);
    if (factory) for (const site of callSitesOf(factory, lookup)) collectHandoffs(site.call, lookup, out, depth + 1);
  }
}

/** The expressions that evaluate to `value`: itself, and the reads of the name it is bound to. */
function expressionsHolding(value: TSESTree.Node, lookup: CallSiteLookup): TSESTree.Node[] {
  const out: TSESTree.Node[] = [value];
  const binding = isFunctionNode(value) ? bindingOf(value, lookup) : declaredBy(value, lookup);
  if (binding) out.push(...readsOf(binding, lookup));
  return out;
}

/** `const handler = makeHandler(db)`: the name a call's result is stored under. */
function declaredBy(expression: TSESTree.Node, lookup: CallSiteLookup): TSESTree.Identifier | undefined {
  const parent = lookup.getParent(expression);
  return parent?.type === 'VariableDeclarator' && parent.init === expression && parent.id.type === 'Identifier' ? parent.id : undefined;
}

/** The function that returns `fn` as its result (`return (req, res) => ...` or `() => (req, res) => ...`). */
function enclosingFactory(fn: FunctionNode, lookup: CallSiteLookup): FunctionNode | undefined {
  const parent = lookup.getParent(fn);
  if (parent?.type === 'ArrowFunctionExpression' && unwrap(parent.body) === fn) return parent;
  if (parent?.type !== 'ReturnStatement') return undefined;
  for (let node = lookup.getParent(parent); node; node = lookup.getParent(node)) {
    if (isFunctionNode(node)) return node;
  }
  return undefined;
}
