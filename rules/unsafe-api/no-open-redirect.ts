// Flags redirects whose target comes from the request or the page's URL: res.redirect, ctx.redirect,
// reply.redirect, h.redirect, Response.redirect, a Location header, and in the browser
// location.href/assign/replace and window.open. Offers to keep only a path on this site.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, type FlowValue, defineRule, enclosingFunction, type FixProposal, isFunctionNode, keyNameOf, propertyName, returnedExpressions, type RuleContext, unwrap } from '../../server/src/engine/api';
import { localFunction } from '../util/escapeHelpers';
import { isKoaContext, isResponseObject } from '../util/httpResponses';
import { keepsRedirectOnSite } from '../util/redirectChecks';
import { reportTainted } from '../util/taintReports';

interface RedirectSink {
  target: TSESTree.Node;
  name: string;
  browser: boolean;
  /** `Response.redirect`/`NextResponse.redirect`, whose request's `url` is absolute and names this site. */
  fetchStyle?: boolean;
}

/** Mentions that a file must contain before the rule looks at it. */
const MENTIONS = /redirect|location|window\.open|\bopen\(/i;
const HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append', 'writeHead']);
/** Receivers whose static `redirect` answers a fetch-style request (Next.js, workers, Remix). */
const RESPONSE_CLASSES = new Set(['Response', 'NextResponse']);
/** A browser global that navigates when assigned: `location`, `window.location`, `top.location`. */
const LOCATION_OBJECT = /^(?:(?:window|self|top|parent|document|globalThis)\.)?location$/;

function isLocationHeader(node: TSESTree.Node | undefined): boolean {
  const inner = node && unwrap(node);
  return !!inner && inner.type === 'Literal' && typeof inner.value === 'string' && inner.value.toLowerCase() === 'location';
}

function isGlobalName(node: TSESTree.Node, context: RuleContext): boolean {
  let root = unwrap(node);
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  if (root.type !== 'Identifier') return false;
  const variable = context.flow.variableOf(root);
  return !variable || variable.defs.length === 0;
}

/** A global (`Response`) or an import (`NextResponse` from 'next/server'), not a local object. */
function isGlobalOrImported(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return false;
  const variable = context.flow.variableOf(inner);
  return !variable || variable.defs.length === 0 || variable.defs[0].type === 'ImportBinding';
}

/** `{ Location: target }` inside a headers object (writeHead, a Lambda result, a Response init). */
function locationInHeaders(object: TSESTree.Node): TSESTree.Node | undefined {
  const inner = unwrap(object);
  if (inner.type !== 'ObjectExpression') return undefined;
  for (const property of inner.properties) {
    if (property.type === 'Property' && keyNameOf(property)?.toLowerCase() === 'location') return property.value;
  }
  return undefined;
}

function callSinks(call: TSESTree.CallExpression, context: RuleContext): RedirectSink[] {
  const callee = unwrap(call.callee);
  const args = call.arguments;
  if (callee.type !== 'MemberExpression' || args.length === 0 || args.some((a) => a.type === 'SpreadElement')) return [];
  const method = propertyName(callee);
  const receiver = unwrap(callee.object);
  const receiverName = dottedName(receiver);
  if (method === 'redirect') {
    const fetchStyle = !!receiverName && RESPONSE_CLASSES.has(receiverName) && isGlobalOrImported(receiver, context);
    if (!fetchStyle && !isResponseObject(receiver, context) && !isKoaContext(receiver, context)) return [];
    // res.redirect(301, url) and Fastify's reply.redirect(url, 301): the status is a number.
    const target = args.find((a) => !(a.type === 'Literal' && typeof a.value === 'number'));
    return target ? [{ target, name: `${receiverName ?? 'res'}.redirect`, browser: false, fetchStyle }] : [];
  }
  if (method === 'location' && isResponseObject(receiver, context)) return [{ target: args[0], name: `${receiverName}.location`, browser: false }];
  if (method && HEADER_SETTERS.has(method)) {
    if (method === 'writeHead') {
      const headers = args.find((a) => unwrap(a).type === 'ObjectExpression');
      const target = headers && locationInHeaders(headers);
      return target ? [{ target, name: 'a Location header', browser: false }] : [];
    }
    if (isLocationHeader(args[0]) && args[1]) return [{ target: args[1], name: 'a Location header', browser: false }];
    const target = method === 'set' ? locationInHeaders(args[0]) : undefined;
    return target ? [{ target, name: 'a Location header', browser: false }] : [];
  }
  if ((method === 'assign' || method === 'replace') && receiverName && LOCATION_OBJECT.test(receiverName) && isGlobalName(receiver, context)) {
    return [{ target: args[0], name: `location.${method}`, browser: true }];
  }
  if (method === 'open' && (receiverName === 'window' || receiverName === 'self' || receiverName === 'globalThis') && isGlobalName(receiver, context)) {
    return [{ target: args[0], name: 'window.open', browser: true }];
  }
  return [];
}

function assignmentSink(node: TSESTree.AssignmentExpression, context: RuleContext): RedirectSink | undefined {
  if (node.operator !== '=') return undefined;
  const left = unwrap(node.left);
  const name = dottedName(left);
  if (!name || !isGlobalName(left, context)) return undefined;
  // location = x, window.location = x, location.href = x, window.location.href = x
  const target = LOCATION_OBJECT.test(name) || (left.type === 'MemberExpression' && propertyName(left) === 'href' && LOCATION_OBJECT.test(dottedName(left.object) ?? ''));
  return target ? { target: node.right, name: name.endsWith('.href') ? 'location.href' : 'location', browser: true } : undefined;
}

/** `{ statusCode: 302, headers: { Location: target } }` returned by a serverless handler. */
function headersPropertySink(node: TSESTree.Property): RedirectSink | undefined {
  if (keyNameOf(node) !== 'headers') return undefined;
  const target = locationInHeaders(node.value);
  return target ? { target, name: 'a Location header', browser: false } : undefined;
}

/**
 * `return { url }` from a NestJS route method decorated with `@Redirect()`: Nest redirects to the
 * returned `url`, overriding the decorator's own.
 */
function nestRedirectSink(node: TSESTree.Property, context: RuleContext): RedirectSink | undefined {
  if (keyNameOf(node) !== 'url') return undefined;
  const object = context.getParent(node);
  const holder = object && context.getParent(object);
  if (object?.type !== 'ObjectExpression' || !holder) return undefined;
  const fn = holder.type === 'ReturnStatement' ? enclosingFunction(holder, context) : holder.type === 'ArrowFunctionExpression' && holder.body === object ? holder : undefined;
  const method = fn && context.getParent(fn);
  if (method?.type !== 'MethodDefinition' || !fn || !returnedExpressions(fn).includes(object)) return undefined;
  const decorated = (method.decorators ?? []).some((d) => {
    const call = unwrap(d.expression);
    if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier') return false;
    const binding = context.imports.bindingFor(call.callee.name);
    return !!binding && binding.module === '@nestjs/common' && (binding.imported ?? call.callee.name) === 'Redirect';
  });
  return decorated ? { target: node.value, name: '@Redirect() url', browser: false } : undefined;
}

/** The parts of a `+` chain or template, in order: constant text, or an expression. */
function urlPieces(node: TSESTree.Node, out: Array<string | TSESTree.Node> = [], depth = 0): Array<string | TSESTree.Node> {
  const inner = unwrap(node);
  if (depth > 20) out.push(inner);
  else if (inner.type === 'Literal' && typeof inner.value === 'string') out.push(inner.value);
  else if (inner.type === 'TemplateLiteral') {
    inner.quasis.forEach((quasi, i) => {
      out.push(quasi.value.cooked ?? '\u0001');
      if (i < inner.expressions.length) urlPieces(inner.expressions[i], out, depth + 1);
    });
  } else if (inner.type === 'BinaryExpression' && inner.operator === '+') {
    urlPieces(inner.left, out, depth + 1);
    urlPieces(inner.right, out, depth + 1);
  } else if (!joinedPieces(inner, out, depth)) out.push(inner);
  return out;
}

/**
 * `['./', ...rest].join('?')`: the elements of an array literal with the separator between them,
 * up to the first spread, which may add nothing (and so no separator) and stands for the rest.
 */
function joinedPieces(node: TSESTree.Node, out: Array<string | TSESTree.Node>, depth: number): boolean {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || propertyName(node.callee) !== 'join') return false;
  const list = unwrap(node.callee.object);
  const [separator] = node.arguments;
  if (list.type !== 'ArrayExpression' || node.arguments.length > 1) return false;
  const between = separator === undefined ? ',' : separator.type === 'Literal' && typeof separator.value === 'string' ? separator.value : undefined;
  if (between === undefined) return false;
  for (const [i, element] of list.elements.entries()) {
    if (!element || element.type === 'SpreadElement') {
      out.push(node);
      return true;
    }
    if (i > 0) out.push(between);
    urlPieces(element, out, depth + 1);
  }
  return true;
}

/**
 * True when text before any input pins the origin: a path on this site (`/users/`, not `/` alone),
 * `?`/`#`, or an absolute URL up to the slash after its host; also a configured base followed by
 * a slash (`${BASE_URL}/done?next=${x}`).
 */
function originIsFixed(target: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  // `const realURL = ...; res.redirect(realURL)`: the one value the variable is ever given.
  const inner = unwrap(target);
  const writes = inner.type === 'Identifier' && depth < 4 ? context.flow.assignmentsOf(inner) : [];
  if (writes.length === 1 && writes[0] !== inner) return originIsFixed(writes[0], context, depth + 1);
  let text = '';
  let encodedLead = false;
  let complete = true;
  for (const piece of urlPieces(target)) {
    // `encodeURIComponent(id) + '?' + ...`: an encoded value holds no `/`, `\`, `:`, `?` or `#`, so
    // leading the URL it is a relative path (or nothing), never a scheme or a host.
    if (typeof piece !== 'string' && text === '' && isEncodedComponent(piece, context)) {
      encodedLead = true;
      continue;
    }
    if (typeof piece !== 'string' && context.flow.valueOf(piece).origin === 'tainted') {
      // '/' + next.replace(/^[\s\/\\]+/, ''): the input can no longer start a second slash.
      if (text === '/' && stripsLeadingSlashes(piece)) return true;
      // url.search and url.hash of a parsed URL start with '?' and '#' (or are empty): input there
      // follows whatever comes before and cannot name a host.
      const part = urlQueryOrFragment(piece, context);
      if (part) {
        text += part;
        continue;
      }
      complete = false;
      break;
    }
    text += typeof piece === 'string' ? piece : '\u0001';
  }
  // After an encoded lead, what follows must not complete a scheme or start a host when the
  // encoded value is empty: the end, a query, a fragment or a path.
  if (encodedLead) return (complete && text === '') || /^(?:[?#]|\/[^/\\\u0001]|\.{1,2}\/)/.test(text);
  return /^(?:\/[^/\\\u0001]|[?#]|\.{1,2}\/|[a-z][a-z0-9+.-]*:\/\/[^/?#\\\u0001]+[/?#])/i.test(text) || /^\u0001+[/?#]/.test(text);
}

/** `encodeURIComponent(x)`, the global (a local function of that name may do anything). */
function isEncodedComponent(piece: TSESTree.Node, context: RuleContext): boolean {
  const call = unwrap(piece);
  return call.type === 'CallExpression' && call.callee.type === 'Identifier' && call.callee.name === 'encodeURIComponent' && isGlobalName(call.callee, context);
}

/** '?' for `url.search`, '#' for `url.hash`, when `url` only ever holds `new URL(...)`. */
function urlQueryOrFragment(piece: TSESTree.Node, context: RuleContext): string | undefined {
  const member = unwrap(piece);
  if (member.type !== 'MemberExpression') return undefined;
  const field = propertyName(member);
  if (field !== 'search' && field !== 'hash') return undefined;
  const object = unwrap(member.object);
  if (object.type === 'NewExpression') return dottedName(object.callee) === 'URL' ? (field === 'search' ? '?' : '#') : undefined;
  if (object.type !== 'Identifier') return undefined;
  const writes = context.flow.assignmentsOf(object);
  const parsed = writes.length > 0 && writes.every((w) => {
    const write = unwrap(w);
    return write.type === 'NewExpression' && dottedName(write.callee) === 'URL';
  });
  return parsed ? (field === 'search' ? '?' : '#') : undefined;
}

/**
 * `res.redirect(cleanUrl(req))` where `cleanUrl` is a function of this file: safe when every value
 * it returns keeps the site (a path, a URL on this site), judged as if it were written at the sink.
 */
function helperKeepsSite(target: TSESTree.Node, sink: RedirectSink, context: RuleContext, depth = 0): boolean {
  const call = unwrap(target);
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier' || depth > 2) return false;
  const fn = localFunction(call.callee, context);
  if (!fn || !isFunctionNode(fn)) return false;
  const returns = returnedExpressions(fn);
  return (
    returns.length > 0 &&
    returns.every((r) => context.flow.valueOf(r).origin !== 'tainted' || originIsFixed(r, context) || sameSiteUrl(r, sink, context) || helperKeepsSite(r, sink, context, depth + 1))
  );
}

/** Names whose result keeps its argument's text: a call of any other function decides the value itself. */
const TEXT_KEEPING_CALLS = /^(?:String|decodeURI|decodeURIComponent|encodeURI|encodeURIComponent|unescape|trim\w*|replace\w*|slice|substring|substr|toString|toLowerCase|toUpperCase|concat|join|normalize|format|get|getAll|pop|shift|at)$/;

/**
 * A variable whose input is only ever added to (`url += '?r=' + encodeURIComponent(req.url)`)
 * after a first value that pins the site, or one rewritten by a helper of the application
 * (`redirect = resolveLoginRedirect(redirect)`), which is then the judge of the value.
 */
function fixedThroughVariable(target: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(target);
  // `${redirect.split('?')[0]}?reason=x`: the variable the input comes from.
  const rewritten = variableRead(urlPieces(inner).find((p) => typeof p !== 'string' && context.flow.valueOf(p).origin === 'tainted'));
  if (rewritten && context.flow.assignmentsOf(rewritten).some((w) => rewritesVariable(w, rewritten.name, context))) return true;
  if (inner.type !== 'Identifier') return false;
  const writes = context.flow.assignmentsOf(inner);
  if (writes.length < 2) return false;
  return writes.every((write, i) => {
    const parent = context.getParent(write);
    const appended = parent?.type === 'AssignmentExpression' && parent.operator === '+=';
    if (i === 0) return !appended && context.flow.valueOf(write).origin !== 'tainted';
    if (!appended) return context.flow.valueOf(write).origin !== 'tainted';
    const first = urlPieces(write)[0];
    return typeof first === 'string' ? /^[?#&]/.test(first) : context.flow.valueOf(write).origin !== 'tainted';
  });
}

/** The variable at the root of `x`, `x.split('?')[0]` or `x.trim()`. */
function variableRead(piece: string | TSESTree.Node | undefined): TSESTree.Identifier | undefined {
  let node = typeof piece === 'string' || !piece ? undefined : unwrap(piece);
  for (let depth = 0; node && depth < 8; depth++) {
    if (node.type === 'Identifier') return node;
    if (node.type === 'MemberExpression') node = unwrap(node.object);
    else if (node.type === 'CallExpression') node = unwrap(node.callee);
    else return undefined;
  }
  return undefined;
}

function rewritesVariable(write: TSESTree.Node, name: string, context: RuleContext): boolean {
  const call = unwrap(write);
  if (call.type !== 'CallExpression') return false;
  const callee = unwrap(call.callee);
  const fn = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  if (!fn || TEXT_KEEPING_CALLS.test(fn)) return false;
  const parent = context.getParent(write);
  return parent?.type === 'AssignmentExpression' && call.arguments.some((a) => a.type === 'Identifier' && a.name === name);
}

/** `x.replace(/^[\s\/\\]+/, '')`: leading whitespace, slashes and backslashes removed. */
function stripsLeadingSlashes(node: TSESTree.Node): boolean {
  const call = unwrap(node);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || propertyName(call.callee) !== 'replace') return false;
  const [pattern, replacement] = call.arguments;
  if (!pattern || pattern.type !== 'Literal' || !('regex' in pattern) || !pattern.regex || !replacement) return false;
  const klass = /^\^\[([^\]]*)\]\+$/.exec(pattern.regex.pattern);
  return !!klass && /\\s/.test(klass[1]) && /\//.test(klass[1]) && klass[1].includes('\\\\') && replacement.type === 'Literal' && replacement.value === '';
}

/**
 * `new URL('/login', request.url)`: a relative first argument takes its origin from the base. In
 * a fetch-style handler the request's own `url`/`nextUrl` is absolute and names this site.
 */
function sameSiteUrl(target: TSESTree.Node, sink: RedirectSink, context: RuleContext, depth = 0): boolean {
  const inner = unwrap(target);
  if (inner.type === 'NewExpression' && dottedName(inner.callee) === 'URL' && inner.arguments.length === 2) {
    return context.flow.valueOf(inner.arguments[0]).origin !== 'tainted';
  }
  if (inner.type === 'Identifier' && depth < 4) {
    const writes = context.flow.assignmentsOf(inner);
    if (writes.length === 1) return sameSiteUrl(writes[0], sink, context, depth + 1);
  }
  if (!sink.fetchStyle) return false;
  // request.url, request.nextUrl, request.nextUrl.clone() (then given another pathname)
  return /^[\w$]+\.(?:url|nextUrl)(?:\.clone\(\))?$/.test(context.getText(inner));
}

/** `REDIRECTS[req.query.to]`: an entry of a table the code wrote, never the input itself. */
function isTableLookup(target: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(target);
  return inner.type === 'MemberExpression' && inner.computed && context.flow.valueOf(inner.object).origin !== 'tainted';
}

/** The Host header (HTTPS upgrades) and the Referer (Express's own 'back') name this site or the visitor's own page. */
function isHostOrReferer(value: FlowValue): boolean {
  return /host|referr?er/i.test(value.source?.description ?? '');
}

/** The check before the redirect, as the redirect sees it: containment tests count only when they pin the site. */
function asRedirectValue(value: FlowValue, context: RuleContext): FlowValue | undefined {
  const guard = value.guard;
  if (!guard) return value;
  // The guard model keeps the strongest part of `a || b || c`; the site test may be another part.
  if (keepsRedirectOnSite(guard, context)) return undefined;
  return guard.protects === 'all' ? value : { ...value, guard: undefined };
}

/** res.redirect(next) -> res.redirect(`/${next.replace(/^[/\\]+/, '')}`): a path on this site. */
function relativePathFix(sink: RedirectSink, context: RuleContext): FixProposal | undefined {
  const target = unwrap(sink.target);
  if (target.type === 'TemplateLiteral' || target.type === 'BinaryExpression' || target.type === 'Literal') return undefined;
  const text = context.getText(sink.target);
  return {
    messageId: 'keepPathOnly',
    kind: 'suggestion',
    edits: [{ start: sink.target.range[0], end: sink.target.range[1], text: `'/' + String(${text}).replace(/^[\\s\\/\\\\]+/, '')` }],
  };
}

export default defineRule({
  id: 'unsafe-api/no-open-redirect',
  meta: {
    title: 'Redirect to a URL taken from the request',
    checklist:
      'Redirects go only to paths on this site or to destinations looked up in an allowlist; a URL from a query string, body, header or the page address is never used as a redirect target as it is.',
    rationale:
      'A login or logout link that redirects to `?next=` from the request lets anyone send a link on the real domain that lands the victim on a look-alike page asking for their password, or on a `javascript:` URL in the browser. The trusted domain in the link is what makes the phishing work, and OAuth flows that redirect with tokens hand them to the attacker.',
    severity: 'warning',
    securitySeverity: '6.1',
    confidence: 'high',
    cwe: ['CWE-601'],
    owasp: ['A01:2021-Broken Access Control'],
    references: [
      'https://cwe.mitre.org/data/definitions/601.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html',
      'https://owasp.org/Top10/A01_2021-Broken_Access_Control/',
      'https://expressjs.com/en/api.html#res.redirect',
    ],
    frameworks: ['express', 'koa', 'fastify', 'hapi', 'nextjs', 'aws-lambda', 'browser'],
    fix: 'suggestion',
    messages: {
      taintedRedirect: '`{{sink}}` redirects to a URL built from request input ({{source}}) with its host open to the sender; {{advice}}.',
      inputAsRedirect: '`{{sink}}` redirects to request input ({{source}}); {{advice}}.',
      keepPathOnly: 'Keep only a path on this site (drops a scheme, host and leading slashes)',
    },
    abuserStory: {
      actor: 'phisher sending links to the site\'s users',
      goal: 'take over {asset} by sending a link on the real domain whose `next` or `returnTo` parameter takes the visitor to my look-alike login page',
      harm: 'victims trust the domain in the link, type their password into my page, or hand me the OAuth code the redirect carries',
      stride: ['S', 'I'],
      asset: 'user accounts and their credentials',
      controls: [
        'Every redirect target from input is either a path on this site (starts with a single `/`, not `//` or `/\\`) or looked up in an allowlist of destinations',
        'Login, logout and OAuth flows keep the return address server-side (session) or as an id into a table',
        'An automated test requests every redirecting endpoint with `next=//evil.example`, `https://evil.example` and `/\\evil.example` and is never sent off-site',
      ],
      likelihood: 3,
      impact: 2,
    },
    since: '0.2.0',
  },
  create(context) {
    if (!MENTIONS.test(context.sourceText)) return {};
    const check = (sink: RedirectSink | undefined) => {
      if (!sink) return;
      const raw = context.flow.valueOf(sink.target);
      if (raw.origin !== 'tainted' || isHostOrReferer(raw)) return;
      if (isTableLookup(sink.target, context) || originIsFixed(sink.target, context) || fixedThroughVariable(sink.target, context) || sameSiteUrl(sink.target, sink, context)) return;
      if (helperKeepsSite(sink.target, sink, context)) return;
      const value = asRedirectValue(raw, context);
      if (!value) return;
      const advice = sink.browser
        ? 'navigate only to a path on this site (one leading `/`, not `//` or `/\\`) or to an entry of an allowlist, and never to a `javascript:` URL'
        : 'redirect only to a path on this site (one leading `/`, not `//` or `/\\`) or look the destination up in an allowlist';
      const fix = relativePathFix(sink, context);
      reportTainted(context, { node: sink.target, value, messageIds: { built: 'taintedRedirect', whole: 'inputAsRedirect' }, data: { sink: sink.name, advice }, fixes: fix ? [fix] : [], hazard: 'injection', severity: 'warning' });
    };
    return {
      CallExpression: (node) => {
        for (const sink of callSinks(node, context)) check(sink);
      },
      AssignmentExpression: (node) => check(assignmentSink(node, context)),
      Property: (node) => {
        check(headersPropertySink(node));
        check(nestRedirectSink(node, context));
      },
    };
  },
});
