// Serverless HTTP functions (AWS Lambda behind API Gateway, Lambda function URLs, Netlify) are
// exported under whatever name the deployment descriptor gives them (`exports.greet`,
// `export const thumbnail`), so the name `handler` alone misses most of them. The engine reads no
// serverless.yml, so it judges by the code: an exported function with the handler's parameters
// `(event[, context[, callback]])` that reads a field only such events carry, or, when its first
// parameter is named like an event, that answers with the proxy response shape or sits beside a
// function that reads such a field.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { keyNameOf, propertyName, returnedExpressions, unwrap, type FunctionNode } from './astNodes';
import { findExports } from './exports';
import { EVENT_ONLY_FIELDS } from './requestSources';
import { isNode } from './traverse';

/** `event`, `evt`, `apiGatewayEvent`, `httpEvent`: how handlers name the event they receive. */
const EVENT_PARAM_NAME = /^(?:event|evt|\w+Event)$/;
/** Past this many nodes a function is not read for evidence: handlers are short, bundles are not. */
const MAX_NODES_READ = 5_000;

export type ServerlessHandlerTest = (fn: FunctionNode) => boolean;

/** Built once per file; exports and evidence are computed on the first question only. */
export function createServerlessHandlerTest(ast: TSESTree.Program): ServerlessHandlerTest {
  let exported: Set<FunctionNode> | undefined;
  const evidence = new Map<FunctionNode, boolean>();
  let siblingEvidence: boolean | undefined;
  const readsEventField = (fn: FunctionNode): boolean => {
    let known = evidence.get(fn);
    if (known === undefined) evidence.set(fn, (known = mentionsEventOnlyField(fn)));
    return known;
  };
  return (fn) => {
    if (!hasHandlerShape(fn)) return false;
    exported ??= new Set(findExports(ast).functions.map((f) => f.fn));
    if (!exported.has(fn)) return false;
    if (readsEventField(fn)) return true;
    if (!namedLikeEvent(fn.params[0])) return false;
    if (answersLikeProxy(fn)) return true;
    siblingEvidence ??= [...exported].some((other) => other !== fn && hasHandlerShape(other) && readsEventField(other));
    return siblingEvidence;
  };
}

/** `(event)`, `(event, context)`, `(event, context, callback)`, the event possibly destructured. */
function hasHandlerShape(fn: FunctionNode): boolean {
  const [first, ...rest] = fn.params;
  if (!first || rest.length > 2) return false;
  if (first.type !== 'Identifier' && first.type !== 'ObjectPattern') return false;
  return rest.every((p) => p.type === 'Identifier');
}

function namedLikeEvent(param: TSESTree.Parameter | undefined): boolean {
  return param?.type === 'Identifier' && EVENT_PARAM_NAME.test(param.name);
}

/** `return { statusCode: 200, body }` (or with `headers`): the API Gateway proxy response. */
function answersLikeProxy(fn: FunctionNode): boolean {
  return returnedExpressions(fn).some((expression) => {
    const value = unwrap(expression);
    if (value.type !== 'ObjectExpression') return false;
    const keys = new Set(value.properties.map((p) => (p.type === 'Property' ? keyNameOf(p) : undefined)));
    return keys.has('statusCode') && (keys.has('body') || keys.has('headers'));
  });
}

/** `event.pathParameters`, `const { queryStringParameters } = event`, anywhere in the function. */
function mentionsEventOnlyField(fn: FunctionNode): boolean {
  const stack: TSESTree.Node[] = [...fn.params, fn.body];
  let read = 0;
  while (stack.length > 0 && read++ < MAX_NODES_READ) {
    const node = stack.pop()!;
    if (node.type === 'MemberExpression') {
      const name = propertyName(node);
      if (name && EVENT_ONLY_FIELDS.has(name)) return true;
    } else if (node.type === 'ObjectPattern') {
      if (node.properties.some((p) => p.type === 'Property' && EVENT_ONLY_FIELDS.has(keyNameOf(p) ?? ''))) return true;
    }
    const keys = visitorKeys[node.type as keyof typeof visitorKeys] ?? [];
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) stack.push(item);
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
  return false;
}

