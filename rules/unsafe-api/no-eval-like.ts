// Flags code strings run at run time: eval, new Function, string timers, Node's vm module and
// vm2, when the code carries request input or is not a constant. Offers JSON.parse where eval
// parses data, and an arrow function where a string timer only calls a function.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, join, type FlowValue, defineRule, type FixProposal, type RuleContext, unwrap } from '../../server/src/engine/api';
import { withoutCommandLineTaint } from '../util/commandLineInput';
import { moduleRefOf } from '../util/moduleRefs';
import { commandPieces } from '../util/shellWords';
import { reportTainted } from '../util/taintReports';
import { isGuarded } from '../util/guardPolicy';

type SinkKind = 'eval' | 'Function' | 'timer' | 'vm' | 'vm2';

interface CodeSink {
  kind: SinkKind;
  call: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The arguments that are run as code. */
  code: TSESTree.Node[];
  name: string;
}

/** vm functions whose first argument is source code. */
const VM_CODE_FUNCTIONS = new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction']);
/** vm classes constructed from source code. */
const VM_CODE_CLASSES = new Set(['Script', 'SourceTextModule']);
/** vm2 classes whose instances run code passed to `run`. */
const VM2_CLASSES = new Set(['VM', 'NodeVM']);
const TIMERS = new Set(['setTimeout', 'setInterval']);
/** The global functions that run a string as code: the only names `globalFunctionName` needs to tell apart. */
const CODE_GLOBALS = new Set(['eval', 'Function', ...TIMERS]);
/** Names under which parsed data usually travels: eval of these is JSON parsing. */
const DATA_NAME = /json|data|config|payload|body|response|settings|state|result/i;

const ADVICE: Record<SinkKind, string> = {
  eval: 'parse data with `JSON.parse`, or look the operation up in a table of functions',
  Function: 'write the function in the source, or pick it from a table of functions',
  timer: 'pass a function instead of a string',
  vm: 'the `vm` module is not a security boundary, so run untrusted code in a separate process or an isolate (isolated-vm), or do not run it',
  vm2: 'vm2 is discontinued and its sandbox has published escapes, so run untrusted code in a separate process or an isolate (isolated-vm), or do not run it',
};

/** The global function `name` (`eval`, `window.eval`, `globalThis.setTimeout`), not a local one. */
function globalFunctionName(callee: TSESTree.Node, context: RuleContext): string | undefined {
  const node = unwrap(callee);
  if (node.type === 'Identifier') {
    // Only these names make a sink; asking the scopes about any other callee would build them for nothing.
    if (!CODE_GLOBALS.has(node.name)) return undefined;
    const variable = context.flow.variableOf(node);
    return !variable || variable.defs.length === 0 ? node.name : undefined;
  }
  const name = dottedName(node);
  const match = name ? /^(?:window|globalThis|self|global)\.(\w+)$/.exec(name) : null;
  if (!match || node.type !== 'MemberExpression' || !CODE_GLOBALS.has(match[1])) return undefined;
  const root = unwrap(node.object);
  if (root.type !== 'Identifier') return undefined;
  const variable = context.flow.variableOf(root);
  return !variable || variable.defs.length === 0 ? match[1] : undefined;
}

/** `new VM()` from vm2, possibly saved in a variable first. */
function isVm2Instance(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  if (depth > 6) return false;
  const inner = unwrap(node);
  if (inner.type === 'NewExpression') {
    const ref = moduleRefOf(inner.callee, context);
    return !!ref && ref.module === 'vm2' && ref.path.length === 1 && VM2_CLASSES.has(ref.path[0]);
  }
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 && isVm2Instance(writes[0], context, depth + 1);
  }
  return false;
}

function args(call: TSESTree.CallExpression | TSESTree.NewExpression): TSESTree.Node[] | undefined {
  return call.arguments.some((a) => a.type === 'SpreadElement') ? undefined : call.arguments;
}

/**
 * `namesVm`: the file's text contains `vm`, which every specifier of vm and vm2 does; without it no
 * callee can resolve to either, and the scopes are not asked.
 */
function sinkOf(call: TSESTree.CallExpression | TSESTree.NewExpression, context: RuleContext, namesVm: boolean): CodeSink | undefined {
  const list = args(call);
  if (!list || list.length === 0) return undefined;
  const global = globalFunctionName(call.callee, context);
  if (global === 'eval' && call.type === 'CallExpression') return { kind: 'eval', call, code: [list[0]], name: 'eval' };
  if (global === 'Function') return { kind: 'Function', call, code: list, name: call.type === 'NewExpression' ? 'new Function' : 'Function' };
  if (global && TIMERS.has(global) && call.type === 'CallExpression') return { kind: 'timer', call, code: [list[0]], name: global };
  if (!namesVm) return undefined;
  const ref = moduleRefOf(call.callee, context);
  if (ref && ref.module === 'vm' && ref.path.length === 1) {
    const [fn] = ref.path;
    if (call.type === 'CallExpression' && VM_CODE_FUNCTIONS.has(fn)) return { kind: 'vm', call, code: [list[0]], name: `vm.${fn}` };
    if (call.type === 'NewExpression' && VM_CODE_CLASSES.has(fn)) return { kind: 'vm', call, code: [list[0]], name: `new vm.${fn}` };
  }
  if (ref && ref.module === 'vm2' && ref.path.length === 1 && ref.path[0] === 'VMScript' && call.type === 'NewExpression') {
    return { kind: 'vm2', call, code: [list[0]], name: 'new VMScript' };
  }
  const callee = unwrap(call.callee);
  if (call.type === 'CallExpression' && callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && callee.property.name === 'run' && isVm2Instance(callee.object, context)) {
    return { kind: 'vm2', call, code: [list[0]], name: 'vm2 run' };
  }
  return undefined;
}

/** `'(' + text + ')'` or `(${text})`: the classic eval-as-JSON-parser wrapping. */
function parenthesisedValue(node: TSESTree.Node): TSESTree.Node | undefined {
  const inner = unwrap(node);
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 1) {
    const [before, after] = inner.quasis.map((q) => q.value.cooked?.trim());
    return before === '(' && after === ')' ? inner.expressions[0] : undefined;
  }
  if (inner.type !== 'BinaryExpression' || inner.operator !== '+' || inner.left.type !== 'BinaryExpression' || inner.left.operator !== '+') return undefined;
  const open = inner.left.left;
  const close = inner.right;
  const isText = (n: TSESTree.Node, text: string) => n.type === 'Literal' && typeof n.value === 'string' && n.value.trim() === text;
  return isText(open, '(') && isText(close, ')') ? inner.left.right : undefined;
}

/** eval(json) -> JSON.parse(json) where the code reads as data. */
function jsonParseFix(sink: CodeSink, context: RuleContext): FixProposal | undefined {
  if (sink.kind !== 'eval' || sink.call.arguments.length !== 1) return undefined;
  const argument = sink.code[0];
  const wrapped = parenthesisedValue(argument);
  // The last name of `xhr.responseText` or `configText` says what the value holds.
  const name = dottedName(unwrap(argument))?.split('.').pop();
  const data = wrapped ?? (name && DATA_NAME.test(name) ? argument : undefined);
  if (!data) return undefined;
  return {
    messageId: 'useJsonParse',
    kind: 'suggestion',
    edits: [{ start: sink.call.range[0], end: sink.call.range[1], text: `JSON.parse(${context.getText(data)})` }],
  };
}

const PLACEHOLDER = /\u0000(\d+)\u0000/;
const ARGUMENT = /\s*(\u0000\d+\u0000|'\u0000\d+\u0000'|"\u0000\d+\u0000"|-?\d+(?:\.\d+)?|'[^'\\\u0000]*'|"[^"\\\u0000]*"|true|false|null)\s*(,|$)/y;

/** True when an interpolated value cannot change between scheduling and running the timer. */
function isStableValue(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type === 'Literal') return true;
  if (inner.type !== 'Identifier') return false;
  const variable = context.flow.variableOf(inner);
  if (!variable || variable.defs.length !== 1) return false;
  const writes = context.flow.assignmentsOf(inner);
  const def = variable.defs[0];
  if (def.type === 'Parameter') return writes.length === 0;
  return def.type === 'Variable' && writes.length === 1;
}

/** setTimeout('refresh(' + id + ')', 1000) -> setTimeout(() => refresh(id), 1000). */
function arrowTimerFix(sink: CodeSink, context: RuleContext): FixProposal | undefined {
  if (sink.kind !== 'timer') return undefined;
  const code = sink.code[0];
  const pieces = commandPieces(unwrap(code));
  if (!pieces) return undefined;
  const values: TSESTree.Node[] = [];
  let text = '';
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      if (piece.value.includes('\u0000')) return undefined;
      text += piece.value;
    } else {
      text += `\u0000${values.length}\u0000`;
      values.push(piece.node);
    }
  }
  if (values.length === 0 || !values.every((v) => isStableValue(v, context))) return undefined;
  const call = /^\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(([\s\S]*)\)\s*;?\s*$/.exec(text);
  if (!call) return undefined;
  const out: string[] = [];
  const list = call[2];
  if (list.trim() !== '') {
    ARGUMENT.lastIndex = 0;
    while (ARGUMENT.lastIndex < list.length) {
      const match = ARGUMENT.exec(list);
      if (!match) return undefined;
      const placeholder = PLACEHOLDER.exec(match[1]);
      out.push(placeholder ? context.getText(values[Number(placeholder[1])]) : match[1]);
      if (match[2] === '') break;
    }
  }
  return {
    messageId: 'useArrowFunction',
    kind: 'suggestion',
    edits: [{ start: code.range[0], end: code.range[1], text: `() => ${call[1]}(${out.join(', ')})` }],
  };
}

function codeValue(sink: CodeSink, context: RuleContext): { value: FlowValue; node: TSESTree.Node } {
  const values = sink.code.map((node) => ({ node, value: withoutCommandLineTaint(context.flow.valueOf(node), context) }));
  const worst = values.find((v) => v.value.origin === 'tainted') ?? values.find((v) => v.value.origin === 'unknown') ?? values[0];
  return { value: { ...join(values.map((v) => v.value), false), source: worst.value.source }, node: worst.node };
}

/**
 * `eval`, `Function` and string timers are almost always avoidable, so code of unknown origin there
 * stays in the default output. The `vm` modules exist to run code a program builds or loads on
 * purpose (plugin loaders, sandboxes, template engines): there only input traced to the code is a
 * finding, and the rest is for the audit profile. A value the analysis gave up on may carry input,
 * so it stays in the default output.
 */
function isDeliberateCodeRunner(sink: CodeSink, value: FlowValue): boolean {
  return (sink.kind === 'vm' || sink.kind === 'vm2') && value.cutShort !== true;
}

export default defineRule({
  id: 'unsafe-api/no-eval-like',
  meta: {
    title: 'Code strings run with eval, Function, timers or vm',
    checklist:
      'The application never turns strings into code at run time: no `eval`, `new Function`, string `setTimeout`/`setInterval` or `vm`/`vm2` on text that is not a constant; data is parsed with `JSON.parse` and behaviour is chosen from functions written in the source.',
    rationale:
      'A string handed to `eval`, `Function`, a string timer or the `vm` module runs with the full rights of the process (or the page). If any part of it comes from a request, the sender runs their own JavaScript: on the server that is remote code execution, in the browser it is cross-site scripting. Node\'s `vm` and the discontinued vm2 do not contain hostile code.',
    severity: 'error',
    securitySeverity: '9.8',
    confidence: 'high',
    cwe: ['CWE-95', 'CWE-94'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/95.html',
      'https://cwe.mitre.org/data/definitions/94.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://nodejs.org/api/vm.html#vm-executing-javascript',
      'https://github.com/patriksimek/vm2#readme',
      'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/eval#never_use_direct_eval!',
    ],
    frameworks: ['node', 'browser', 'vm', 'vm2'],
    fix: 'suggestion',
    messages: {
      taintedCode: 'Code passed to `{{sink}}` is built from request input ({{source}}); {{advice}}.',
      inputAsCode: '`{{sink}}` runs request input ({{source}}) as code; {{advice}}.',
      builtCode: 'Code passed to `{{sink}}` is built from values of unknown origin; {{advice}}.',
      dynamicCode: 'Code passed to `{{sink}}` is not a constant; {{advice}}.',
      useJsonParse: 'Parse the value with `JSON.parse` (reads data, never runs code)',
      useArrowFunction: 'Pass an arrow function that makes the same call',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'run my own code in {asset} by sending JavaScript in a field, formula or template that the application evaluates',
      harm: 'my code runs with every right, secret and piece of data of {asset}',
      stride: ['T', 'I', 'E'],
      asset: 'the server process, its secrets and the data it can reach',
      controls: [
        'No request value is ever turned into code: data is parsed with JSON.parse and operations are chosen from a table of functions',
        'Untrusted scripts, if the product needs them at all, run in a separate process or isolate with no access to secrets',
        'An automated security test sends `process.exit()` and `require("child_process")` payloads to every field that reaches code evaluation and none of them runs',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    const namesVm = context.sourceText.includes('vm');
    const check = (node: TSESTree.Node) => {
      const sink = sinkOf(node as TSESTree.CallExpression | TSESTree.NewExpression, context, namesVm);
      if (!sink) return;
      const { value, node: reported } = codeValue(sink, context);
      if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
      // A timer's first argument is usually a function: only strings that are built or tainted count.
      if (sink.kind === 'timer' && value.origin === 'unknown' && !value.built) return;
      const fixes: FixProposal[] = [];
      const fix = jsonParseFix(sink, context) ?? arrowTimerFix(sink, context);
      if (fix) fixes.push(fix);
      const data = { sink: sink.name, advice: ADVICE[sink.kind] };
      if (value.origin === 'tainted') {
        reportTainted(context, { node: reported, value, messageIds: { built: 'taintedCode', whole: 'inputAsCode' }, data, fixes, hazard: 'injection' });
        return;
      }
      context.report({
        node: reported,
        messageId: value.built ? 'builtCode' : 'dynamicCode',
        data,
        severity: 'warning',
        confidence: value.built ? 'medium' : 'low',
        audit: isDeliberateCodeRunner(sink, value),
        fixes,
      });
    };
    return { CallExpression: check, NewExpression: check };
  },
});
