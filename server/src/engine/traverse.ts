// One iterative walk over the AST that calls every listener registered for a node type.
// Iterative, so that deeply nested input cannot overflow the stack.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type Listener = (node: TSESTree.Node) => void;

export interface TraversalHandlers {
  /** Listeners by node type; `Type:exit` keys run after the node's children. */
  listeners: Map<string, Listener[]>;
}

interface Frame {
  node: TSESTree.Node;
  exiting: boolean;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Visits every node once, recording each child's parent before the child is visited. */
export function walk(root: TSESTree.Program, handlers: TraversalHandlers, parents: Map<TSESTree.Node, TSESTree.Node>): void {
  const stack: Frame[] = [{ node: root, exiting: false }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { node } = frame;
    if (frame.exiting) {
      dispatch(handlers, `${node.type}:exit`, node);
      continue;
    }
    dispatch(handlers, node.type, node);
    stack.push({ node, exiting: true });
    const keys = visitorKeys[node.type as keyof typeof visitorKeys] ?? [];
    const children: TSESTree.Node[] = [];
    for (const key of keys) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) children.push(item);
      } else if (isNode(value)) {
        children.push(value);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) {
      parents.set(children[i], node);
      stack.push({ node: children[i], exiting: false });
    }
  }
}

function dispatch(handlers: TraversalHandlers, key: string, node: TSESTree.Node): void {
  const list = handlers.listeners.get(key);
  if (!list) return;
  for (const listener of list) listener(node);
}
