// Hand-written body readers: a function that collects a request's stream itself
// (`req.on('data', ...)`, `for await (const chunk of req)`) and returns what it read. Bare `http`
// servers and Next.js API routes with the body parser off read the body this way, and what they
// return is the sender's text.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunctionNode, propertyName, unwrap, type FunctionNode } from './astNodes';

const STREAM_EVENTS = new Set(['data', 'readable']);
/** Nodes visited per function at most; a reader is a few statements long. */
const MAX_NODES = 2_000;

const known = new WeakMap<FunctionNode, number | undefined>();

/** The index of the parameter whose stream `fn` reads, or undefined when it reads none. */
export function streamReadParameter(fn: FunctionNode): number | undefined {
  if (known.has(fn)) return known.get(fn);
  const names = fn.params.map((p) => (p.type === 'Identifier' ? p.name : undefined));
  let found: number | undefined;
  const stack: TSESTree.Node[] = [fn.body];
  for (let visited = 0; stack.length > 0 && found === undefined && visited < MAX_NODES; visited++) {
    const node = stack.pop() as TSESTree.Node;
    if (node.type === 'CallExpression') found = streamOf(node, names);
    else if (node.type === 'ForOfStatement' && node.await) found = indexOf(node.right, names);
    for (const [key, child] of Object.entries(node) as [string, unknown][]) {
      if (key === 'parent') continue;
      for (const c of Array.isArray(child) ? child : [child]) {
        if (c && typeof c === 'object' && typeof (c as { type?: unknown }).type === 'string' && !isFunctionNode(c as TSESTree.Node)) stack.push(c as TSESTree.Node);
        // Callbacks inside the reader (the promise executor, the event handlers) are part of it.
        else if (c && typeof c === 'object' && isFunctionNode(c as TSESTree.Node)) stack.push((c as FunctionNode).body);
      }
    }
  }
  known.set(fn, found);
  return found;
}

/** `p.on('data', ...)` or `p.once('readable', ...)` on a parameter: that parameter's index. */
function streamOf(call: TSESTree.CallExpression, names: (string | undefined)[]): number | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (method !== 'on' && method !== 'once' && method !== 'addListener') return undefined;
  const event = call.arguments[0];
  if (!event || event.type !== 'Literal' || typeof event.value !== 'string' || !STREAM_EVENTS.has(event.value)) return undefined;
  return indexOf(callee.object, names);
}

function indexOf(node: TSESTree.Node, names: (string | undefined)[]): number | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return undefined;
  const index = names.indexOf(inner.name);
  return index < 0 ? undefined : index;
}
