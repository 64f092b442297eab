// One iterative walk over the AST that calls every listener registered for a node type.
// Iterative, so that deeply nested input cannot overflow the stack.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { WorkCounter } from './workCounter';

export type Listener = (node: TSESTree.Node) => void;

export interface TraversalHandlers {
  /** Listeners by node type; `Type:exit` keys run after the node's children. */
  listeners: Map<string, Listener[]>;
  /** Set by the walk to the node whose listeners are running, so a parent lookup knows where it is. */
  visiting?: TSESTree.Node;
}

/** An ESTree node, as opposed to the other objects nodes hold (locations, regex flags, template values). */
export function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** `Type:exit` keys, built once per node type rather than once per node. */
const exitKeys = new Map<string, string>();

function exitKey(type: string): string {
  let key = exitKeys.get(type);
  if (key === undefined) exitKeys.set(type, (key = `${type}:exit`));
  return key;
}

/**
 * Visits every node once, recording each child's parent before the child is visited (in `parents`,
 * when given: a second walk over a tree whose parents are known records nothing).
 * `counter`, when given, counts the nodes visited.
 */
export function walk(root: TSESTree.Node, handlers: TraversalHandlers, parents: Map<TSESTree.Node, TSESTree.Node> | undefined, counter?: WorkCounter): void {
  // Two parallel stacks rather than a frame object per node, and children pushed in reverse
  // directly: the walk runs over every node of every file (and of each fix-verification
  // re-analysis), so its allocations were a visible share of the garbage collector's time.
  const nodes: TSESTree.Node[] = [root];
  const exiting: boolean[] = [false];
  let visited = 0;
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    if (exiting.pop()) {
      dispatch(handlers, exitKey(node.type), node);
      continue;
    }
    visited++;
    handlers.visiting = node;
    dispatch(handlers, node.type, node);
    // A node comes back for its exit only when some listener waits for it: most types have none,
    // and skipping their second visit halves the stack traffic of the walk.
    if (handlers.listeners.has(exitKey(node.type))) {
      nodes.push(node);
      exiting.push(true);
    }
    const keys = visitorKeys[node.type as keyof typeof visitorKeys] ?? [];
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item: unknown = value[i];
          if (isNode(item)) push(item, node);
        }
      } else if (isNode(value)) {
        push(value, node);
      }
    }
  }
  if (counter) counter.nodesVisited += visited;

  function push(child: TSESTree.Node, parent: TSESTree.Node): void {
    parents?.set(child, parent);
    nodes.push(child);
    exiting.push(false);
  }
}

function dispatch(handlers: TraversalHandlers, key: string, node: TSESTree.Node): void {
  const list = handlers.listeners.get(key);
  if (!list) return;
  for (const listener of list) listener(node);
}
