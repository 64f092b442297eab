// Flags login and session cookies sent without `httpOnly`, without `secure`, or to cross-site
// requests: Express `res.cookie`, Koa `ctx.cookies.set`, Fastify `reply.setCookie`, raw
// `Set-Cookie` headers, and the cookie options of express-session and cookie-session. The fix adds
// the missing flags to the options literal (or a new options argument).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type TextEdit, defineRule, type FixProposal, type RuleContext, propertyName, staticString, unwrap, nameWords } from '../../server/src/engine/api';
import { cookieWriteOf, setCookieHeaderValueOf, type CookieFramework } from '../util/cookieWrites';
import { moduleRefOf, withoutNodePrefix } from '../util/moduleRefs';
import { appendProperties, assembleOptions, findProperty, hasUnknownProperties, literalValueOfExpression, optionsLiteralOf, type AssembledOptions, type OptionEntry } from '../util/objectLiterals';
import { isAuthCookieName } from '../util/sensitiveNames';

type Flag = 'httpOnly' | 'secure' | 'sameSite';

/** What a library does when a flag is not given: `on`, `off`, or `auto` (secure on HTTPS connections only). */
type Defaults = Record<'httpOnly' | 'secure', 'on' | 'off' | 'auto'>;

const DEFAULTS: Record<CookieFramework | 'express-session' | 'cookie-session', Defaults> = {
  express: { httpOnly: 'off', secure: 'off' },
  fastify: { httpOnly: 'off', secure: 'off' },
  cookie: { httpOnly: 'off', secure: 'off' },
  // The `cookies` module behind Koa and cookie-session: httpOnly on, secure follows the connection.
  koa: { httpOnly: 'on', secure: 'auto' },
  'cookie-session': { httpOnly: 'on', secure: 'auto' },
  'express-session': { httpOnly: 'on', secure: 'off' },
};

/** The flags the fix writes, as options properties and as Set-Cookie attributes. */
const SAFE_PROPERTY: Record<Flag, string> = { httpOnly: 'httpOnly: true', secure: 'secure: true', sameSite: "sameSite: 'lax'" };
const SAFE_VALUE: Record<Flag, string> = { httpOnly: 'true', secure: 'true', sameSite: "'lax'" };
const SAFE_ATTRIBUTE: Record<Flag, string> = { httpOnly: 'HttpOnly', secure: 'Secure', sameSite: 'SameSite=Lax' };
const CONSEQUENCE: Record<Flag, string> = {
  httpOnly: 'readable by page scripts',
  secure: 'sent over plain HTTP',
  sameSite: 'sent with cross-site requests',
};
const FLAG_ORDER: Flag[] = ['httpOnly', 'secure', 'sameSite'];

interface Problem {
  flag: Flag;
  /** The property or assignment that sets the flag wrongly; undefined when the flag is missing. */
  property?: OptionEntry;
  /** Set to a wrong value, rather than left to the library's default. */
  explicit: boolean;
  /** How the flag is wrong, for the message: "no `httpOnly`", "`secure: false`". */
  how: string;
}

/** How the flags are read: from one literal, or from options assembled across statements. */
interface FlagReader {
  get(flag: string): OptionEntry | undefined;
  unknown: boolean;
}

function literalReader(object: TSESTree.ObjectExpression | undefined): FlagReader | undefined {
  if (!object) return undefined;
  return {
    get(flag) {
      const property = findProperty(object, flag);
      // `{ secure: false, ...overrides }`: a later spread may set the flag again.
      const overridden = property && object.properties.some((p) => p.type === 'SpreadElement' && p.range[0] > property.range[0]);
      return property && !overridden ? { value: property.value, holder: property } : undefined;
    },
    unknown: hasUnknownProperties(object),
  };
}

/** The flags under `prefix` (`''` or `'cookie.'`) of assembled options. */
function assembledReader(options: AssembledOptions, prefix: string): FlagReader {
  return { get: (flag) => options.get(prefix + flag), unknown: options.hasUnknown(prefix.replace(/\.$/, '')) };
}

/** The problems of an options literal (or of no options at all, when `object` is undefined). */
function optionProblems(object: TSESTree.ObjectExpression | FlagReader | undefined, defaults: Defaults): Problem[] {
  const reader = object && 'type' in object ? literalReader(object) : object;
  const problems: Problem[] = [];
  const unknown = !!reader && reader.unknown;
  for (const flag of ['httpOnly', 'secure'] as const) {
    const property = reader?.get(flag);
    if (property) {
      const value = literalValueOfExpression(property.value);
      if (value.kind === 'literal' && !value.value) problems.push({ flag, property, explicit: true, how: `\`${flag}: ${String(value.value)}\`` });
    } else if (!unknown && defaults[flag] === 'off') {
      problems.push({ flag, explicit: false, how: `no \`${flag}\`` });
    }
  }
  const sameSite = reader?.get('sameSite');
  if (sameSite) {
    const value = literalValueOfExpression(sameSite.value);
    if (value.kind === 'literal' && (value.value === false || String(value.value).toLowerCase() === 'none')) {
      problems.push({ flag: 'sameSite', property: sameSite, explicit: true, how: `\`sameSite: ${typeof value.value === 'string' ? `'${value.value}'` : String(value.value)}\`` });
    }
  } else if (!unknown) {
    problems.push({ flag: 'sameSite', explicit: false, how: 'no `sameSite`' });
  }
  return problems;
}

/** How a library spells the three flags in its options. */
type FlagNames = Record<Flag, string>;
const PLAIN_FLAGS: FlagNames = { httpOnly: 'httpOnly', secure: 'secure', sameSite: 'sameSite' };
const HAPI_FLAGS: FlagNames = { httpOnly: 'isHttpOnly', secure: 'isSecure', sameSite: 'isSameSite' };

/**
 * Only the flags a library is told to drop: koa-session (through `cookies`), @fastify/session and
 * hapi set httpOnly and secure themselves (hapi sameSite too), so an option left out is not a gap.
 */
function optOutProblems(reader: FlagReader, names: FlagNames): Problem[] {
  const problems: Problem[] = [];
  for (const flag of FLAG_ORDER) {
    const property = reader.get(names[flag]);
    if (!property) continue;
    const value = literalValueOfExpression(property.value);
    if (value.kind !== 'literal') continue;
    const off = value.value === false || (flag === 'sameSite' && String(value.value).toLowerCase() === 'none');
    if (off) problems.push({ flag, property, explicit: true, how: `\`${names[flag]}: ${typeof value.value === 'string' ? `'${value.value}'` : String(value.value)}\`` });
  }
  return problems;
}

/**
 * Double-submit CSRF cookies (`XSRF-TOKEN` for Angular and axios) exist to be read by the page's
 * scripts, so httpOnly would break them; they still need secure and sameSite.
 */
function withoutScriptReadableCookies(name: string, problems: Problem[]): Problem[] {
  const csrf = nameWords(name).some((w) => w === 'csrf' || w === 'xsrf');
  return csrf ? problems.filter((p) => p.flag !== 'httpOnly') : problems;
}

function listText(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "readable by page scripts (no `httpOnly`) and sent over plain HTTP (`secure: false`)" */
function describeProblems(problems: Problem[]): string {
  return listText(problems.map((p) => `${CONSEQUENCE[p.flag]} (${p.how})`));
}

/** Only a missing sameSite is a hardening gap (browsers differ in their default); the others are weaknesses. */
function severityOf(problems: Problem[]): 'warning' | 'info' {
  return problems.every((p) => p.flag === 'sameSite' && !p.explicit) ? 'info' : 'warning';
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => FLAG_ORDER.indexOf(a.flag) - FLAG_ORDER.indexOf(b.flag));
}

/** Edits that set every flag right inside an options literal. */
function fixInLiteral(object: TSESTree.ObjectExpression, problems: Problem[], context: RuleContext): TextEdit[] {
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const problem of problems) {
    if (problem.property) edits.push({ start: problem.property.value.range[0], end: problem.property.value.range[1], text: SAFE_VALUE[problem.flag] });
    else missing.push(SAFE_PROPERTY[problem.flag]);
  }
  if (missing.length > 0) edits.push(appendProperties(object, missing, context));
  return edits;
}

function flagsText(problems: Problem[]): string {
  return listText(problems.map((p) => `\`${SAFE_PROPERTY[p.flag]}\``));
}

/** Pieces of a Set-Cookie value: literal text and the expressions between it. */
interface HeaderPiece {
  text?: string;
  node: TSESTree.Node;
}

function headerPieces(node: TSESTree.Node): HeaderPiece[] | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal') return typeof inner.value === 'string' ? [{ text: inner.value, node: inner }] : undefined;
  if (inner.type === 'TemplateLiteral') {
    const pieces: HeaderPiece[] = [];
    inner.quasis.forEach((quasi, i) => {
      pieces.push({ text: quasi.value.cooked ?? '', node: quasi });
      if (i < inner.expressions.length) pieces.push({ node: inner.expressions[i] });
    });
    return pieces;
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+') {
    const left = headerPieces(inner.left);
    const right = headerPieces(inner.right);
    return left && right ? [...left, ...right] : [...(left ?? [{ node: inner.left }]), ...(right ?? [{ node: inner.right }])];
  }
  return [{ node: inner }];
}

interface HeaderCookie {
  name: string;
  problems: Problem[];
  edits: TextEdit[];
}

/** Reads one Set-Cookie string: its name, its missing attributes and the edits that add them. */
function analyseHeaderCookie(node: TSESTree.Node, context: RuleContext): HeaderCookie | undefined {
  const pieces = headerPieces(node);
  if (!pieces || pieces[0].text === undefined) return undefined;
  const name = /^\s*([^=;\s]+)=/.exec(pieces[0].text)?.[1];
  if (!name) return undefined;
  const firstSemicolon = pieces.findIndex((p) => p.text?.includes(';'));
  // Attributes that come from a variable cannot be read.
  if (firstSemicolon >= 0 && pieces.slice(firstSemicolon).some((p) => p.text === undefined)) return undefined;
  const attributes = pieces.map((p) => p.text ?? 'x').join('');
  let problems: Problem[] = [];
  if (!/;\s*httponly\s*(;|$)/i.test(attributes)) problems.push({ flag: 'httpOnly', explicit: false, how: 'no `HttpOnly`' });
  if (!/;\s*secure\s*(;|$)/i.test(attributes)) problems.push({ flag: 'secure', explicit: false, how: 'no `Secure`' });
  const sameSite = /;\s*samesite\s*=\s*(\w+)/i.exec(attributes);
  const edits: TextEdit[] = [];
  if (!sameSite) problems.push({ flag: 'sameSite', explicit: false, how: 'no `SameSite`' });
  else if (sameSite[1].toLowerCase() === 'none') {
    const piece = pieces.find((p) => p.text !== undefined && /samesite\s*=\s*none/i.test(context.getText(p.node)));
    if (!piece) return undefined;
    const match = /(samesite\s*=\s*)(none)/i.exec(context.getText(piece.node))!;
    const start = piece.node.range[0] + match.index + match[1].length;
    edits.push({ start, end: start + match[2].length, text: 'Lax' });
    problems.push({ flag: 'sameSite', explicit: true, how: '`SameSite=None`' });
  }
  problems = withoutScriptReadableCookies(name, problems);
  const added = problems.filter((p) => !(p.flag === 'sameSite' && sameSite)).map((p) => SAFE_ATTRIBUTE[p.flag]);
  if (added.length > 0) {
    const last = pieces[pieces.length - 1];
    const endsWithSemicolon = /;\s*$/.test(attributes);
    const text = `${endsWithSemicolon ? ' ' : '; '}${added.join('; ')}`;
    if (last.text !== undefined && /^['"`]$/.test(context.sourceText[last.node.range[1] - 1] ?? '') && !/\\$/.test(context.getText(last.node).slice(0, -1))) {
      edits.push({ start: last.node.range[1] - 1, end: last.node.range[1] - 1, text });
    } else if (last.text !== undefined && last.node.type === 'TemplateElement') {
      // A template's last quasi ends with the closing backtick.
      edits.push({ start: last.node.range[1] - 1, end: last.node.range[1] - 1, text });
    } else {
      edits.push({ start: unwrap(node).range[1], end: unwrap(node).range[1], text: ` + '${text}'` });
    }
  }
  return { name, problems: sortProblems(problems), edits };
}

export default defineRule({
  id: 'session/no-insecure-session-cookie',
  meta: {
    title: 'Session cookie without httpOnly, secure or sameSite',
    checklist:
      'Cookies that carry a session or a login are set with `httpOnly: true`, `secure: true` and `sameSite: \'lax\'` (or `\'strict\'`), in code and in the options of the session middleware.',
    rationale:
      'A session cookie without httpOnly can be read by any script an attacker manages to inject, and sent away; without secure it travels in clear text over any HTTP request, on hostile Wi-Fi for instance; without sameSite the browser attaches it to requests other sites make, which is what cross-site request forgery needs.',
    severity: 'warning',
    securitySeverity: '5.4',
    confidence: 'high',
    cwe: ['CWE-1004', 'CWE-614', 'CWE-1275'],
    owasp: ['A05:2021-Security Misconfiguration', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/1004.html',
      'https://cwe.mitre.org/data/definitions/614.html',
      'https://cwe.mitre.org/data/definitions/1275.html',
      'https://owasp.org/Top10/A05_2021-Security_Misconfiguration/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies',
      'https://expressjs.com/en/api.html#res.cookie',
      'https://github.com/expressjs/session#cookie',
    ],
    frameworks: ['express', 'express-session', 'cookie-session', 'koa', 'koa-session', 'fastify', '@fastify/cookie', '@fastify/session', '@hapi/hapi', '@hapi/cookie', 'cookie'],
    fix: 'suggestion',
    messages: {
      cookieFlags: 'Cookie `{{name}}` carries a login but is {{problems}}; set {{flags}}.',
      sessionCookieFlags: 'The {{library}} cookie `{{name}}` is {{problems}}; set {{flags}} in its cookie options.',
      headerFlags: 'Set-Cookie header for `{{name}}` is {{problems}}; give it {{attributes}}.',
      addFlags: 'Set {{flags}}',
      addAttributes: 'Give the cookie {{attributes}}',
    },
    abuserStory: {
      actor: 'attacker on the same network or with a script injected into the site',
      goal: "hijack {asset} by reading or riding on the session cookie from a script, a plain-HTTP request or another site's form",
      harm: 'I act as the victim with their session, or make their browser submit changes they never asked for',
      stride: ['S', 'I', 'E'],
      asset: "users' sessions",
      controls: [
        'Every session and login cookie is set with httpOnly, secure and sameSite lax or strict',
        'The site is served only over HTTPS with HSTS, so no request travels in clear text',
        'State-changing requests check a CSRF token or rely on sameSite cookies',
        "An automated test logs in and checks the Set-Cookie header of the session cookie for HttpOnly, Secure and SameSite",
      ],
      likelihood: 2,
      impact: 2,
    },
    since: '0.1.0',
    reportsTaint: false,
  },
  create(context) {
    // A session library is recognised only through a literal specifier naming it, so a file whose
    // text names none of them skips resolving every callee (and the scope analysis that takes).
    const text = context.sourceText;
    const namesMiddleware = text.includes('express-session') || text.includes('cookie-session');
    const namesKoaSession = text.includes('koa-session');
    const namesFastifySession = text.includes('fastify-session') || text.includes('@fastify/session');

    function reportOptions(options: {
      node: TSESTree.Node;
      object: TSESTree.ObjectExpression | undefined;
      inline: boolean;
      problems: Problem[];
      messageId: 'cookieFlags' | 'sessionCookieFlags';
      data: Record<string, string>;
      confidence: 'high' | 'medium';
      /** Where to add a whole options argument when there is none. */
      addArgument?: TextEdit;
      /** Wraps new properties when the flags need an object of their own (express-session's `cookie`). */
      wrap?: (properties: string[]) => string;
      /** The call that sets the cookie, shown beside a finding placed where the options are written. */
      sink?: TSESTree.Node;
    }): void {
      const problems = sortProblems(options.problems);
      if (problems.length === 0) return;
      const flags = flagsText(problems);
      let edits: TextEdit[] | undefined;
      if (options.object && options.inline) {
        if (options.wrap && problems.every((p) => !p.property)) edits = [appendProperties(options.object, [options.wrap(problems.map((p) => SAFE_PROPERTY[p.flag]))], context)];
        else if (!options.wrap) edits = fixInLiteral(options.object, problems, context);
      } else if (!options.object && options.addArgument) {
        edits = [{ ...options.addArgument, text: options.addArgument.text.replace('{}', `{ ${problems.map((p) => SAFE_PROPERTY[p.flag]).join(', ')} }`) }];
      }
      const fix: FixProposal | undefined = edits ? { messageId: 'addFlags', data: { flags }, kind: 'suggestion', edits } : undefined;
      // One wrong property is the narrowest node; several problems belong to the whole options object.
      const single = problems.length === 1 ? problems[0].property?.holder : undefined;
      const node = single ?? options.node;
      // Options written away from the call: the finding sits where the fix goes, the call beside it.
      const away = options.sink && (node.range[0] < options.sink.range[0] || node.range[1] > options.sink.range[1]);
      context.report({
        node,
        related: away && options.sink ? [{ node: options.sink, message: 'the cookie is set here with these options' }] : undefined,
        messageId: options.messageId,
        data: { ...options.data, problems: describeProblems(problems), flags },
        severity: severityOf(problems),
        confidence: options.confidence,
        fixes: fix ? [fix] : [],
      });
    }

    function checkCookieWrite(call: TSESTree.CallExpression): boolean {
      const write = cookieWriteOf(call, context);
      if (!write) return false;
      if (!write.name || !isAuthCookieName(write.name)) return true;
      const defaults = DEFAULTS[write.framework];
      if (write.options) {
        // A shared options object may be completed after it is written: read it as assembled.
        const literal = optionsLiteralOf(write.options, context);
        const inline = literal?.inline ? literal.object : undefined;
        const reader = inline ?? assembledReader(assembleOptions(write.options, context), '');
        const problems = withoutScriptReadableCookies(write.name, optionProblems(reader, defaults));
        reportOptions({ node: literal?.object ?? unwrap(write.options), object: inline, inline: !!inline, problems, messageId: 'cookieFlags', data: { name: write.name }, confidence: 'high', sink: call });
        return true;
      }
      const lastArg = call.arguments[call.arguments.length - 1];
      reportOptions({
        node: call,
        object: undefined,
        inline: false,
        problems: withoutScriptReadableCookies(write.name, optionProblems(undefined, defaults)),
        messageId: 'cookieFlags',
        data: { name: write.name },
        confidence: 'high',
        addArgument: call.arguments.length === 2 ? { start: lastArg.range[1], end: lastArg.range[1], text: ', {}' } : undefined,
      });
      return true;
    }

    function checkSessionMiddleware(call: TSESTree.CallExpression): void {
      if (!namesMiddleware) return;
      const imported = moduleRefOf(call.callee, context);
      const module = imported && imported.path.length === 0 ? withoutNodePrefix(imported.specifier) : undefined;
      const library = module === 'express-session' || module === 'cookie-session' ? module : undefined;
      if (!library || !call.arguments[0] || call.arguments[0].type === 'SpreadElement') return;
      const literal = optionsLiteralOf(call.arguments[0], context);
      if (!literal?.inline) {
        checkAssembledSession(call, call.arguments[0], library);
        return;
      }
      const name = staticString(findProperty(literal.object, 'name')?.value) ?? (library === 'express-session' ? 'connect.sid' : 'session');
      const data = { library, name };
      if (library === 'cookie-session') {
        reportOptions({ node: literal.object, object: literal.object, inline: literal.inline, problems: optionProblems(literal.object, DEFAULTS[library]), messageId: 'sessionCookieFlags', data, confidence: 'high' });
        return;
      }
      const cookie = findProperty(literal.object, 'cookie');
      if (cookie) {
        const value = unwrap(cookie.value);
        if (value.type !== 'ObjectExpression') return;
        reportOptions({ node: value, object: value, inline: literal.inline, problems: optionProblems(value, DEFAULTS[library]), messageId: 'sessionCookieFlags', data, confidence: 'high' });
        return;
      }
      if (hasUnknownProperties(literal.object)) return;
      reportOptions({
        node: literal.object,
        object: literal.object,
        inline: literal.inline,
        problems: optionProblems(undefined, DEFAULTS[library]),
        messageId: 'sessionCookieFlags',
        data,
        confidence: 'high',
        wrap: (properties) => `cookie: { ${['httpOnly: true', ...properties.filter((p) => !p.startsWith('httpOnly'))].join(', ')} }`,
      });
    }

    /** `const opts = {}; opts.cookie = { secure: false }; app.use(session(opts))`: no fix, the options span statements. */
    function checkAssembledSession(call: TSESTree.CallExpression, argument: TSESTree.Node, library: 'express-session' | 'cookie-session'): void {
      const options = assembleOptions(argument, context);
      const name = staticString(options.get('name')?.value) ?? (library === 'express-session' ? 'connect.sid' : 'session');
      const data = { library, name };
      const node = optionsLiteralOf(argument, context)?.object ?? unwrap(argument);
      if (library === 'cookie-session') {
        reportOptions({ node, object: undefined, inline: false, problems: optionProblems(assembledReader(options, ''), DEFAULTS[library]), messageId: 'sessionCookieFlags', data, confidence: 'high', sink: call });
        return;
      }
      const cookie = options.get('cookie');
      if (cookie) {
        reportOptions({ node: cookie.value, object: undefined, inline: false, problems: optionProblems(assembledReader(options, 'cookie.'), DEFAULTS[library]), messageId: 'sessionCookieFlags', data, confidence: 'high', sink: call });
        return;
      }
      if (options.hasUnknown('')) return;
      reportOptions({ node, object: undefined, inline: false, problems: optionProblems(undefined, DEFAULTS[library]), messageId: 'sessionCookieFlags', data, confidence: 'high', sink: call });
    }

    /** The options at `prefix` of an argument, read from its literal or as assembled across statements. */
    function readerOf(argument: TSESTree.Node, prefix: string): { reader: FlagReader; node: TSESTree.Node; inline?: TSESTree.ObjectExpression } {
      const literal = optionsLiteralOf(argument, context);
      if (prefix === '' && literal?.inline) return { reader: literalReader(literal.object)!, node: literal.object, inline: literal.object };
      return { reader: assembledReader(assembleOptions(argument, context), prefix), node: literal?.object ?? unwrap(argument) };
    }

    function reportOptOuts(call: TSESTree.CallExpression, argument: TSESTree.Node, prefix: string, names: FlagNames, data: Record<string, string>, messageId: 'cookieFlags' | 'sessionCookieFlags'): void {
      const { reader, node, inline } = readerOf(argument, prefix);
      // hapi spells sameSite 'Lax' and checks the case, so no fix is offered for its options.
      const fixable = names === PLAIN_FLAGS ? inline : undefined;
      reportOptions({ node, object: fixable, inline: !!fixable, problems: withoutScriptReadableCookies(data.name, optOutProblems(reader, names)), messageId, data, confidence: 'high', sink: call });
    }

    /**
     * koa-session `session(opts, app)`, @fastify/session `app.register(plugin, { cookie })`, hapi's
     * `server.state(name, opts)` / `h.state(name, value, opts)` and the @hapi/cookie strategy.
     */
    function checkSessionLibraries(call: TSESTree.CallExpression): void {
      const args = call.arguments;
      if (args.some((a) => a.type === 'SpreadElement')) return;
      const callee = unwrap(call.callee);
      const module = namesKoaSession ? moduleRefOf(callee, context) : undefined;
      if (module?.module === 'koa-session' && module.path.filter((p) => p !== 'default').length === 0 && args[0]) {
        const name = staticString(assembleOptions(args[0], context).get('key')?.value) ?? 'koa.sess';
        reportOptOuts(call, args[0], '', PLAIN_FLAGS, { library: 'koa-session', name }, 'sessionCookieFlags');
        return;
      }
      if (callee.type !== 'MemberExpression') return;
      const method = propertyName(callee);
      if (method === 'register' && args[0] && args[1]) {
        const plugin = namesFastifySession ? moduleRefOf(args[0], context) : undefined;
        if (plugin && (plugin.module === '@fastify/session' || plugin.module === 'fastify-session') && plugin.path.filter((p) => p !== 'default').length === 0) {
          const name = staticString(assembleOptions(args[1], context).get('cookieName')?.value) ?? 'sessionId';
          reportOptOuts(call, args[1], 'cookie.', PLAIN_FLAGS, { library: '@fastify/session', name }, 'sessionCookieFlags');
        }
        return;
      }
      if (!context.imports.has('@hapi/hapi') && !context.imports.has('hapi')) return;
      if (method === 'state' && (args.length === 2 || args.length === 3)) {
        const name = staticString(args[0]);
        const options = args[args.length - 1];
        if (name && isAuthCookieName(name) && unwrap(options).type !== 'Literal') reportOptOuts(call, options, '', HAPI_FLAGS, { name }, 'cookieFlags');
        return;
      }
      // server.auth.strategy('session', 'cookie', { cookie: { name, isSecure, ... } }) of @hapi/cookie
      if (method === 'strategy' && staticString(args[1]) === 'cookie' && args[2]) {
        const cookie = assembleOptions(args[2], context).get('cookie');
        if (!cookie || unwrap(cookie.value).type !== 'ObjectExpression') return;
        const object = unwrap(cookie.value) as TSESTree.ObjectExpression;
        const name = staticString(findProperty(object, 'name')?.value) ?? 'sid';
        reportOptions({ node: object, object: undefined, inline: false, problems: optOutProblems(literalReader(object)!, HAPI_FLAGS), messageId: 'sessionCookieFlags', data: { library: '@hapi/cookie', name }, confidence: 'high', sink: call });
      }
    }

    function checkHeader(call: TSESTree.CallExpression): void {
      const value = setCookieHeaderValueOf(call);
      if (!value) return;
      const inner = unwrap(value);
      const cookies = inner.type === 'ArrayExpression' ? inner.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement') : [inner];
      for (const cookie of cookies) {
        const analysed = analyseHeaderCookie(cookie, context);
        if (!analysed || !isAuthCookieName(analysed.name) || analysed.problems.length === 0) continue;
        const attributes = listText(analysed.problems.map((p) => `\`${SAFE_ATTRIBUTE[p.flag]}\``));
        context.report({
          node: cookie,
          messageId: 'headerFlags',
          data: { name: analysed.name, problems: describeProblems(analysed.problems), attributes },
          severity: severityOf(analysed.problems),
          confidence: 'high',
          fixes: [{ messageId: 'addAttributes', data: { attributes }, kind: 'suggestion', edits: analysed.edits }],
        });
      }
    }

    return {
      CallExpression(call) {
        if (checkCookieWrite(call)) return;
        checkSessionMiddleware(call);
        checkSessionLibraries(call);
        checkHeader(call);
      },
    };
  },
});
