// Two ways a regular expression lets a request stall the event loop: a pattern built from request
// input without escaping, and a pattern whose nested or adjacent quantifiers backtrack super-
// linearly (found by scslre, the analyser eslint-plugin-regexp uses) applied to request input.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { analyse, type Report } from 'scslre';
import { defineRule, type FixProposal, type FlowValue, isFunctionNode, propertyName, type RuleContext, unwrap } from '../../server/src/engine/api';
import { withoutCommandLineTaint } from '../util/commandLineInput';
import { moduleRefOf } from '../util/moduleRefs';
import { reportTainted } from '../util/taintReports';

/** String methods that turn a string argument into a regular expression. */
const PATTERN_TAKING_METHODS = new Set(['match', 'matchAll', 'search']);
/** Methods of a regular expression that run it on their first argument. */
const REGEX_METHODS = new Set(['test', 'exec']);
/** String methods that run a regular expression argument on their receiver. */
const STRING_METHODS = new Set(['match', 'matchAll', 'search', 'replace', 'replaceAll', 'split']);
/** Escaping functions (escape-string-regexp, lodash, hand-named helpers) whose result matches literally. */
const ESCAPERS = /^(escapeStringRegexp|escapeStringRegExp|escapeRegExp|escapeRegexp|escapeRegex|escapeRegExpString|regexEscape|regExpEscape|quotemeta)$/;
/** Characters an escaping class must cover to neutralise a pattern. */
const META_CHARACTERS = ['.', '*', '+', '?', '(', ')', '['];
/** Longer patterns are skipped: the analysis grows with the pattern, and such patterns are rarely hand-written. */
const MAX_PATTERN_LENGTH = 500;
/** At most this many reads of a regex variable are followed to find its subject. */
const MAX_USES = 20;
const MAX_DEPTH = 6;
const ESCAPED_TEXT = "replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&')";

/** `s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')`: every metacharacter gets a backslash. */
function isEscapingReplace(node: TSESTree.Node): boolean {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const method = propertyName(node.callee);
  if (method !== 'replace' && method !== 'replaceAll') return false;
  const [pattern, replacement] = node.arguments;
  if (!pattern || pattern.type !== 'Literal' || !('regex' in pattern) || !pattern.regex.flags.includes('g')) return false;
  const source = pattern.regex.pattern;
  if (!source.startsWith('[') || !META_CHARACTERS.every((c) => source.includes(c))) return false;
  return !!replacement && replacement.type === 'Literal' && typeof replacement.value === 'string' && /^\\\$(&|1)$/.test(replacement.value);
}

function isEscaped(node: TSESTree.Node): boolean {
  if (isEscapingReplace(node)) return true;
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return !!name && ESCAPERS.test(name);
}

/** True when some request input reaches the pattern without passing an escaping step. */
function carriesUnescapedInput(raw: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  const node = unwrap(raw);
  if (isEscaped(node)) return false;
  if (depth > MAX_DEPTH) return context.flow.valueOf(node).origin === 'tainted';
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    return carriesUnescapedInput(node.left, context, depth + 1) || carriesUnescapedInput(node.right, context, depth + 1);
  }
  if (node.type === 'TemplateLiteral') return node.expressions.some((e) => carriesUnescapedInput(e, context, depth + 1));
  if (node.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(node);
    const variable = context.flow.variableOf(node);
    // Parameters and imports have no writes to look at: the data flow answers for them.
    if (writes.length > 0 && variable?.defs.every((d) => d.type === 'Variable')) {
      if (!writes.some((w) => carriesUnescapedInput(w, context, depth + 1))) return false;
    }
  }
  return withoutCommandLineTaint(context.flow.valueOf(node), context).origin === 'tainted';
}

/**
 * `text.search(q)` rather than `storage.search(q, options)` or `user.search({ query })`: the string
 * methods take one argument that is not an object or array literal, on a receiver that is not a
 * module, `this` or the request itself.
 */
function isStringMethodCall(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, context: RuleContext): boolean {
  if (call.arguments.length !== 1) return false;
  const argument = unwrap(call.arguments[0]);
  if (argument.type === 'ObjectExpression' || argument.type === 'ArrayExpression' || argument.type === 'Literal' || isFunctionNode(argument)) return false;
  const receiver = unwrap(callee.object);
  if (receiver.type === 'ThisExpression' || (receiver.type === 'MemberExpression' && unwrap(receiver.object).type === 'ThisExpression')) return false;
  if (moduleRefOf(receiver, context)) return false;
  return !context.flow.valueOf(receiver).requestObject;
}

/** The global RegExp, called or constructed. */
function isGlobalRegExp(callee: TSESTree.Node, context: RuleContext): boolean {
  const node = unwrap(callee);
  if (node.type !== 'Identifier' || node.name !== 'RegExp') return false;
  const variable = context.flow.variableOf(node);
  return !variable || variable.defs.length === 0;
}

/** A cheap necessary condition for super-linear backtracking: two unbounded quantifiers. */
function mayBacktrack(source: string): boolean {
  const unbounded = source.match(/[*+]|\{\d+,\}/g);
  return !!unbounded && unbounded.length >= 2 && source.length <= MAX_PATTERN_LENGTH;
}

/** The first backtracking report of scslre (moves across the input are left out: every unanchored `a+b` has one). */
function backtrackingOf(source: string, flags: string): Report | undefined {
  if (!mayBacktrack(source)) return undefined;
  try {
    return analyse({ source, flags }, { reportTypes: { Move: false }, maxReports: 1 }).reports[0];
  } catch {
    // A pattern the parser rejects throws at run time anyway; it is not this rule's finding.
    return undefined;
  }
}

/** The string a regular expression at `node` is run on, for each place it is used. */
function subjectsOf(node: TSESTree.Node, context: RuleContext): TSESTree.Node[] {
  const parent = context.getParent(node);
  if (!parent) return [];
  if (parent.type === 'MemberExpression' && parent.object === node) {
    const call = context.getParent(parent);
    const method = propertyName(parent);
    if (call?.type === 'CallExpression' && call.callee === parent && method && REGEX_METHODS.has(method) && call.arguments[0] && call.arguments[0].type !== 'SpreadElement') {
      return [call.arguments[0]];
    }
    return [];
  }
  if (parent.type === 'CallExpression' && parent.arguments[0] === node && parent.callee.type === 'MemberExpression') {
    const method = propertyName(parent.callee);
    return method && STRING_METHODS.has(method) ? [parent.callee.object] : [];
  }
  if (parent.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    const variable = context.flow.variableOf(parent.id);
    if (!variable) return [];
    return variable.references
      .filter((r) => r.isRead())
      .slice(0, MAX_USES)
      .flatMap((r) => subjectsOf(r.identifier as TSESTree.Identifier, context));
  }
  return [];
}

/** scslre's rewrite of the literal, when it has one: the same language without the ambiguity. */
function fixedPatternFix(node: TSESTree.Node, report: Report): FixProposal[] {
  try {
    const fixed = report.fix();
    if (!fixed) return [];
    // RegExp#toString escapes what a literal cannot hold as it is (slashes, line breaks).
    const text = String(new RegExp(fixed.source, fixed.flags));
    return [{ messageId: 'useFixedPattern', data: { pattern: fixed.source }, kind: 'suggestion', edits: [{ start: node.range[0], end: node.range[1], text }] }];
  } catch {
    return [];
  }
}

function escapeFix(argument: TSESTree.Node, context: RuleContext): FixProposal {
  const text = context.getText(argument);
  const simple = /^[\w$.]+$/.test(text);
  return {
    messageId: 'escapeInput',
    kind: 'suggestion',
    edits: [{ start: argument.range[0], end: argument.range[1], text: `${simple ? text : `String(${text})`}.${ESCAPED_TEXT}` }],
  };
}

export default defineRule({
  id: 'unsafe-api/no-unsafe-regex',
  meta: {
    title: 'Regular expression open to catastrophic backtracking',
    checklist:
      'Regular expressions are never built from request input without escaping it (escape-string-regexp, `_.escapeRegExp`), and patterns run on request input have no nested or overlapping quantifiers that backtrack super-linearly.',
    rationale:
      'JavaScript runs regular expressions on the event loop with a backtracking engine. A pattern the visitor writes (`(a+)+$`), or a fixed pattern with nested or overlapping quantifiers given a crafted string, takes seconds or years to fail, and the whole server stops answering while it does. A pattern from input can also match far more than intended.',
    severity: 'warning',
    securitySeverity: '7.5',
    confidence: 'high',
    cwe: ['CWE-1333', 'CWE-625'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/1333.html',
      'https://cwe.mitre.org/data/definitions/625.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS',
      'https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop',
      'https://github.com/RunDevelopment/scslre#readme',
    ],
    frameworks: ['node', 'browser'],
    fix: 'suggestion',
    messages: {
      inputPattern: '`{{call}}` compiles request input ({{source}}) as a regular expression; escape it (escape-string-regexp, `_.escapeRegExp`) or compare as plain text.',
      taintedPattern: '`{{call}}` compiles a pattern built from request input ({{source}}) without escaping it; escape the input (escape-string-regexp, `_.escapeRegExp`).',
      backtrackingOnInput: 'This pattern backtracks {{growth}} on strings like repeated `{{character}}`, and it runs on request input ({{source}}); {{advice}}.',
      backtracking: 'This pattern backtracks {{growth}} on strings like repeated `{{character}}`; {{advice}}.',
      escapeInput: 'Escape the input so that it matches literally',
      useFixedPattern: 'Use `/{{pattern}}/` (matches the same strings without the backtracking)',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'send a short crafted string (or a pattern of my own) that a regular expression in the server takes exponential time to reject',
      harm: 'the event loop is blocked and the service stops answering everyone for as long as I keep sending it',
      stride: ['D'],
      asset: 'the availability of the service',
      controls: [
        'Request values are escaped before they become part of a pattern',
        'Patterns that run on request input have no nested or overlapping quantifiers, and input length is bounded before matching',
        'A test sends long strings of the backtracking character to each such endpoint and the answer comes back in milliseconds',
      ],
      likelihood: 2,
      impact: 2,
    },
    since: '0.2.0',
  },
  create(context) {
    const reportBacktracking = (node: TSESTree.Node, source: string, flags: string, literal: boolean) => {
      const report = backtrackingOf(source, flags);
      if (!report) return;
      let tainted: FlowValue | undefined;
      for (const subject of subjectsOf(node, context)) {
        const value = withoutCommandLineTaint(context.flow.valueOf(subject), context);
        if (value.origin === 'tainted') {
          tainted = value;
          break;
        }
      }
      const growth = report.exponential ? 'exponentially' : 'polynomially';
      const advice = 'rewrite it so that no two quantifiers can match the same characters, or bound the input length first';
      const fixes: FixProposal[] = literal ? fixedPatternFix(node, report) : [];
      const data = { growth, character: report.character.pick, advice };
      if (tainted) {
        const source = tainted.source?.description ?? 'request input';
        context.report({
          node,
          messageId: 'backtrackingOnInput',
          data: { ...data, source },
          severity: report.exponential ? 'error' : 'warning',
          confidence: 'high',
          related: tainted.source ? [{ node: tainted.source.node, message: `${source} enters here` }] : [],
          fixes,
        });
        return;
      }
      // A backtracking pattern that no request reaches here is common in libraries and rarely
      // exploitable: the audit profile shows it, the default output does not.
      context.report({ node, messageId: 'backtracking', data, severity: 'info', confidence: 'low', audit: true, fixes });
    };

    const checkConstructed = (call: TSESTree.CallExpression | TSESTree.NewExpression) => {
      if (!isGlobalRegExp(call.callee, context)) return;
      const [pattern, flags] = call.arguments;
      if (!pattern || pattern.type === 'SpreadElement') return;
      const inner = unwrap(pattern);
      if (inner.type === 'Literal' && typeof inner.value === 'string') {
        const flagText = flags && flags.type === 'Literal' && typeof flags.value === 'string' ? flags.value : '';
        reportBacktracking(call, inner.value, flagText, false);
        return;
      }
      if (inner.type === 'Literal' && 'regex' in inner) return;
      if (!carriesUnescapedInput(pattern, context)) return;
      const value = withoutCommandLineTaint(context.flow.valueOf(pattern), context);
      const name = call.type === 'NewExpression' ? 'new RegExp' : 'RegExp';
      reportTainted(context, {
        node: pattern,
        value: { ...value, origin: 'tainted' },
        messageIds: { built: 'taintedPattern', whole: 'inputPattern' },
        data: { call: name },
        fixes: value.built ? [] : [escapeFix(pattern, context)],
        hazard: 'injection',
      });
    };

    return {
      Literal(node) {
        if ('regex' in node && node.regex) reportBacktracking(node, node.regex.pattern, node.regex.flags, true);
      },
      NewExpression: checkConstructed,
      CallExpression(call) {
        if (call.callee.type === 'Identifier') {
          checkConstructed(call);
          return;
        }
        // s.match(req.query.q): a string argument is compiled as a pattern.
        const callee = unwrap(call.callee);
        if (callee.type !== 'MemberExpression') return;
        const method = propertyName(callee);
        const [argument] = call.arguments;
        if (!method || !PATTERN_TAKING_METHODS.has(method) || !isStringMethodCall(call, callee, context)) return;
        if (!argument || argument.type === 'SpreadElement' || !carriesUnescapedInput(argument, context)) return;
        const value = withoutCommandLineTaint(context.flow.valueOf(argument), context);
        reportTainted(context, {
          node: argument,
          value: { ...value, origin: 'tainted' },
          messageIds: { built: 'taintedPattern', whole: 'inputPattern' },
          data: { call: method },
          fixes: value.built ? [] : [escapeFix(argument, context)],
          hazard: 'injection',
        });
      },
    };
  },
});
