// Places where a framework is told to render a value without its own escaping: Angular's
// DomSanitizer bypasses, AngularJS `$sce.trustAs*`, react-markdown with raw HTML switched on,
// serialize-javascript's `unsafe: true`, and `javascript:` URLs in link and source attributes.
// Each of these turns off a protection the framework gives by default, so the rule that owns
// markup sinks (no-unsafe-html-sink) judges the value the same way it judges `innerHTML`.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, propertyName, staticString, type FixProposal, type RuleContext, unwrap } from '../../server/src/engine/api';
import { baseModule, moduleRefOf } from './moduleRefs';
import { removePropertyEdit } from './removalEdits';

export type FrameworkSinkKind = 'angular-bypass' | 'angularjs-trust' | 'react-markdown-raw' | 'serialize-unsafe' | 'script-url';

export interface FrameworkSink {
  kind: FrameworkSinkKind;
  /** The expression whose value is rendered unescaped. */
  value: TSESTree.Node;
  /** How the sink is named in messages. */
  name: string;
  /** A safe rewrite, when one exists (dropping `unsafe: true`). */
  fix?: FixProposal;
}

const ANGULAR_BYPASS = /^bypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)$/;
const ANGULARJS_TRUST = /^trustAs(?:Html|Js|Url|ResourceUrl|Css)$/;
/** Attributes whose value the browser follows as a URL, where `javascript:` runs script. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formAction', 'formaction', 'xlinkHref', 'xlink:href']);
/** A constant start that fixes the URL's scheme (or makes it relative), so no `javascript:` can follow. */
const FIXED_URL_START = /^(?:\/|#|\?|\.\.?\/|[a-z][a-z0-9+.-]*:)/i;
const SCRIPT_SCHEME = /^\s*(?:javascript|vbscript):/i;
/** Scheme and host both fixed: a resource URL bypass that only chooses a path on a known site. */
const FIXED_ORIGIN = /^(?:https?:)?\/\/[^/\s]+\/|^\/(?!\/)/i;

export const FRAMEWORK_ADVICE: Record<FrameworkSinkKind, string> = {
  'angular-bypass': 'let Angular sanitize the value (bind it without the bypass), or sanitize it with `DOMPurify.sanitize` before trusting it',
  'angularjs-trust': 'bind it with `ng-bind`, or with `ng-bind-html` and ngSanitize, instead of trusting it',
  'react-markdown-raw': 'add `rehype-sanitize` after `rehype-raw`, or render the markdown without raw HTML',
  'serialize-unsafe': 'drop `unsafe: true` so that `<`, `>` and `/` are escaped before the result is inlined in a `<script>`',
  'script-url': 'allow only `http:` and `https:` URLs (check `new URL(value, location.href).protocol`), or bind a click handler instead of a `javascript:` URL',
};

/** The constant text a string value starts with: `'javascript:' + x`, `` `/u/${id}` ``. */
export function constantStart(node: TSESTree.Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral') return inner.quasis[0].value.cooked ?? undefined;
  if (inner.type === 'BinaryExpression' && inner.operator === '+') return constantStart(inner.left);
  return undefined;
}

/** `this.sanitizer.bypassSecurityTrustHtml(x)`, `$sce.trustAsHtml(x)`, `serialize(x, { unsafe: true })`, `a.setAttribute('href', x)`. */
export function frameworkSinkOfCall(node: TSESTree.CallExpression, context: RuleContext): FrameworkSink | undefined {
  const callee = unwrap(node.callee);
  const args = node.arguments;
  if (args.some((a) => a.type === 'SpreadElement')) return undefined;
  if (callee.type === 'MemberExpression') {
    const method = propertyName(callee);
    if (!method) return undefined;
    if (ANGULAR_BYPASS.test(method) && args[0]) {
      const start = constantStart(args[0]);
      if (/Url$/.test(method) && start !== undefined && FIXED_ORIGIN.test(start)) return undefined;
      return { kind: 'angular-bypass', value: args[0], name: method };
    }
    const receiver = dottedName(callee.object) ?? '';
    if (/(?:^|\.)\$sce$/.test(receiver)) {
      if (ANGULARJS_TRUST.test(method) && args[0]) return { kind: 'angularjs-trust', value: args[0], name: `$sce.${method}` };
      if (method === 'trustAs' && args[1]) return { kind: 'angularjs-trust', value: args[1], name: '$sce.trustAs' };
    }
    if (method === 'setAttribute' && args[1] && URL_ATTRIBUTES.has(staticString(args[0]) ?? '')) {
      return { kind: 'script-url', value: args[1], name: `setAttribute('${staticString(args[0])}')` };
    }
  }
  const options = args[1] ? unwrap(args[1]) : undefined;
  if (args[0] && options?.type === 'ObjectExpression') {
    const unsafe = options.properties.find((p) => p.type === 'Property' && !p.computed && propertyKey(p) === 'unsafe' && p.value.type === 'Literal' && p.value.value === true);
    const ref = unsafe ? moduleRefOf(callee, context) : undefined;
    if (unsafe && ref && ref.module === 'serialize-javascript' && ref.path.length === 0) {
      const fix: FixProposal = { messageId: 'dropUnsafeOption', kind: 'suggestion', edits: [removePropertyEdit(options, unsafe)] };
      return { kind: 'serialize-unsafe', value: args[0], name: 'serialize-javascript', fix };
    }
  }
  return undefined;
}

/** `serialize(x)` of serialize-javascript without `unsafe: true`: it escapes `<`, `>` and `/`, so its output is safe inside a `<script>`. */
export function isEscapingSerialize(node: TSESTree.CallExpression, context: RuleContext): boolean {
  const ref = moduleRefOf(node.callee, context);
  if (!ref || ref.module !== 'serialize-javascript' || ref.path.length !== 0) return false;
  const options = node.arguments[1] ? unwrap(node.arguments[1]) : undefined;
  if (!options) return true;
  return options.type === 'ObjectExpression' && options.properties.every((p) => p.type === 'Property' && !(propertyKey(p) === 'unsafe' && !(p.value.type === 'Literal' && p.value.value === false)));
}

/** `$sceProvider.enabled(false)`: Strict Contextual Escaping off for the whole application. */
export function disablesSce(node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'enabled') return false;
  const receiver = dottedName(callee.object) ?? '';
  const first = node.arguments[0];
  return /(?:^|\.)\$sceProvider$/.test(receiver) && first?.type === 'Literal' && first.value === false;
}

/** `href={...}`, `src={...}` in JSX: the expression the browser follows as a URL. */
export function urlAttributeValue(attribute: TSESTree.JSXAttribute): TSESTree.Node | undefined {
  const name = attribute.name.type === 'JSXIdentifier' ? attribute.name.name : `${attribute.name.namespace.name}:${attribute.name.name.name}`;
  if (!URL_ATTRIBUTES.has(name) || attribute.value?.type !== 'JSXExpressionContainer') return undefined;
  const expression = attribute.value.expression;
  return expression.type === 'JSXEmptyExpression' ? undefined : expression;
}

/**
 * Which URL values can carry a script: one that starts with a constant `javascript:` and adds a
 * variable part ('scheme'), or one whose start is not fixed by the code at all ('open'), which
 * only input can make dangerous. A constant start such as `/`, `#` or `https:` fixes the scheme.
 */
export function urlShape(node: TSESTree.Node): 'scheme' | 'open' | 'fixed' {
  const start = constantStart(node);
  if (start !== undefined && SCRIPT_SCHEME.test(start)) return 'scheme';
  if (start !== undefined && FIXED_URL_START.test(start)) return 'fixed';
  return 'open';
}

/**
 * `<ReactMarkdown rehypePlugins={[rehypeRaw]}>{text}</ReactMarkdown>` (or the older
 * `escapeHtml={false}`, `allowDangerousHtml`): the markdown is rendered with its raw HTML, so the
 * markdown source is a markup sink. `rehype-sanitize` in the plugins makes it safe again.
 */
export function rawMarkdownSource(element: TSESTree.JSXElement, context: RuleContext): TSESTree.Node | undefined {
  const opening = element.openingElement;
  if (opening.name.type !== 'JSXIdentifier') return undefined;
  const binding = context.imports.bindingFor(opening.name.name);
  if (!binding || baseModule(binding.module) !== 'react-markdown') return undefined;
  let raw = false;
  let sanitized = false;
  let source: TSESTree.Node | undefined;
  for (const attribute of opening.attributes) {
    if (attribute.type !== 'JSXAttribute' || attribute.name.type !== 'JSXIdentifier') continue;
    const name = attribute.name.name;
    const value = attribute.value?.type === 'JSXExpressionContainer' && attribute.value.expression.type !== 'JSXEmptyExpression' ? attribute.value.expression : undefined;
    if (name === 'rehypePlugins' && value?.type === 'ArrayExpression') {
      const modules = value.elements.map((e) => pluginModule(e, context));
      raw ||= modules.includes('rehype-raw');
      sanitized ||= modules.includes('rehype-sanitize');
    }
    if (name === 'allowDangerousHtml' && (!attribute.value || (value?.type === 'Literal' && value.value === true))) raw = true;
    if (name === 'escapeHtml' && value?.type === 'Literal' && value.value === false) raw = true;
    if ((name === 'children' || name === 'source') && value) source = value;
  }
  if (!raw || sanitized) return undefined;
  const child = element.children.find((c): c is TSESTree.JSXExpressionContainer => c.type === 'JSXExpressionContainer' && c.expression.type !== 'JSXEmptyExpression');
  return child ? child.expression : source;
}

/** `rehypeRaw` or `[rehypeSanitize, schema]` in a plugin list: the module it was imported from. */
function pluginModule(element: TSESTree.Node | null, context: RuleContext): string | undefined {
  if (!element) return undefined;
  let inner = unwrap(element);
  if (inner.type === 'ArrayExpression' && inner.elements[0]) inner = unwrap(inner.elements[0]);
  if (inner.type !== 'Identifier') return undefined;
  const binding = context.imports.bindingFor(inner.name);
  return binding ? baseModule(binding.module) : undefined;
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (property.key.type === 'Identifier') return property.key.name;
  return property.key.type === 'Literal' ? String(property.key.value) : undefined;
}
