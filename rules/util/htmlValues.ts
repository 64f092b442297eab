// Where a value written into HTML comes from, with HTML sanitizers and escapers counted as making
// it safe (DOMPurify.sanitize, sanitize-html, xss, escape-html, lodash/he escape...), also inside
// templates, `+` chains and `list.map(item => `<li>${escape(item)}</li>`).join('')`.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, join, propertyName, type FlowValue, type RuleContext, unwrap, type Variable } from '../../server/src/engine/api';
import { localFunction } from './escapeHelpers';
import { isEscapingSerialize } from './frameworkMarkupSinks';
import { withReadGuard } from './guardPolicy';

/** Function or method names that return markup-safe text. Names only: they err on the quiet side. */
const SANITIZER_NAME = /^(?:sanitize\w*|\w*[eE]scape\w*|xss|filterXSS|encodeHTML|encodeHtml|htmlEncode|encode|encodeURIComponent|encodeURI|purify|textToHtml)$/;
/** Methods whose result is the receiver's text, reshaped but not escaped or unescaped. */
const TEXT_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toString', 'slice', 'substring', 'substr', 'padStart', 'padEnd', 'normalize']);
/** Methods whose result is a number or a fixed-format string, never markup. */
const NON_MARKUP_METHODS = new Set(['toFixed', 'toPrecision', 'toExponential', 'toISOString', 'getTime', 'indexOf', 'lastIndexOf', 'localeCompare', 'getFullYear', 'getMonth', 'getDate', 'getHours', 'getMinutes']);

/**
 * Entities a hand-written HTML escaper puts in place of `<`, `>`, `"` or `'`: escaping the quote
 * of a quoted attribute is enough there, escaping `<` is enough in text.
 */
const MARKUP_ENTITY = /&(?:lt|gt|quot|apos|#0*(?:60|62|34|39)|#x0*(?:3c|3e|22|27));/i;

const CONSTANT: FlowValue = { origin: 'constant', built: false };
const MAX_DEPTH = 12;

function calleeName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  return callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
}

/** `DOMPurify.sanitize(x)`, `sanitizeHtml(x)`, `escapeHtml(x)`, `_.escape(x)`, `xss(x)`. */
export function isSanitizerCall(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'CallExpression') return false;
  const name = calleeName(inner);
  return !!name && SANITIZER_NAME.test(name);
}

/**
 * The project's own HTML escaper, whatever its name: `s.replace(/&/g, '&amp;').replace(/</g, '&lt;')`
 * inline, `s.replace(/[&<>"']/g, (c) => ENTITIES[c])` with the entities in the file, or a call of
 * a function of this file whose text turns markup characters into entities.
 */
export function isProjectEscaperCall(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'CallExpression') return false;
  const callee = unwrap(inner.callee);
  if (callee.type === 'Identifier') {
    const fn = localFunction(callee, context);
    return !!fn && MARKUP_ENTITY.test(context.getText(fn));
  }
  let current: TSESTree.Node = inner;
  for (let depth = 0; depth < 12 && current.type === 'CallExpression'; depth++) {
    const member = unwrap(current.callee);
    if (member.type !== 'MemberExpression') return false;
    const method = propertyName(member);
    if (method !== 'replace' && method !== 'replaceAll') return false;
    const [pattern, replacement] = current.arguments;
    if (replacement && MARKUP_ENTITY.test(context.getText(replacement))) return true;
    if (pattern && replacement && /[<>"']/.test(context.getText(pattern)) && replacement.type !== 'Literal' && MARKUP_ENTITY.test(context.sourceText)) return true;
    current = unwrap(member.object);
  }
  return false;
}

/** The expression a callback returns, when it is a single expression. */
function returnedExpression(fn: TSESTree.Node): TSESTree.Node | undefined {
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return undefined;
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const statements = fn.body.body;
  const last = statements[statements.length - 1];
  return statements.length === 1 && last.type === 'ReturnStatement' && last.argument ? last.argument : undefined;
}

/** Origin of a value written as HTML: the data flow's answer, with sanitizers counted as safe. */
export function htmlValueOf(node: TSESTree.Node, context: RuleContext): FlowValue {
  return evaluate(node, context, 0);
}

function evaluate(raw: TSESTree.Node, context: RuleContext, depth: number): FlowValue {
  if (depth > MAX_DEPTH) return context.flow.valueOf(raw);
  const node = unwrap(raw);
  switch (node.type) {
    case 'TemplateLiteral':
      return join(node.expressions.map((e) => evaluate(e, context, depth + 1)), node.expressions.length > 0);
    case 'BinaryExpression':
      if (node.operator !== '+') return CONSTANT;
      return join([evaluate(node.left, context, depth + 1), evaluate(node.right, context, depth + 1)], true);
    case 'ConditionalExpression':
      return join([evaluate(node.consequent, context, depth + 1), evaluate(node.alternate, context, depth + 1)], false);
    case 'LogicalExpression':
      return join([evaluate(node.left, context, depth + 1), evaluate(node.right, context, depth + 1)], false);
    case 'Identifier': {
      // A constant bound once (`const clean = sanitizeHtml(raw)`) is as safe as its value.
      const writes = context.flow.assignmentsOf(node);
      const variable = context.flow.variableOf(node);
      const isParameter = variable?.defs.some((d) => d.type === 'Parameter') ?? false;
      if (writes.length === 1 && !isParameter) {
        const parent = context.getParent(writes[0]);
        if (parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return withReadGuard(node, evaluate(writes[0], context, depth + 1), context);
      }
      return context.flow.valueOf(node);
    }
    case 'CallExpression': {
      if (isSanitizerCall(node) || isEscapingSerialize(node, context) || isProjectEscaperCall(node, context)) return CONSTANT;
      const name = calleeName(node);
      if (name && NON_MARKUP_METHODS.has(name)) return CONSTANT;
      // JSON.stringify(url), String(x), x.trim(): the text of the argument or receiver, escaped or not.
      const first = node.arguments[0];
      const called = unwrap(node.callee);
      if (first && first.type !== 'SpreadElement' && (dottedName(called) === 'JSON.stringify' || (called.type === 'Identifier' && called.name === 'String'))) {
        return evaluate(first, context, depth + 1);
      }
      if (name && TEXT_METHODS.has(name) && called.type === 'MemberExpression') return evaluate(called.object, context, depth + 1);
      // items.map((item) => `<li>${escape(item)}</li>`).join('')
      const callee = unwrap(node.callee);
      if (name === 'join' && callee.type === 'MemberExpression') {
        const mapped = unwrap(callee.object);
        if (mapped.type === 'CallExpression' && calleeName(mapped) === 'map' && mapped.arguments[0]) {
          const body = returnedExpression(mapped.arguments[0]);
          if (body) {
            const separator = node.arguments[0] ? evaluate(node.arguments[0], context, depth + 1) : CONSTANT;
            const item = evaluate(body, context, depth + 1);
            // The callback's own parameters are unknown to the data flow; the list may be tainted.
            const list = mapped.callee.type === 'MemberExpression' ? context.flow.valueOf(mapped.callee.object) : CONSTANT;
            return item.origin === 'constant' ? join([separator], true) : join([item, list, separator], true);
          }
        }
      }
      return context.flow.valueOf(node);
    }
    default:
      return context.flow.valueOf(node);
  }
}

/**
 * True when the constant text of the value holds markup or entities (`<b>`, `&amp;`), so that
 * showing it as text would show the tags: then `textContent` is no replacement.
 */
export function buildsMarkup(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  const variable = inner.type === 'Identifier' ? context.flow.variableOf(inner) : undefined;
  if (!variable) return markupIn(node, context, 0, new Set());
  // Every sink writing the same variable asks the same question: answered once per variable.
  let answer = markupByVariable.get(variable);
  if (answer === undefined) {
    answer = markupIn(node, context, 0, new Set());
    markupByVariable.set(variable, answer);
  }
  return answer;
}

/** Variables belong to one analysis of one text, so entries never mix files or versions. */
const markupByVariable = new WeakMap<Variable, boolean>();

/**
 * `seen` holds the variables already explored in this question: the answer is an "or" over their
 * writes, so a second visit (`h = h + x`) adds nothing and would make n writes cost n² or worse.
 */
function markupIn(node: TSESTree.Node, context: RuleContext, depth: number, seen: Set<Variable>): boolean {
  if (depth > MAX_DEPTH) return true;
  const inner = unwrap(node);
  switch (inner.type) {
    case 'Literal':
      return typeof inner.value === 'string' && looksLikeMarkup(inner.value);
    case 'TemplateLiteral':
      return inner.quasis.some((q) => looksLikeMarkup(q.value.cooked ?? q.value.raw)) || inner.expressions.some((e) => markupIn(e, context, depth + 1, seen));
    case 'BinaryExpression':
      return markupIn(inner.left, context, depth + 1, seen) || markupIn(inner.right, context, depth + 1, seen);
    case 'ConditionalExpression':
      return markupIn(inner.consequent, context, depth + 1, seen) || markupIn(inner.alternate, context, depth + 1, seen);
    case 'LogicalExpression':
      return markupIn(inner.left, context, depth + 1, seen) || markupIn(inner.right, context, depth + 1, seen);
    case 'Identifier': {
      const variable = context.flow.variableOf(inner);
      if (variable) {
        if (seen.has(variable)) return false;
        seen.add(variable);
      }
      const writes = context.flow.assignmentsOf(inner);
      return writes.some((w) => markupIn(w, context, depth + 1, seen));
    }
    case 'CallExpression':
      // Markup made by a helper, a sanitizer or a .map().join() cannot be shown as text.
      return isSanitizerCall(inner) || calleeName(inner) === 'join' || calleeName(inner) === 'map';
    default:
      return false;
  }
}

function looksLikeMarkup(text: string): boolean {
  return /<[a-zA-Z!/]|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/.test(text);
}
