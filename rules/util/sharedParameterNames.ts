// Parameter names that the rewrites of other SQL written earlier in the same function would take.
// Each fix is computed alone, but some drivers keep one set of names for several pieces of SQL: a
// TypeORM query builder's parameters are one object for the whole chain, and an mssql request
// refuses a second `.input()` of one name. Two fixes that each name their value `id`, applied
// together (a fix-all, or two quick fixes accepted from one analysis), would let the later value
// replace the earlier one, or throw EDUPEPARAM. Naming values in the order the SQL is written, each
// fix skipping the names the rewrites before it take, keeps the fixes right alone and together.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type RuleContext, enclosingFunction } from '../../server/src/engine/api';
import { claimName, nameFor, splitStringParts } from './queryParts';

/** Guards a pathological file: conditions beyond this many are not looked at. */
const MAX_NODES = 20_000;

function childrenOf(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || !value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') children.push(item as TSESTree.Node);
    } else if (typeof (value as { type?: unknown }).type === 'string') children.push(value as TSESTree.Node);
  }
  return children;
}

/**
 * Adds to `used` the names the rewrites of the SQL written before `call` in the same function would
 * give their values, in order. `sqlOf` says whether a call is one whose names are shared (a builder
 * condition, an mssql query) and which argument holds its SQL.
 */
export function claimEarlierRewriteNames(
  call: TSESTree.CallExpression,
  context: RuleContext,
  sqlOf: (other: TSESTree.CallExpression) => TSESTree.Node | undefined,
  used: Set<string>,
): void {
  const scope: TSESTree.Node = enclosingFunction(call, context) ?? context.ast;
  const conditions: TSESTree.CallExpression[] = [];
  const stack: TSESTree.Node[] = [scope];
  for (let visited = 0; stack.length > 0 && visited < MAX_NODES; visited++) {
    const node = stack.pop()!;
    if (node.range[0] >= call.range[1]) continue;
    if (node !== call && node.type === 'CallExpression' && sqlOf(node)) conditions.push(node);
    stack.push(...childrenOf(node));
  }
  // In a chain the earlier condition is the inner call, which starts where the outer one does:
  // order by where the SQL argument is written.
  const own = sqlOf(call);
  if (!own) return;
  const earlier = conditions
    .map((other) => sqlOf(other)!)
    .filter((sql) => sql.range[1] <= own.range[0])
    .sort((a, b) => a.range[0] - b.range[0]);
  for (const sql of earlier) {
    const split = splitStringParts(sql, context);
    if (!split) continue;
    for (const part of split.parts) {
      if (part.kind === 'expression' && context.flow.valueOf(part.node).origin !== 'constant') claimName(nameFor(part.node), used);
    }
  }
}
