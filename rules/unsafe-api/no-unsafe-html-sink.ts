// Flags markup written into the page from attacker-controlled or unknown values without a
// sanitizer: innerHTML/outerHTML, insertAdjacentHTML, document.write, createContextualFragment,
// jQuery's HTML methods and React's dangerouslySetInnerHTML, and the places where a framework is
// told to skip its escaping (frameworkMarkupSinks.ts). Offers text-only APIs or DOMPurify.
import { isInMethod } from '../util/methodScope';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, propertyName, type FlowValue, type TextEdit, defineRule, type FixProposal, type RuleContext, unwrap } from '../../server/src/engine/api';
import { ensureDefaultImport } from '../util/defaultImport';
import { buildsMarkup, htmlValueOf } from '../util/htmlValues';
import { baseModule } from '../util/moduleRefs';
import { reportTainted } from '../util/taintReports';
import { isGuarded } from '../util/guardPolicy';
import { disablesSce, FRAMEWORK_ADVICE, frameworkSinkOfCall, rawMarkdownSource, urlAttributeValue, urlShape, type FrameworkSink, type FrameworkSinkKind } from '../util/frameworkMarkupSinks';

type SinkKind =
  | 'innerHTML'
  | 'outerHTML'
  | 'insertAdjacentHTML'
  | 'document.write'
  | 'createContextualFragment'
  | 'setHTMLUnsafe'
  | 'jquery-html'
  | 'jquery-insert'
  | 'jquery-create'
  | 'dangerouslySetInnerHTML'
  | FrameworkSinkKind;

interface HtmlSink {
  kind: SinkKind;
  /** The expression whose value becomes markup. */
  value: TSESTree.Node;
  /** How the sink is named in messages. */
  name: string;
  /** The node to rename for a text-only API (`innerHTML`, `insertAdjacentHTML`, `html`). */
  renamable?: TSESTree.Node;
  /** `+=` on innerHTML: appending text is not what textContent does. */
  appends?: boolean;
  /** document.write(a, b, c): every argument is written; `value` is then the whole call. */
  parts?: TSESTree.Node[];
  /** A framework's own escaping turned off for this value (`bypassSecurityTrustHtml`, `unsafe: true`). */
  framework?: FrameworkSink;
}

/** jQuery methods that parse a string argument as HTML. */
const JQUERY_INSERT_METHODS = new Set(['append', 'prepend', 'after', 'before', 'replaceWith', 'wrap', 'wrapAll', 'wrapInner', 'appendTo', 'prependTo']);

const ADVICE: Record<SinkKind, string> = {
  innerHTML: 'set `textContent` for text, or sanitize the markup with `DOMPurify.sanitize`',
  outerHTML: 'build the element with DOM methods and `textContent`, or sanitize the markup with `DOMPurify.sanitize`',
  insertAdjacentHTML: 'use `insertAdjacentText` for text, or sanitize the markup with `DOMPurify.sanitize`',
  'document.write': 'create elements with DOM methods and set their `textContent`',
  createContextualFragment: 'sanitize the markup with `DOMPurify.sanitize` first',
  setHTMLUnsafe: 'use `setHTML()` with a sanitizer, or sanitize the markup with `DOMPurify.sanitize`',
  'jquery-html': 'use `.text()` for text, or sanitize the markup with `DOMPurify.sanitize`',
  'jquery-insert': 'insert an element whose content is set with `.text()`, or sanitize the markup with `DOMPurify.sanitize`',
  'jquery-create': "create the element with a constant tag (`$('<li>')`) and set its content with `.text()`",
  dangerouslySetInnerHTML: 'render the value as JSX children, which React escapes, or sanitize it with `DOMPurify.sanitize`',
  ...FRAMEWORK_ADVICE,
};

/** `$` or `jQuery` as the page global (also handed to a plugin wrapper's parameter), or imported from 'jquery'. */
function isJqueryFunction(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  const callee = unwrap(node);
  if (callee.type === 'MemberExpression') {
    // AngularJS's jqLite has jQuery's HTML methods.
    const name = dottedName(callee);
    return name === 'window.$' || name === 'window.jQuery' || name === 'angular.element' || name === 'window.angular.element';
  }
  if (callee.type !== 'Identifier') return false;
  const global = context.flow.globalNameOf(callee);
  if (global !== undefined) return global === '$' || global === 'jQuery';
  // (function ($) { ... })(require('jquery')) or an imported jQuery handed to the wrapper.
  const argument = context.flow.iifeArgumentOf(callee);
  if (argument) return depth < 8 && isJqueryFunction(argument, context, depth + 1);
  const variable = context.flow.variableOf(callee);
  const binding = context.imports.bindingFor(callee.name);
  return !!binding && !!variable && baseModule(binding.module) === 'jquery' && variable.defs[0].type === 'ImportBinding';
}

/** A jQuery object: `$(sel)`, a chain on one, or a variable bound once to one. */
function isJqueryObject(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  if (depth > 8) return false;
  const inner = unwrap(node);
  if (inner.type === 'CallExpression') {
    if (isJqueryFunction(inner.callee, context)) return true;
    const callee = unwrap(inner.callee);
    return callee.type === 'MemberExpression' && isJqueryObject(callee.object, context, depth + 1);
  }
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 && isJqueryObject(writes[0], context, depth + 1);
  }
  return false;
}

function stringStart(node: TSESTree.Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral') return inner.quasis[0].value.cooked ?? undefined;
  if (inner.type === 'BinaryExpression' && inner.operator === '+') return stringStart(inner.left);
  return undefined;
}

function sinkOfAssignment(node: TSESTree.AssignmentExpression): HtmlSink | undefined {
  if (node.operator !== '=' && node.operator !== '+=') return undefined;
  const target = unwrap(node.left);
  if (target.type !== 'MemberExpression') return undefined;
  const name = propertyName(target);
  if (name !== 'innerHTML' && name !== 'outerHTML') return undefined;
  return { kind: name, value: node.right, name, renamable: target.computed ? undefined : target.property, appends: node.operator === '+=' };
}

function sinkOfCall(node: TSESTree.CallExpression, context: RuleContext): HtmlSink | undefined {
  const callee = unwrap(node.callee);
  const args = node.arguments;
  if (args.some((a) => a.type === 'SpreadElement')) return undefined;
  if (callee.type === 'Identifier' || (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === 'window')) {
    // $('<li>' + name + '</li>'): jQuery parses a string starting with `<` as HTML. The text is
    // looked at first: most calls pass none, and asking who the callee is builds the scopes.
    const start = args[0] ? stringStart(args[0]) : undefined;
    if (start !== undefined && /^\s*</.test(start) && isJqueryFunction(callee, context)) return { kind: 'jquery-create', value: args[0], name: '$()' };
    return undefined;
  }
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method) return undefined;
  const property = callee.computed ? undefined : callee.property;
  switch (method) {
    case 'insertAdjacentHTML':
      return args[1] ? { kind: 'insertAdjacentHTML', value: args[1], name: 'insertAdjacentHTML', renamable: property } : undefined;
    case 'createContextualFragment':
      return args[0] ? { kind: 'createContextualFragment', value: args[0], name: 'createContextualFragment' } : undefined;
    case 'setHTMLUnsafe':
      return args[0] ? { kind: 'setHTMLUnsafe', value: args[0], name: 'setHTMLUnsafe' } : undefined;
    case 'write':
    case 'writeln': {
      const receiver = unwrap(callee.object);
      const isDocument =
        (receiver.type === 'Identifier' && context.flow.globalNameOf(receiver) === 'document') ||
        (receiver.type === 'MemberExpression' && dottedName(receiver) === 'window.document');
      if (!isDocument || !args[0]) return undefined;
      const name = `document.${method}`;
      return args.length === 1 ? { kind: 'document.write', value: args[0], name } : { kind: 'document.write', value: node, name, parts: args };
    }
    default:
      break;
  }
  if (!args[0] || args[0].type === 'ArrowFunctionExpression' || args[0].type === 'FunctionExpression') return undefined;
  if (method === 'html' && args.length === 1 && isJqueryObject(callee.object, context)) {
    return { kind: 'jquery-html', value: args[0], name: '.html()', renamable: property };
  }
  if (JQUERY_INSERT_METHODS.has(method) && args.length === 1 && isJqueryObject(callee.object, context)) {
    return { kind: 'jquery-insert', value: args[0], name: `.${method}()` };
  }
  return undefined;
}

/** `dangerouslySetInnerHTML={{ __html: x }}` in JSX, or the same key in a props object. */
function htmlProperty(object: TSESTree.Node | undefined): TSESTree.Node | undefined {
  if (!object || object.type !== 'ObjectExpression') return undefined;
  for (const property of object.properties) {
    if (property.type !== 'Property' || property.computed) continue;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
    if (key === '__html') return property.value;
  }
  return undefined;
}

/** The value passed to a text-only API would show literal tags: no text fix then. */
function textFix(sink: HtmlSink, context: RuleContext): FixProposal | undefined {
  if (!sink.renamable || sink.appends || buildsMarkup(sink.value, context)) return undefined;
  const replacement = sink.kind === 'innerHTML' ? 'textContent' : sink.kind === 'insertAdjacentHTML' ? 'insertAdjacentText' : sink.kind === 'jquery-html' ? 'text' : undefined;
  if (!replacement) return undefined;
  const messageId = sink.kind === 'innerHTML' ? 'useTextContent' : sink.kind === 'insertAdjacentHTML' ? 'useInsertAdjacentText' : 'useJqueryText';
  return { messageId, kind: 'suggestion', edits: [{ start: sink.renamable.range[0], end: sink.renamable.range[1], text: replacement }] };
}

/**
 * Wraps the value in DOMPurify.sanitize. Only where an import can be added without breaking the
 * file (a module, JSX) or where DOMPurify is already available, never into a classic script.
 */
function sanitizeFix(sink: HtmlSink, context: RuleContext): FixProposal | undefined {
  if (sink.kind === 'jquery-create' || sink.parts) return undefined;
  const hasDompurify = context.imports.bindings.some((b) => baseModule(b.module) === 'dompurify');
  const isModule = context.ast.body.some((s) => s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration');
  const isJsx = /\.[jt]sx$/.test(context.filePath);
  const usesGlobal = !hasDompurify && /\bDOMPurify\.sanitize\b/.test(context.sourceText);
  if (!hasDompurify && !isModule && !isJsx && !usesGlobal) return undefined;
  let expression = 'DOMPurify';
  const edits: TextEdit[] = [];
  if (!usesGlobal) {
    const ensured = ensureDefaultImport(context, 'dompurify', 'DOMPurify');
    expression = ensured.expression;
    edits.push(...ensured.edits);
  }
  const text = context.getText(sink.value);
  edits.push({ start: sink.value.range[0], end: sink.value.range[1], text: `${expression}.sanitize(${text})` });
  return { messageId: 'sanitizeWithDompurify', kind: 'suggestion', edits };
}

/**
 * A framework told to skip its own escaping vouches for the value: one of unknown origin is shown
 * in the default output, because the code chose to switch the protection off for it. A URL whose
 * scheme the code fixes cannot become `javascript:`; one it leaves open matters only with input.
 */
function reportFramework(context: RuleContext, sink: HtmlSink & { framework: FrameworkSink }, value: FlowValue): void {
  if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
  const data = { sink: sink.name, advice: ADVICE[sink.kind] };
  const fixes = sink.framework.fix ? [sink.framework.fix] : [];
  const isUrl = sink.kind === 'script-url';
  const shape = isUrl ? urlShape(sink.value) : undefined;
  if (shape === 'fixed') return;
  if (value.origin === 'tainted') {
    const messageIds = isUrl ? { built: 'taintedUrl', whole: 'taintedUrl' } : { built: 'taintedHtml', whole: 'inputAsHtml' };
    reportTainted(context, { node: sink.value, value, messageIds, data, fixes, fallbackSource: 'untrusted input', hazard: 'injection' });
    return;
  }
  if (shape === 'open') return;
  context.report({ node: sink.value, messageId: isUrl ? 'scriptUrl' : 'vouchedHtml', data, severity: 'warning', confidence: 'medium', fixes });
}

function report(context: RuleContext, sink: HtmlSink, value: FlowValue): void {
  if (sink.framework) {
    reportFramework(context, { ...sink, framework: sink.framework }, value);
    return;
  }
  if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
  if (value.origin === 'unknown' && !value.built) return;
  const fixes: FixProposal[] = [];
  const text = textFix(sink, context);
  if (text) fixes.push(text);
  const sanitize = sanitizeFix(sink, context);
  if (sanitize) fixes.push(sanitize);
  const data = { sink: sink.name, advice: ADVICE[sink.kind] };
  if (value.origin === 'tainted') {
    reportTainted(context, { node: sink.value, value, messageIds: { built: 'taintedHtml', whole: 'inputAsHtml' }, data, fixes, fallbackSource: 'untrusted input', hazard: 'injection' });
    return;
  }
  // Markup built from values Rugged cannot place, a function's parameters included, is
  // audit-profile only: in browser code a parameter carries the server's own answers, which the
  // server escapes or computes (31 of 31 such findings on the precision benchmark were false, in
  // two measurements; the labelled corpus lost none of its weaknesses). React is the exception:
  // it escapes every prop by default, so `dangerouslySetInnerHTML` built from a component's prop
  // is the code switching that off for a caller's value, like a framework bypass.
  const plainParameter = !!value.parameter && !isInMethod(sink.value, context);
  const audit = !(plainParameter && sink.kind === 'dangerouslySetInnerHTML');
  context.report({ node: sink.value, messageId: 'builtHtml', data, severity: 'warning', confidence: plainParameter ? 'medium' : 'low', audit, fixes });
}

export default defineRule({
  id: 'unsafe-api/no-unsafe-html-sink',
  meta: {
    title: 'Markup written into the page from unsanitized values',
    checklist:
      'Values from the URL, messages, requests or other code reach the page as text (`textContent`, `.text()`, JSX children); markup from such values is passed through a sanitizer such as DOMPurify before it is written with `innerHTML` or a similar API.',
    rationale:
      'Anything written through `innerHTML`, `document.write`, jQuery `.html()` or `dangerouslySetInnerHTML` is parsed as HTML, so a value like `<img src=x onerror=...>` runs script in the victim\'s session. A link whose fragment or query carries such markup is enough to steal tokens, act as the user or rewrite the page.',
    severity: 'error',
    securitySeverity: '6.1',
    confidence: 'high',
    cwe: ['CWE-79'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/79.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/DOM_based_XSS_Prevention_Cheat_Sheet.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
      'https://github.com/cure53/DOMPurify',
      'https://react.dev/reference/react-dom/components/common#dangerously-setting-the-inner-html',
      'https://angular.dev/best-practices/security',
      'https://docs.angularjs.org/api/ng/service/$sce',
    ],
    frameworks: ['dom', 'jquery', 'react', 'angular', 'angularjs', 'react-markdown', 'serialize-javascript'],
    fix: 'suggestion',
    messages: {
      taintedHtml: 'Markup passed to `{{sink}}` is built from attacker-controlled input ({{source}}); {{advice}}.',
      inputAsHtml: '`{{sink}}` receives attacker-controlled input ({{source}}) as markup; {{advice}}.',
      builtHtml: 'Markup passed to `{{sink}}` is built from values of unknown origin without a sanitizer; {{advice}}.',
      useTextContent: 'Set `textContent` instead (renders the value as text, not markup)',
      useInsertAdjacentText: 'Use `insertAdjacentText` instead (inserts the value as text, not markup)',
      useJqueryText: 'Use `.text()` instead (sets the value as text, not markup)',
      sanitizeWithDompurify: 'Sanitize the markup with `DOMPurify.sanitize`',
      vouchedHtml: '`{{sink}}` renders a value of unknown origin without the escaping it would otherwise get; {{advice}}.',
      taintedUrl: '`{{sink}}` receives a URL whose scheme comes from attacker-controlled input ({{source}}), so a `javascript:` URL runs script; {{advice}}.',
      scriptUrl: 'A `javascript:` URL in `{{sink}}` is built from values of unknown origin; {{advice}}.',
      sceDisabled: "`$sceProvider.enabled(false)` turns AngularJS's Strict Contextual Escaping off for the whole application; keep it on and trust individual values with `$sce` only after sanitizing them.",
      enableSce: 'Keep Strict Contextual Escaping on',
      dropUnsafeOption: 'Drop `unsafe: true` (escapes `<`, `>` and `/` in the output)',
    },
    abuserStory: {
      actor: 'anonymous internet user who sends a crafted link',
      goal: 'hijack {asset} by putting `<img src=x onerror=...>` into a URL fragment, message or field that the page writes as HTML',
      harm: "my script runs in the victim's session, reads their data and acts as them",
      stride: ['T', 'I', 'E'],
      asset: "the user's session and the data the page can read",
      controls: [
        'Values from the URL, messages and the server are written to the page as text (textContent, .text(), JSX children)',
        'Markup that must be rendered is passed through DOMPurify (or the Sanitizer API) right before it is written',
        'A Content-Security-Policy without unsafe-inline blocks inline event handlers',
        'An automated security test opens every page with `#<img src=x onerror=alert(1)>` and a script payload in each parameter and no dialog appears',
      ],
      likelihood: 3,
      impact: 2,
    },
    since: '0.1.0',
  },
  create(context) {
    return {
      AssignmentExpression(node) {
        const sink = sinkOfAssignment(node);
        if (sink) report(context, sink, htmlValueOf(sink.value, context));
      },
      CallExpression(node) {
        if (disablesSce(node)) {
          const flag = node.arguments[0];
          context.report({ node, messageId: 'sceDisabled', severity: 'error', confidence: 'high', fixes: [{ messageId: 'enableSce', kind: 'suggestion', edits: [{ start: flag.range[0], end: flag.range[1], text: 'true' }] }] });
          return;
        }
        const framework = frameworkSinkOfCall(node, context);
        if (framework) {
          report(context, { kind: framework.kind, value: framework.value, name: framework.name, framework }, htmlValueOf(framework.value, context));
          return;
        }
        const sink = sinkOfCall(node, context);
        if (!sink) return;
        report(context, sink, sink.parts ? mergeValues(sink.parts.map((a) => htmlValueOf(a, context))) : htmlValueOf(sink.value, context));
      },
      JSXElement(element) {
        const markdown = rawMarkdownSource(element, context);
        if (!markdown) return;
        const framework: FrameworkSink = { kind: 'react-markdown-raw', value: markdown, name: 'react-markdown with raw HTML' };
        report(context, { kind: framework.kind, value: markdown, name: framework.name, framework }, htmlValueOf(markdown, context));
      },
      JSXAttribute(attribute) {
        const url = urlAttributeValue(attribute);
        if (url) {
          const name = context.getText(attribute.name);
          const framework: FrameworkSink = { kind: 'script-url', value: url, name };
          report(context, { kind: 'script-url', value: url, name, framework }, htmlValueOf(url, context));
          return;
        }
        if (attribute.name.type !== 'JSXIdentifier' || attribute.name.name !== 'dangerouslySetInnerHTML') return;
        if (!attribute.value || attribute.value.type !== 'JSXExpressionContainer') return;
        const html = htmlProperty(attribute.value.expression);
        if (html) report(context, { kind: 'dangerouslySetInnerHTML', value: html, name: 'dangerouslySetInnerHTML' }, htmlValueOf(html, context));
      },
      Property(node) {
        const property = node as TSESTree.Property;
        if (property.computed || property.key.type !== 'Identifier' || property.key.name !== 'dangerouslySetInnerHTML') return;
        const html = htmlProperty(property.value);
        if (html) report(context, { kind: 'dangerouslySetInnerHTML', value: html, name: 'dangerouslySetInnerHTML' }, htmlValueOf(html, context));
      },
    };
  },
});

function mergeValues(values: FlowValue[]): FlowValue {
  const tainted = values.find((v) => v.origin === 'tainted');
  const unknown = values.find((v) => v.origin === 'unknown');
  const worst = tainted ?? unknown ?? { origin: 'constant', built: false };
  return { ...worst, built: (values.length > 1 && worst.origin !== 'constant') || values.some((v) => v.built) };
}
