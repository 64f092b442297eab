// Flags quotes escaped by hand (`replace(/'/g, "''")`, `split("'").join("''")`, or a local
// escape/sanitize/quote helper doing that) on a value that is then pasted into SQL text.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { defineRule, type FixProposal, type RuleContext, unwrap, isFunctionNode } from '../../server/src/engine/api';
import { calledMethod } from '../util/mongoQueries';
import { constantTextOf, parameterise, splitStringParts, valuesArray, type PlaceholderStyle, type QueryPart, type StringParts } from '../util/queryParts';
import { looksLikeSql, sqlSinkOf, type SqlSink } from '../util/sqlDrivers';
import { guardAdjustment } from '../util/guardPolicy';

/** Names that announce an escaping helper. */
const HELPER_NAME = /escape|saniti[sz]e|clean|quote|^esc$|^sqlstr|^sqlsafe/i;
/** Characters whose presence in a pattern means it targets SQL quoting. */
const QUOTE_CHARS = /['"]/;
/** Characters an escaping chain also handles on the way (backslashes, NUL, newlines, Ctrl-Z). */
const ESCAPE_CHARS = /['"\\]|\\[0nrbtZ]|\\x1a|\\u001a/;
const MAX_HELPER_NODES = 2000;

/** How a value was escaped by hand, and what it was before. */
interface HandEscape {
  /** The node the finding points at. */
  report: TSESTree.Node;
  /** The value before escaping, for a parameterised rewrite. */
  raw: TSESTree.Node;
  /** The replace (or split/join) that does the quoting. */
  quoting: TSESTree.CallExpression;
  /** The helper function's name when the quoting happens inside a local helper. */
  helper?: string;
  /** The escaped value was stored in a variable first; the original is not at hand for a rewrite. */
  viaVariable?: boolean;
}

function patternTargets(node: TSESTree.Node | undefined, chars: RegExp): boolean {
  if (!node) return false;
  if (node.type === 'Literal' && 'regex' in node && node.regex) return chars.test(node.regex.pattern);
  return node.type === 'Literal' && typeof node.value === 'string' && chars.test(node.value);
}

/** `x.replace(/'/g, "''")`, `x.replaceAll("'", "\\'")`, `x.split("'").join("''")`, the quote handling of an escaping chain. */
function isQuotingCall(node: TSESTree.Node, chars: RegExp = QUOTE_CHARS): node is TSESTree.CallExpression {
  if (node.type !== 'CallExpression') return false;
  const called = calledMethod(node);
  if (!called) return false;
  if (called.method === 'replace' || called.method === 'replaceAll') return node.arguments.length === 2 && patternTargets(node.arguments[0], chars);
  if (called.method !== 'join') return false;
  const receiver = unwrap(called.receiver);
  if (receiver.type !== 'CallExpression' || calledMethod(receiver)?.method !== 'split') return false;
  const separator = node.arguments[0];
  return patternTargets(receiver.arguments[0], chars) && !!separator && separator.type === 'Literal' && typeof separator.value === 'string' && separator.value.length > 0;
}

/** The value under a chain of escaping calls: `x` in `x.replace(/\\/g, '\\\\').replace(/'/g, "''")`. */
function unescapedValue(call: TSESTree.CallExpression): TSESTree.Node {
  let current: TSESTree.Node = call;
  for (let i = 0; i < 10 && isQuotingCall(current, ESCAPE_CHARS); i++) {
    const receiver = unwrap(calledMethod(current)!.receiver);
    // split(...).join(...): step over the split as well.
    current = calledMethod(current)!.method === 'join' && receiver.type === 'CallExpression' ? unwrap(calledMethod(receiver)!.receiver) : receiver;
  }
  return current;
}

/** The outermost quoting call in an escaping chain, which is the one the finding names. */
function quotingInChain(node: TSESTree.Node): TSESTree.CallExpression | undefined {
  let current: TSESTree.Node = unwrap(node);
  for (let i = 0; i < 10 && isQuotingCall(current, ESCAPE_CHARS); i++) {
    if (isQuotingCall(current)) return current;
    current = unwrap(calledMethod(current)!.receiver);
  }
  return undefined;
}

/** The first quoting call anywhere in a function body. */
function quotingInside(fn: TSESTree.FunctionLike): TSESTree.CallExpression | undefined {
  const stack: TSESTree.Node[] = fn.body ? [fn.body] : [];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_HELPER_NODES) {
    const node = stack.pop()!;
    if (isQuotingCall(node)) return node;
    for (const key of visitorKeys[node.type as keyof typeof visitorKeys] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) if (item && typeof item === 'object' && 'type' in item) stack.push(item as TSESTree.Node);
    }
  }
  return undefined;
}

/** Whether a returned expression is a quoting chain, possibly wrapped in quotes: `"'" + s.replace(/'/g, "''") + "'"`. */
function isQuotedResult(node: TSESTree.Node): boolean {
  if (quotingInChain(node)) return true;
  const split = splitStringParts(node);
  return !!split && split.parts.some((p) => p.kind === 'expression' && !!quotingInChain(p.node));
}

/** Whether a function returns the quoting chain directly: `(s) => s.replace(/'/g, "''")`. */
function returnsQuoting(fn: TSESTree.FunctionLike): boolean {
  if (fn.body?.type !== 'BlockStatement') return !!fn.body && isQuotedResult(fn.body);
  return fn.body.body.some((s) => s.type === 'ReturnStatement' && !!s.argument && isQuotedResult(s.argument));
}

/** The function a local identifier names: a declaration, or a const holding a function expression. */
function localFunction(callee: TSESTree.Identifier, context: RuleContext): TSESTree.FunctionLike | undefined {
  const variable = context.flow.variableOf(callee);
  for (const def of variable?.defs ?? []) {
    if (def.type === 'FunctionName' && isFunctionNode(def.node)) return def.node;
    if (def.type === 'Variable') {
      const init = (def.node).init;
      const fn = init ? unwrap(init) : undefined;
      if (isFunctionNode(fn)) return fn;
    }
  }
  return undefined;
}

function handEscapeOf(node: TSESTree.Node, context: RuleContext, followVariables: boolean): HandEscape | undefined {
  const value = unwrap(node);
  const quoting = quotingInChain(value);
  if (quoting) return { report: quoting, raw: unescapedValue(value as TSESTree.CallExpression), quoting };
  if (value.type === 'CallExpression' && value.callee.type === 'Identifier' && value.arguments.length === 1 && value.arguments[0].type !== 'SpreadElement') {
    const fn = localFunction(value.callee, context);
    if (fn) {
      const inside = quotingInside(fn);
      if (inside && (HELPER_NAME.test(value.callee.name) || returnsQuoting(fn))) {
        return { report: value, raw: value.arguments[0], quoting: inside, helper: value.callee.name };
      }
    }
  }
  if (followVariables && value.type === 'Identifier') {
    // const safe = name.replace(/'/g, "''"): the finding goes to the escaping itself.
    for (const written of context.flow.assignmentsOf(value)) {
      const escape = handEscapeOf(written, context, false);
      if (escape) return { ...escape, viaVariable: true };
    }
  }
  return undefined;
}

/** Whether the string is SQL: its own text, the variable it is assembled into, or the sink it is passed to. */
function isSqlText(split: StringParts, sink: SqlSink | undefined, context: RuleContext): boolean {
  if (sink) return true;
  const text = split.parts.map((p) => (p.kind === 'text' ? p.text : ' x ')).join('');
  if (looksLikeSql(text)) return true;
  const parent = context.getParent(split.node);
  let target: TSESTree.Node | undefined;
  if (parent?.type === 'VariableDeclarator' && parent.init === split.node) target = parent.id;
  if (parent?.type === 'AssignmentExpression' && parent.right === split.node) target = parent.left;
  return target?.type === 'Identifier' && looksLikeSql(constantTextOf(target, context));
}

function placeholderStyle(sink: SqlSink): PlaceholderStyle | undefined {
  if (sink.via === 'none' || sink.inOptionsObject) return undefined;
  if (sink.driver === 'pg') return 'dollar';
  if (sink.driver === 'mysql') return 'question';
  if (sink.driver === 'sqlite3' && sink.method !== 'exec') return 'question';
  if (sink.driver === 'knex' && sink.method === 'raw') return 'knex';
  return undefined;
}

export default defineRule({
  id: 'sql/no-hand-made-escaping',
  meta: {
    title: 'Quotes escaped by hand before building SQL',
    checklist: 'Values reach SQL as bound parameters of the driver; nobody escapes quotes by hand (`replace(/\'/g, "\'\'")`, a home-made `escape()`) to paste them into query text.',
    rationale:
      'Hand-written escaping handles the quote its author thought of and misses the rest: a backslash before the quote on MySQL, a multibyte character that swallows the escape in some encodings, a value pasted where no quotes surround it (`WHERE id = ` + value), or a second pass that undoes the first. The attacker only needs the one case the helper forgot to turn the value back into SQL.',
    severity: 'error',
    securitySeverity: '8.1',
    confidence: 'high',
    cwe: ['CWE-89', 'CWE-116'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/89.html',
      'https://cwe.mitre.org/data/definitions/116.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html',
    ],
    frameworks: ['mysql', 'mysql2', 'pg', 'sqlite3', 'knex', 'sequelize', 'mssql', 'oracledb', 'better-sqlite3'],
    fix: 'suggestion',
    messages: {
      escapedByHand:
        'Quotes in this value are escaped by hand before it is pasted into SQL text; quoting by hand misses edge cases (backslashes, multibyte characters, numeric contexts), so pass the value as a bound parameter instead.',
      escapedByHelper:
        '`{{helper}}()` escapes quotes by hand before this value is pasted into SQL text; quoting by hand misses edge cases (backslashes, multibyte characters, numeric contexts), so pass the value as a bound parameter instead.',
      useBoundParameter: 'Pass the unescaped value as a bound parameter',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'find the input the home-made escaping forgets (a backslash, a multibyte character, a value outside quotes)',
      harm: 'my text becomes SQL and I read or change records I should not reach',
      stride: ['T', 'I'],
      asset: 'the records in the application database',
      controls: [
        'Every value reaches the database as a bound parameter of the driver',
        'Home-made escaping helpers are removed from the code base',
        'An automated security test sends `\\\' OR 1=1 -- ` and a multibyte quote variant to each search field and gets no extra rows',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    const reported = new Set<TSESTree.Node>();

    /** Rebuilds the inline SQL with the unescaped values bound as parameters. */
    function rewrite(split: StringParts, sink: SqlSink | undefined, escapes: Map<TSESTree.Node, HandEscape>): FixProposal | undefined {
      if (!sink || sink.sql !== split.node || [...escapes.values()].some((e) => e.viaVariable)) return undefined;
      const style = placeholderStyle(sink);
      if (!style) return undefined;
      const extra = sink.call.arguments.slice(1);
      if (extra.some((a) => !isFunctionNode(a)) || (extra.length > 0 && style === 'knex')) return undefined;
      const parts: QueryPart[] = split.parts.map((part) => {
        const escape = part.kind === 'expression' ? escapes.get(part.node) : undefined;
        return escape ? { kind: 'expression', node: escape.raw as TSESTree.Expression } : part;
      });
      const rebuilt = parameterise({ ...split, parts }, style, context);
      if (!rebuilt || rebuilt.values.length === 0) return undefined;
      return {
        messageId: 'useBoundParameter',
        kind: 'suggestion',
        edits: [{ start: split.node.range[0], end: split.node.range[1], text: `${rebuilt.sql}, ${valuesArray(rebuilt.values)}` }],
      };
    }

    function check(raw: TSESTree.Node): void {
      const parent = context.getParent(raw);
      // Only the outermost piece of a concatenation; tagged templates bind their values.
      if (parent?.type === 'BinaryExpression' && parent.operator === '+') return;
      if (parent?.type === 'TaggedTemplateExpression') return;
      const split = splitStringParts(raw, context);
      if (!split) return;
      const escapes = new Map<TSESTree.Node, HandEscape>();
      for (const part of split.parts) {
        if (part.kind !== 'expression') continue;
        const escape = handEscapeOf(part.node, context, true);
        if (escape) escapes.set(part.node, escape);
      }
      if (escapes.size === 0) return;
      const sink = parent?.type === 'CallExpression' ? sqlSinkOf(parent, context) : undefined;
      if (!isSqlText(split, sink && sink.sql === split.node ? sink : undefined, context)) return;
      const fix = rewrite(split, sink, escapes);
      for (const escape of escapes.values()) {
        if (reported.has(escape.report)) continue;
        reported.add(escape.report);
        const value = context.flow.valueOf(escape.viaVariable ? escape.report : escape.raw);
        const origin = value.origin;
        if (origin === 'constant') continue;
        // A value checked against the injection hazard needs no escaping; a check Rugged cannot judge lowers it.
        const adjustment = guardAdjustment(value, 'injection');
        if (!adjustment) continue;
        context.report({
          node: escape.report,
          messageId: escape.helper ? 'escapedByHelper' : 'escapedByHand',
          data: { helper: escape.helper ?? '' },
          severity: adjustment.severity ?? (origin === 'tainted' ? 'error' : 'warning'),
          confidence: adjustment.confidence ?? 'high',
          fixes: fix ? [fix] : [],
          related: [...(escape.helper ? [{ node: escape.quoting, message: `${escape.helper}() quotes by hand here` }] : []), ...adjustment.related],
        });
      }
    }

    return {
      TemplateLiteral: check,
      BinaryExpression(node) {
        if ((node as TSESTree.BinaryExpression).operator === '+') check(node);
      },
    };
  },
});
