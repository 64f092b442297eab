// Flags quotes escaped by hand (`replace(/'/g, "''")`, `split("'").join("''")`, or a local
// escape/sanitize/quote helper doing that) on a value that is then pasted into SQL text.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { defineRule, type FixProposal, type RuleContext, unwrap } from '../../server/src/engine/api';
import { calledMethod } from '../util/mongoQueries';
import { ESCAPE_CHARS, HELPER_NAME, isQuotingCall, localFunction } from '../util/escapeHelpers';
import { constantTextOf, isWithheld, splitStringParts, type StringParts, type Withheld } from '../util/queryParts';
import { rewriteSinkCallOrWithhold } from '../util/sqlRewrites';
import { looksLikeSql, sqlSinkOf, type SqlSink } from '../util/sqlDrivers';
import { guardAdjustment } from '../util/guardPolicy';

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
      goal: 'read or change {asset} by finding the input the home-made escaping forgets: a backslash, a multibyte character or a value outside quotes',
      harm: 'my text becomes SQL and I read or change {asset} beyond what I may reach',
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

    /**
     * The same rewrite sql/no-string-built-query offers for this call, so that the two fixes on one
     * range agree: the escaping is dropped where it only quoted, kept where it did more.
     */
    function rewrite(split: StringParts, sink: SqlSink | undefined, escapes: Map<TSESTree.Node, HandEscape>): FixProposal | Withheld | undefined {
      if (!sink || sink.sql !== split.node) return undefined;
      if ([...escapes.values()].some((e) => e.viaVariable)) return { withheld: 'the value was escaped when it was stored in a variable; bind the value from before its escaping instead' };
      const fix = rewriteSinkCallOrWithhold(sink, context);
      return fix && !isWithheld(fix) ? { ...fix, messageId: 'useBoundParameter', data: undefined } : fix;
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
      const fixes = fix && !isWithheld(fix) ? [fix] : [];
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
          confidence: adjustment.confidence ?? (origin === 'tainted' ? 'high' : 'low'),
          // Escaping a value that no input reaches (library internals doubling quotes for T-SQL or
          // Oracle literals): audit profile only; 14 of 14 such findings on the benchmark were false.
          audit: origin !== 'tainted',
          fixes,
          fixWithheld: isWithheld(fix) ? fix.withheld : undefined,
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
