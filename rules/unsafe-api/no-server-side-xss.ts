// Flags HTML answers built from request input without escaping (Express/Next.js `res.send`, Node
// `res.write`/`res.end`, Koa `ctx.body`, Fastify `reply.send` with an HTML type, Hapi
// `h.response`, serverless and fetch-style results with an HTML Content-Type, NestJS handlers with
// `@Header('Content-Type', 'text/html')`), and template engines told to stop escaping
// (templateEscapingOff.ts) or handed input as trusted markup (`new Handlebars.SafeString(input)`).
// The DOM side is no-unsafe-html-sink's; template source from input is no-template-injection's.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, dottedName, type FlowValue, type FixProposal, isFunctionNode, keyNameOf, propertyName, returnedExpressions, type RuleContext, unwrap } from '../../server/src/engine/api';
import { localFunction } from '../util/escapeHelpers';
import { escapeInputFix } from '../util/htmlEscapeFix';
import { isKoaContext, isResponseObject } from '../util/httpResponses';
import { buildsMarkup, htmlValueOf } from '../util/htmlValues';
import { contentTypeOfText, declaredContentType } from '../util/responseContentType';
import { reportTainted } from '../util/taintReports';
import { enginesInFile, escapingOffInAssignment, escapingOffInProperty, servesWebPages } from '../util/templateEscapingOff';
import { engineRefOf } from '../util/templateEngines';

/**
 * How a framework types a string answer when the code sets no Content-Type: Express, Next.js and
 * Hapi send `text/html`; Node's `write`/`end` send none, so the browser sniffs markup at the start;
 * Koa sends `text/html` only when the string starts with `<`; Fastify sends `text/plain`; a
 * serverless or fetch-style result is HTML only when its headers say so.
 */
type DefaultType = 'html' | 'sniff' | 'koa' | 'plain' | 'explicit';

interface ResponseSink {
  /** The expression whose value becomes the body of the answer. */
  value: TSESTree.Node;
  /** How the sink is named in messages. */
  name: string;
  defaults: DefaultType;
  /** For 'explicit' sinks: the headers text that may declare the type. */
  headers?: TSESTree.Node;
}

/** Mentions a file must contain before the rule looks at it. */
const MENTIONS = /\.(?:send|write|end|response|body)\b|\bResponse\b|\bbody\s*:|\bhandler\s*[:(]|statusCode|SafeString|noEscape|autoescape|escape|@Header/;
/** Methods of a response that return it, so `res.status(200).type('html').send(x)` is one response. */
const CHAIN_METHODS = new Set(['status', 'type', 'set', 'header', 'headers', 'code', 'contentType', 'append', 'vary', 'cookie', 'clearCookie', 'location', 'links', 'setHeader', 'charset']);
/** A download: the browser saves the answer instead of showing it. */
const DOWNLOAD_METHODS = new Set(['attachment']);
/** Whole request containers: sent as they are, they are objects and answered as JSON. */
const WHOLE_INPUT = /^[\w$]+(?:\.request)?\.(?:body|query|params|headers|cookies|signedCookies|payload)$/;
/** NestJS decorators whose parameter receives request input. */
const NEST_INPUT_DECORATORS = new Set(['Query', 'Param', 'Body', 'Headers']);
/** Receivers whose `new X(body, init)` is a fetch-style answer. */
const FETCH_RESPONSES = new Set(['Response', 'NextResponse']);

const ADVICE = 'escape it with an HTML escaper such as `escape-html` (or render a template engine that escapes), or send it as JSON or `text/plain`';

/** The response object under a chain of response methods, unless the chain makes it a download. */
function responseRoot(receiver: TSESTree.Node): TSESTree.Node | undefined {
  let current = unwrap(receiver);
  for (let depth = 0; depth < 10 && current.type === 'CallExpression'; depth++) {
    const callee = unwrap(current.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const method = propertyName(callee);
    if (!method || DOWNLOAD_METHODS.has(method)) return undefined;
    if (!CHAIN_METHODS.has(method)) return undefined;
    current = unwrap(callee.object);
  }
  return current;
}

function callSink(node: TSESTree.CallExpression, context: RuleContext): ResponseSink | undefined {
  const callee = unwrap(node.callee);
  const first = node.arguments[0];
  if (callee.type !== 'MemberExpression' || !first || first.type === 'SpreadElement') return undefined;
  const method = propertyName(callee);
  if (method !== 'send' && method !== 'write' && method !== 'end' && method !== 'response') return undefined;
  const root = responseRoot(callee.object);
  if (!root || !isResponseObject(root, context) || isKoaContext(root, context)) return undefined;
  const rootName = root.type === 'Identifier' ? root.name : 'res';
  if (method === 'response') return rootName === 'h' || !/^(?:res|response|resp|reply)$/.test(rootName) ? { value: first, name: `${rootName}.response`, defaults: 'html' } : undefined;
  if (method === 'send') return { value: first, name: `${rootName}.send`, defaults: rootName === 'reply' ? 'plain' : 'html' };
  return { value: first, name: `${rootName}.${method}`, defaults: 'sniff' };
}

/** `ctx.body = x`, `ctx.response.body = x`. */
function koaBodySink(node: TSESTree.AssignmentExpression, context: RuleContext): ResponseSink | undefined {
  if (node.operator !== '=') return undefined;
  const target = unwrap(node.left);
  if (target.type !== 'MemberExpression' || propertyName(target) !== 'body') return undefined;
  const owner = unwrap(target.object);
  const isResponse = owner.type === 'MemberExpression' && propertyName(owner) === 'response' && isKoaContext(owner.object, context);
  if (!isResponse && !isKoaContext(owner, context)) return undefined;
  return { value: node.right, name: `${context.getText(target)}`, defaults: 'koa' };
}

/** `{ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: x }` of a serverless handler. */
function resultBodySink(node: TSESTree.Property, context: RuleContext): ResponseSink | undefined {
  if (keyNameOf(node) !== 'body') return undefined;
  const object = context.getParent(node);
  if (!object || object.type !== 'ObjectExpression') return undefined;
  const hasStatus = object.properties.some((p) => p.type === 'Property' && keyNameOf(p) === 'statusCode');
  if (!hasStatus) return undefined;
  const headers = object.properties.find((p) => p.type === 'Property' && keyNameOf(p) === 'headers');
  return { value: node.value, name: 'the handler result', defaults: 'explicit', headers: headers?.type === 'Property' ? headers.value : undefined };
}

/**
 * `server.route({ method: 'GET', path: '/x', handler: (request) => markup })`: Hapi sends a string
 * a handler returns as text/html. Fastify's route objects name the path `url` and answer a string
 * as text/plain, so an object with `url` is not Hapi's.
 */
function hapiReturnSinks(node: TSESTree.Property, context: RuleContext): ResponseSink[] {
  if (keyNameOf(node) !== 'handler' || !isFunctionNode(node.value)) return [];
  const object = context.getParent(node);
  if (object?.type !== 'ObjectExpression') return [];
  const keys = new Set(object.properties.map((p) => (p.type === 'Property' ? keyNameOf(p) : undefined)));
  if (!keys.has('path') || keys.has('url')) return [];
  return returnedExpressions(node.value).map((value) => ({ value, name: 'the Hapi handler result', defaults: 'html' as const }));
}

/** `new Response(html, { headers: { 'Content-Type': 'text/html' } })`. */
function fetchResponseSink(node: TSESTree.NewExpression, context: RuleContext): ResponseSink | undefined {
  const name = dottedName(node.callee);
  const first = node.arguments[0];
  if (!name || !FETCH_RESPONSES.has(name) || !first || first.type === 'SpreadElement') return undefined;
  const callee = unwrap(node.callee);
  const variable = callee.type === 'Identifier' ? context.flow.variableOf(callee) : undefined;
  if (variable && variable.defs.length > 0 && variable.defs[0].type !== 'ImportBinding') return undefined;
  return { value: first, name: `new ${name}`, defaults: 'explicit', headers: node.arguments[1] };
}

/** The constant text a value starts with, through a variable assigned once. */
function constantStart(node: TSESTree.Node, context: RuleContext, depth = 0): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral') return inner.quasis[0].value.cooked || (inner.expressions.length === 0 ? '' : undefined);
  if (inner.type === 'BinaryExpression' && inner.operator === '+') return constantStart(inner.left, context, depth + 1);
  if (inner.type === 'Identifier' && depth < 4) {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 ? constantStart(writes[0], context, depth + 1) : undefined;
  }
  return undefined;
}

/** Objects and arrays are answered as JSON, whatever the framework does with strings. */
function isObjectShaped(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  const inner = unwrap(node);
  // Literals, and helpers of this file or imported ones (by their module's summary) that return only objects.
  if (context.flow.isObjectShaped(inner)) return true;
  if (inner.type === 'MemberExpression' && WHOLE_INPUT.test(context.getText(inner))) return true;
  // Either branch is sent: `matched ? { ...matched, on: true } : { id, on: true }`.
  if (inner.type === 'ConditionalExpression') return isObjectShaped(inner.consequent, context, depth) && isObjectShaped(inner.alternate, context, depth);
  // `ctx.body = await saveNote(id, fields)`, a helper of this file that may also return the parsed body.
  if (inner.type === 'CallExpression' && depth <= 3) return returnsOnlyObjects(inner, context, depth + 1);
  if (inner.type !== 'Identifier' || depth > 3) return false;
  // A variable that starts as the parsed body and is rebuilt with a spread (`doc = { ...DEFAULTS, ...doc }`) stays an object.
  const writes = context.flow.assignmentsOf(inner);
  return writes.length > 0 && writes.every((w) => unwrap(w) !== inner && isObjectShaped(w, context, depth + 1));
}

/** A call of a function defined in this file that returns an object or array on every path. */
function returnsOnlyObjects(call: TSESTree.CallExpression, context: RuleContext, depth: number): boolean {
  const callee = unwrap(call.callee);
  const fn = callee.type === 'Identifier' ? localFunction(callee, context) : undefined;
  if (!fn || !isFunctionNode(fn)) return false;
  const returned = returnedExpressions(fn);
  return returned.length > 0 && returned.every((r) => isObjectShaped(r, context, depth));
}

/**
 * Escaping turned off in a file that serves web pages is an error: visitors' values reach the
 * templates. Elsewhere the engine may render a static site from its author's own content (hexo's
 * tag plugins and themes print HTML on purpose) or text that is not HTML, so it is a warning.
 */
function escapingOffLevel(context: RuleContext, options?: TSESTree.ObjectExpression): { severity: 'error' | 'warning'; confidence: 'medium' } {
  return servesWebPages(context, options) ? { severity: 'error', confidence: 'medium' } : { severity: 'warning', confidence: 'medium' };
}

type Shape = 'markup' | 'built' | 'bare';

function shapeOf(node: TSESTree.Node, value: FlowValue, context: RuleContext): Shape {
  if (buildsMarkup(node, context)) return 'markup';
  const inner = unwrap(node);
  return value.built || inner.type === 'TemplateLiteral' || inner.type === 'BinaryExpression' ? 'built' : 'bare';
}

/** The text of a headers object, also through a constant (`headers: HTML_HEADERS`). */
function headersText(node: TSESTree.Node, context: RuleContext): string {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    if (writes.length === 1) return context.getText(writes[0]);
  }
  return context.getText(inner);
}

/**
 * Whether the answer is read as HTML, and how sure that is: certain for an HTML type or a string
 * the framework sends as HTML; a bare value may be an object (JSON) or, in Koa, not start with `<`.
 */
function judge(sink: ResponseSink, shape: Shape, context: RuleContext): 'certain' | 'likely' | undefined {
  const headers = sink.headers && headersText(sink.headers, context);
  const declared = (headers !== undefined ? contentTypeOfText(headers) : undefined) ?? declaredContentType(sink.value, context);
  if (declared === 'other') return undefined;
  if (declared === 'html') return 'certain';
  switch (sink.defaults) {
    case 'html':
      return shape === 'bare' ? 'likely' : 'certain';
    case 'sniff':
      return shape === 'markup' ? 'certain' : undefined;
    case 'koa': {
      const start = constantStart(sink.value, context);
      if (start === undefined) return 'likely';
      return /^\s*</.test(start) ? 'certain' : undefined;
    }
    default:
      return undefined;
  }
}

/** `@Header('Content-Type', 'text/html')` on a NestJS handler. */
function declaresHtmlHeader(method: TSESTree.MethodDefinition): boolean {
  return (method.decorators ?? []).some((d) => {
    const call = d.expression;
    if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || call.callee.name !== 'Header') return false;
    const [name, value] = call.arguments;
    return name?.type === 'Literal' && String(name.value).toLowerCase() === 'content-type' && value?.type === 'Literal' && /html/i.test(String(value.value));
  });
}

/** Parameters decorated with `@Query()`, `@Param('id')`, `@Body()`, `@Headers()`, with the decorator's text. */
function nestInputParams(fn: TSESTree.FunctionExpression): Map<string, TSESTree.Node> {
  const params = new Map<string, TSESTree.Node>();
  for (const param of fn.params) {
    const id = param.type === 'TSParameterProperty' ? param.parameter : param;
    if (id.type !== 'Identifier') continue;
    const decorator = (id.decorators ?? []).find((d) => d.expression.type === 'CallExpression' && d.expression.callee.type === 'Identifier' && NEST_INPUT_DECORATORS.has(d.expression.callee.name));
    if (decorator) params.set(id.name, decorator);
  }
  return params;
}

/** The identifier at the root of `x`, `x.name`, `x.trim()`. */
function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  for (let depth = 0; depth < 8; depth++) {
    if (current.type === 'Identifier') return current;
    if (current.type === 'MemberExpression') current = unwrap(current.object);
    else if (current.type === 'CallExpression' && current.callee.type === 'MemberExpression') current = unwrap(current.callee.object);
    else return undefined;
  }
  return undefined;
}

/** `text` or `options.hash.url`, a function's parameter pasted into markup as it is. */
function isUnescapedParameter(part: TSESTree.Node, context: RuleContext): boolean {
  if (htmlValueOf(part, context).origin === 'constant') return false;
  const root = rootIdentifier(part);
  const def = root ? context.flow.variableOf(root)?.defs[0] : undefined;
  return def?.type === 'Parameter' && (unwrap(part).type === 'Identifier' || unwrap(part).type === 'MemberExpression');
}

/** The parts of a template or `+` chain that are not constant text. */
function expressionParts(node: TSESTree.Node, out: TSESTree.Node[] = [], depth = 0): TSESTree.Node[] {
  const inner = unwrap(node);
  if (depth > 20) out.push(inner);
  else if (inner.type === 'TemplateLiteral') inner.expressions.forEach((e) => expressionParts(e, out, depth + 1));
  else if (inner.type === 'BinaryExpression' && inner.operator === '+') {
    expressionParts(inner.left, out, depth + 1);
    expressionParts(inner.right, out, depth + 1);
  } else if (inner.type !== 'Literal') out.push(inner);
  return out;
}

export default defineRule({
  id: 'unsafe-api/no-server-side-xss',
  meta: {
    title: 'HTML answer built from request input without escaping',
    checklist:
      'Request input is escaped for HTML (by a template engine with auto-escaping on, or by an escaper such as `escape-html`) before it is written into an HTML answer; template auto-escaping is never turned off.',
    rationale:
      'A server that writes a query parameter, form field or header into an HTML answer as it is lets anyone craft a link whose `<script>` or `<img onerror>` runs in the victim\'s browser on the site\'s own origin: reflected cross-site scripting. The script reads what the user sees, acts with their session and can steal tokens; turning a template engine\'s escaping off does the same for every value it prints.',
    severity: 'error',
    securitySeverity: '6.1',
    confidence: 'high',
    cwe: ['CWE-79'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/79.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html',
      'https://expressjs.com/en/api.html#res.send',
      'https://handlebarsjs.com/api-reference/compilation.html',
      'https://mozilla.github.io/nunjucks/api.html#configure',
    ],
    frameworks: ['express', 'koa', 'fastify', 'hapi', 'nextjs', 'nestjs', 'aws-lambda', 'handlebars', 'nunjucks', 'mustache', 'ejs'],
    fix: 'suggestion',
    messages: {
      taintedHtml: 'HTML sent by `{{sink}}` is built from request input ({{source}}) without escaping; {{advice}}.',
      inputAsHtml: '`{{sink}}` sends request input ({{source}}) in an answer the browser reads as HTML; {{advice}}.',
      trustedInput: '`{{sink}}` marks request input ({{source}}) as trusted markup, so Handlebars prints it unescaped; escape it with `Handlebars.escapeExpression` first, or return the plain string and let the template escape it.',
      vouchedMarkup: '`{{sink}}` marks markup built from a helper\'s arguments as trusted without escaping them; escape each argument with `Handlebars.escapeExpression`.',
      escapingOff: '{{setting}} turns HTML escaping off for every value the templates print; keep escaping on and print trusted markup explicitly (`{{{ }}}`, `| safe`) one value at a time.',
      escapeInput: 'Escape the input with `{{escaper}}`',
      keepEscaping: 'Turn escaping back on',
    },
    abuserStory: {
      actor: 'anonymous internet user who sends a crafted link',
      goal: 'hijack {asset} by putting `<script>` or `<img src=x onerror=...>` into a query parameter or form field that the server writes into its HTML answer',
      harm: "my script runs on the site's origin in the victim's browser, reads their data and acts with their session",
      stride: ['T', 'I', 'E'],
      asset: "users' sessions and the data the site shows them",
      controls: [
        'HTML answers are rendered by a template engine with auto-escaping on; values put into hand-built HTML go through an HTML escaper such as escape-html',
        'Answers that are not pages are sent as JSON or text/plain, with `X-Content-Type-Options: nosniff`',
        'A Content-Security-Policy without unsafe-inline blocks injected inline scripts',
        'An automated test sends `<script>alert(1)</script>` and `"><img src=x onerror=alert(1)>` in every parameter and never finds them unescaped in an HTML answer',
      ],
      likelihood: 3,
      impact: 2,
    },
    since: '0.3.0',
  },
  create(context) {
    if (!MENTIONS.test(context.sourceText)) return {};
    let engines: ReturnType<typeof enginesInFile> | undefined;
    const fileEngines = () => (engines ??= enginesInFile(context));

    const check = (sink: ResponseSink | undefined) => {
      if (!sink || isObjectShaped(sink.value, context)) return;
      const value = htmlValueOf(sink.value, context);
      if (value.origin !== 'tainted') return;
      const verdict = judge(sink, shapeOf(sink.value, value, context), context);
      if (!verdict) return;
      const fix = escapeInputFix(sink.value, context, 'escapeInput');
      const fixes: FixProposal[] = fix ? [fix] : [];
      const likely = verdict === 'likely';
      reportTainted(context, {
        node: sink.value,
        value,
        messageIds: { built: 'taintedHtml', whole: 'inputAsHtml' },
        data: { sink: sink.name, advice: ADVICE },
        fixes,
        hazard: 'injection',
        ...(likely ? { severity: 'warning' as const, confidence: 'medium' as const } : {}),
      });
    };

    // Only a call naming `SafeString` (as a member, an import or a destructured key) can be one.
    const namesSafeString = context.sourceText.includes('SafeString');
    const checkSafeString = (node: TSESTree.NewExpression) => {
      if (!namesSafeString) return;
      const ref = engineRefOf(node.callee, context);
      const first = node.arguments[0];
      if (!ref || ref.engine !== 'handlebars' || ref.name !== 'SafeString' || !first || first.type === 'SpreadElement') return;
      const value = htmlValueOf(first, context);
      const sink = 'new Handlebars.SafeString';
      if (value.origin === 'tainted') {
        reportTainted(context, { node: first, value, messageIds: { built: 'trustedInput', whole: 'trustedInput' }, data: { sink }, fixes: [], hazard: 'injection' });
        return;
      }
      // A helper that pastes its own arguments into markup: the template's data decides them.
      if (value.origin === 'unknown' && buildsMarkup(first, context) && expressionParts(first).some((part) => isUnescapedParameter(part, context))) {
        context.report({ node: first, messageId: 'vouchedMarkup', data: { sink }, severity: 'warning', confidence: 'medium' });
      }
    };

    const checkNestHandler = (method: TSESTree.MethodDefinition) => {
      const fn = method.value;
      if (!declaresHtmlHeader(method) || !isFunctionNode(fn) || fn.type !== 'FunctionExpression') return;
      const inputs = nestInputParams(fn);
      if (inputs.size === 0) return;
      const walk = (node: TSESTree.Node) => {
        const returned = unwrap(node);
        for (const part of expressionParts(returned)) {
          if (htmlValueOf(part, context).origin === 'constant') continue;
          const root = rootIdentifier(part);
          const decorator = root && inputs.get(root.name);
          if (!root || !decorator) continue;
          const value: FlowValue = { origin: 'tainted', built: part !== returned, source: { node: decorator, description: context.getText(decorator) } };
          const guard = context.flow.guardOf(part);
          reportTainted(context, { node: part, value: guard ? { ...value, guard } : value, messageIds: { built: 'taintedHtml', whole: 'inputAsHtml' }, data: { sink: `${keyNameOf(method) ?? 'handler'}()`, advice: ADVICE }, fixes: [], hazard: 'injection' });
        }
      };
      for (const returned of returnedExpressions(fn)) walk(returned);
    };

    return {
      CallExpression: (node) => check(callSink(node, context)),
      AssignmentExpression: (node) => {
        const off = escapingOffInAssignment(node, context);
        if (off) {
          context.report({ node: off.node, messageId: 'escapingOff', data: { setting: off.setting }, ...escapingOffLevel(context) });
          return;
        }
        check(koaBodySink(node, context));
      },
      Property: (node) => {
        if (context.getParent(node)?.type === 'ObjectExpression') {
          const off = escapingOffInProperty(node, fileEngines);
          if (off) {
            const options = context.getParent(node) as TSESTree.ObjectExpression;
            context.report({ node: off.node, messageId: 'escapingOff', data: { setting: off.setting }, ...escapingOffLevel(context, options), fixes: off.fix ? [off.fix] : [] });
            return;
          }
        }
        check(resultBodySink(node, context));
        for (const sink of hapiReturnSinks(node, context)) check(sink);
      },
      NewExpression: (node) => {
        checkSafeString(node);
        check(fetchResponseSink(node, context));
      },
      MethodDefinition: (node) => checkNestHandler(node),
    };
  },
});
