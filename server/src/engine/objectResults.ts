// Which expressions are an object or an array on every path, and which functions return only such
// values. Web frameworks answer an object as JSON whatever its fields hold (Koa's `ctx.body`,
// Fastify's `reply.send`, `res.json`), so an answer of this shape is never read as HTML. A module's
// summary carries the answer for its exported functions, so a handler that sends what an imported
// helper returned is judged by the helper's own returns.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { keyNameOf, returnedExpressions, unwrap, type FunctionNode } from './astNodes';
import type { FunctionSummary } from './summaries';

export interface ObjectResultLookup {
  assignmentsOf(node: TSESTree.Identifier): TSESTree.Node[];
  /** The function this file declares under a called name. */
  localFunction(callee: TSESTree.Identifier): FunctionNode | undefined;
  /** The summary of an imported function a callee names. */
  importedFunction?: (callee: TSESTree.Node) => FunctionSummary | undefined;
}

export interface ObjectResults {
  /** The expression is an object or array on every path (literals, helpers returning only such, variables only ever given such). */
  isObjectShaped(node: TSESTree.Node): boolean;
  /** Every `return` of the function gives an object or array (and it has at least one). */
  returnsOnlyObjects(fn: FunctionNode): boolean;
  /**
   * Every `return` of the function gives an object literal with these keys only (no spread, no
   * computed key), so reading any other field of its result reads `undefined`.
   */
  returnedKeys(fn: FunctionNode): readonly string[] | undefined;
  /** The same for what a call returns: a function of this file, or an imported one by its summary. */
  callKeys(call: TSESTree.CallExpression): readonly string[] | undefined;
}

/** How many variables and calls one question follows: a shape is plain to see or not worth the cost. */
const MAX_DEPTH = 4;

export function createObjectResults(lookup: ObjectResultLookup): ObjectResults {
  const settled = new Map<FunctionNode, boolean>();
  const open = new Set<FunctionNode>();

  function returnsOnlyObjects(fn: FunctionNode, depth = 0): boolean {
    const known = settled.get(fn);
    if (known !== undefined) return known;
    // Recursion (`return retry(...)`) proves nothing by itself; a cut-short answer is not kept.
    if (open.has(fn) || depth > MAX_DEPTH) return false;
    open.add(fn);
    const returned = returnedExpressions(fn);
    const result = returned.length > 0 && returned.every((r) => isObjectShaped(r, depth));
    open.delete(fn);
    if (depth === 0) settled.set(fn, result);
    return result;
  }

  function isObjectShaped(node: TSESTree.Node, depth = 0): boolean {
    const inner = unwrap(node);
    if (inner.type === 'ObjectExpression' || inner.type === 'ArrayExpression') return true;
    // Either branch is sent: `found ? { ...found, on: true } : { id, on: true }`.
    if (inner.type === 'ConditionalExpression') return isObjectShaped(inner.consequent, depth) && isObjectShaped(inner.alternate, depth);
    if (depth >= MAX_DEPTH) return false;
    if (inner.type === 'CallExpression') return callReturnsOnlyObjects(inner, depth + 1);
    if (inner.type !== 'Identifier') return false;
    // A variable only ever given objects (`doc = { ...DEFAULTS, ...doc }` included) is one.
    const writes = lookup.assignmentsOf(inner);
    return writes.length > 0 && writes.every((w) => unwrap(w) !== inner && isObjectShaped(w, depth + 1));
  }

  function callReturnsOnlyObjects(call: TSESTree.CallExpression, depth: number): boolean {
    const callee = unwrap(call.callee);
    const local = callee.type === 'Identifier' ? lookup.localFunction(callee) : undefined;
    if (local) return returnsOnlyObjects(local, depth);
    return lookup.importedFunction?.(callee)?.returns.object === true;
  }

  function returnedKeys(fn: FunctionNode): readonly string[] | undefined {
    const returned = returnedExpressions(fn);
    if (returned.length === 0) return undefined;
    const keys = new Set<string>();
    for (const raw of returned) {
      const literal = unwrap(raw);
      if (literal.type !== 'ObjectExpression') return undefined;
      for (const property of literal.properties) {
        const key = property.type === 'Property' && !property.computed ? keyNameOf(property) : undefined;
        if (key === undefined) return undefined;
        keys.add(key);
      }
    }
    return [...keys];
  }

  function callKeys(call: TSESTree.CallExpression): readonly string[] | undefined {
    const callee = unwrap(call.callee);
    const local = callee.type === 'Identifier' ? lookup.localFunction(callee) : undefined;
    if (local) return returnedKeys(local);
    return lookup.importedFunction?.(callee)?.returns.keys;
  }

  return { isObjectShaped: (node) => isObjectShaped(node), returnsOnlyObjects: (fn) => returnsOnlyObjects(fn), returnedKeys, callKeys };
}
