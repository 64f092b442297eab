// Flags shell command lines (child_process exec/execSync, spawn/execFile with `shell: true`,
// `sh -c <line>`, shelljs exec) assembled from request input or from values of unknown origin,
// and offers to run the program with execFile and an argument array instead.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type FlowValue, type TextEdit, defineRule, type FixProposal, type RuleContext, unwrap, keyNameOf } from '../../server/src/engine/api';
import { withoutCommandLineTaint } from '../util/commandLineInput';
import { moduleRefOf, type ModuleRef } from '../util/moduleRefs';
import { removePropertyEdit } from '../util/removalEdits';
import { commandPieces, renderWord, splitShellWords } from '../util/shellWords';
import { reportTainted } from '../util/taintReports';
import { isGuarded } from '../util/guardPolicy';

/** Functions whose first argument is always run by a shell. */
const SHELL_LINE_FUNCTIONS: Record<string, ReadonlySet<string>> = {
  child_process: new Set(['exec', 'execSync']),
  shelljs: new Set(['exec']),
};
/** Functions that take a program and an argument array, and use a shell only when told to. */
const PROGRAM_FUNCTIONS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
/** The no-shell counterpart offered by the fix. */
const EXEC_FILE_OF: Record<string, string> = { exec: 'execFile', execSync: 'execFileSync' };
/** Shells that run their `-c` argument as a command line. */
const SHELL_PROGRAMS = /^(?:.*[\\/])?(?:sh|bash|zsh|dash|ksh|ash|fish|cmd|cmd\.exe|powershell|powershell\.exe|pwsh|pwsh\.exe)$/i;
const SHELL_COMMAND_FLAGS = /^(?:-c|-lc|-ic|-ec|\/c|\/s|\/k|-command|-Command|-EncodedCommand)$/;

type SinkKind = 'shell-line' | 'shell-option' | 'shell-program';

interface ShellSink {
  kind: SinkKind;
  call: TSESTree.CallExpression;
  ref: ModuleRef;
  /** The exported function called: exec, execSync, spawn... */
  fn: string;
  /** The parts that reach the shell's command line, in order. */
  parts: TSESTree.Node[];
  /** The shell program of an explicit `sh -c` call. */
  shell?: string;
}

function stringValue(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The options object literal of a spawn-like call: the object after the program (and args). */
function optionsObject(call: TSESTree.CallExpression): TSESTree.ObjectExpression | undefined {
  for (const arg of call.arguments.slice(1, 3)) {
    if (arg.type === 'ObjectExpression') return arg;
  }
  return undefined;
}

function shellProperty(options: TSESTree.ObjectExpression | undefined): TSESTree.Property | undefined {
  for (const property of options?.properties ?? []) {
    if (property.type === 'Property' && keyNameOf(property) === 'shell') return property;
  }
  return undefined;
}

/** `shell: true` or `shell: '/bin/bash'`, written as a literal. */
function turnsShellOn(property: TSESTree.Property | undefined): boolean {
  if (!property) return false;
  const value = property.value;
  return value.type === 'Literal' && (value.value === true || (typeof value.value === 'string' && value.value !== ''));
}

function shellSinkOf(call: TSESTree.CallExpression, context: RuleContext): ShellSink | undefined {
  const ref = moduleRefOf(call.callee, context);
  if (!ref || ref.path.length !== 1) return undefined;
  const fn = ref.path[0];
  const first = call.arguments[0];
  if (!first || first.type === 'SpreadElement') return undefined;
  if (SHELL_LINE_FUNCTIONS[ref.module]?.has(fn)) return { kind: 'shell-line', call, ref, fn, parts: [first] };
  if (ref.module !== 'child_process' || !PROGRAM_FUNCTIONS.has(fn)) return undefined;
  const args = call.arguments[1];
  if (turnsShellOn(shellProperty(optionsObject(call)))) {
    // Node joins the program and the arguments with spaces and hands the line to the shell.
    const parts: TSESTree.Node[] = [first];
    if (args && args.type === 'ArrayExpression') parts.push(...args.elements.filter((e): e is TSESTree.Expression | TSESTree.SpreadElement => !!e));
    else if (args && args.type !== 'ObjectExpression' && args.type !== 'SpreadElement' && args.type !== 'ArrowFunctionExpression' && args.type !== 'FunctionExpression') parts.push(args);
    return { kind: 'shell-option', call, ref, fn, parts };
  }
  // spawn('sh', ['-c', line]): the shell is the program.
  const program = stringValue(first);
  if (!program || !SHELL_PROGRAMS.test(program) || !args || args.type !== 'ArrayExpression') return undefined;
  const flag = args.elements.findIndex((e) => !!e && SHELL_COMMAND_FLAGS.test(stringValue(e) ?? ''));
  const line = flag >= 0 ? args.elements[flag + 1] : undefined;
  if (!line || line.type === 'SpreadElement') return undefined;
  return { kind: 'shell-program', call, ref, fn, parts: [line], shell: program.replace(/^.*[\\/]/, '') };
}

/** The value of the whole command line, and the part to point at. */
function commandValue(sink: ShellSink, context: RuleContext): { value: FlowValue; node: TSESTree.Node; joinedOnly: boolean } {
  // A command-line tool's arguments come from its own user: unknown origin, not an attack.
  const values = sink.parts.map((part) => ({ part, value: withoutCommandLineTaint(context.flow.valueOf(part), context) }));
  const worst = values.find((v) => v.value.origin === 'tainted') ?? values.find((v) => v.value.origin === 'unknown') ?? values[0];
  const nonConstant = values.filter((v) => v.value.origin !== 'constant').length;
  // Several words joined into one line are a built string even when each is a plain variable.
  const assembled = values.length > 1 && nonConstant > 0;
  const partBuilt = values.some((v) => v.value.built);
  return { value: { ...worst.value, built: assembled || partBuilt }, node: worst.part, joinedOnly: assembled && !partBuilt };
}

function sinkName(sink: ShellSink, context: RuleContext): string {
  const text = context.getText(sink.call.callee).replace(/\s+/g, '');
  if (text.length <= 40 && /^[\w$.]+$/.test(text)) return text;
  return sink.fn;
}

function adviceFor(sink: ShellSink): string {
  if (sink.kind === 'shell-option') return 'drop `shell: true` and pass each value as its own element of the argument array';
  if (sink.kind === 'shell-program') return `run the program directly instead of through \`${sink.shell}\`, with each value as its own argument`;
  if (sink.ref.module === 'shelljs') return 'run the program with `child_process.execFile` and an argument array';
  return `run the program with \`${EXEC_FILE_OF[sink.fn]}\` and pass each value as its own argument`;
}

/** exec(`git log ${branch}`, cb) -> execFile('git', ['log', branch], cb), when the line has no shell syntax. */
function execFileRewrite(sink: ShellSink, context: RuleContext): FixProposal | undefined {
  if (sink.kind !== 'shell-line' || sink.ref.module !== 'child_process' || sink.ref.promisified) return undefined;
  const replacement = EXEC_FILE_OF[sink.fn];
  const [command, ...rest] = sink.call.arguments;
  const pieces = commandPieces(unwrap(command));
  if (!pieces || !pieces.some((p) => p.kind === 'expr')) return undefined;
  const words = splitShellWords(pieces);
  if (!words) return undefined;
  // What follows the command must mean the same to execFile: an options literal without `shell`, a callback.
  if (rest.length > 2 || rest.some((a) => a.type === 'SpreadElement')) return undefined;
  for (const arg of rest) {
    if (arg.type === 'ObjectExpression') {
      if (shellProperty(arg) || arg.properties.some((p) => p.type !== 'Property')) return undefined;
    } else if (arg.type !== 'ArrowFunctionExpression' && arg.type !== 'FunctionExpression' && arg.type !== 'Identifier') return undefined;
  }
  const getText = (node: TSESTree.Node) => context.getText(node);
  const [program, ...args] = words.map((w) => renderWord(w, getText));
  const edits: TextEdit[] = [{ start: command.range[0], end: command.range[1], text: `${program}, [${args.join(', ')}]` }];
  const callee = unwrap(sink.call.callee);
  if (callee.type === 'MemberExpression') {
    if (callee.computed || callee.property.type !== 'Identifier') return undefined;
    edits.push({ start: callee.property.range[0], end: callee.property.range[1], text: replacement });
  } else if (callee.type === 'Identifier') {
    const ensured = context.imports.ensureNamed(sink.ref.specifier, replacement);
    edits.push({ start: callee.range[0], end: callee.range[1], text: ensured.expression }, ...ensured.edits);
  } else {
    return undefined;
  }
  return { messageId: 'useExecFile', data: { replacement }, kind: 'suggestion', edits };
}

/** spawn('git', ['log', branch], { shell: true }) -> without the shell, when no word needs it. */
function dropShellOption(sink: ShellSink): FixProposal | undefined {
  if (sink.kind !== 'shell-option') return undefined;
  const program = stringValue(sink.call.arguments[0]);
  const args = sink.call.arguments[1];
  if (!program || !/^[\w./:@+-]+$/.test(program)) return undefined;
  if (!args || args.type !== 'ArrayExpression') return undefined;
  for (const element of args.elements) {
    if (!element || element.type === 'SpreadElement') return undefined;
    const text = stringValue(element);
    // A constant word with spaces or shell syntax was written for the shell to parse.
    if (text !== undefined && !/^[\w./:@+=,-]*$/.test(text)) return undefined;
  }
  const options = optionsObject(sink.call);
  const property = shellProperty(options);
  if (!options || !property) return undefined;
  return { messageId: 'dropShell', kind: 'suggestion', edits: [removePropertyEdit(options, property)] };
}

export default defineRule({
  id: 'unsafe-api/no-shell-command-from-input',
  meta: {
    title: 'Shell command line built from input',
    checklist:
      'Programs are started without a shell (`execFile`, `spawn` without `shell: true`), and values from requests or other code reach them only as separate arguments, never inside a command line.',
    rationale:
      'A shell reads its command line as a small program: whoever controls part of it can end the intended command with `;`, `&&` or a newline, or run their own with `$(...)` and backticks. A request value pasted into `exec()` therefore runs any command the server account may run.',
    severity: 'error',
    securitySeverity: '9.8',
    confidence: 'high',
    cwe: ['CWE-78'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/78.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html',
      'https://nodejs.org/api/child_process.html#child_processexecfilefile-args-options-callback',
    ],
    frameworks: ['child_process', 'shelljs'],
    fix: 'suggestion',
    messages: {
      taintedCommand: 'Shell command passed to `{{sink}}` is built from request input ({{source}}); {{advice}}.',
      requestCommand: 'Shell command passed to `{{sink}}` is request input ({{source}}) run as it is; start a fixed program and pass input only as its arguments.',
      builtCommand: 'Shell command passed to `{{sink}}` is built from values of unknown origin; {{advice}}.',
      useExecFile: 'Run the program with `{{replacement}}` and pass each value as its own argument (no shell)',
      dropShell: 'Remove `shell: true` so that each array element reaches the program as one argument',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'take over {asset} by putting shell commands into a file name, branch or host field that the server pastes into a command line',
      harm: 'I run my own commands on {asset}, read its secrets and files, and use it to reach the internal network',
      stride: ['T', 'I', 'E'],
      asset: 'the server host, its credentials and the data it can reach',
      controls: [
        'Programs are started with execFile or spawn without a shell, and every input value is its own argument',
        'Arguments that could be read as options are preceded by `--` or validated against an allowlist',
        'The service runs under an account that can only reach what it needs',
        'An automated security test sends `;id`, `$(id)` and a backtick payload to every field that reaches a command and no command runs',
      ],
      likelihood: 3,
      impact: 3,
    },
    since: '0.1.0',
    // Every sink is resolved through an import or require of one of these modules.
    requiresText: ['child_process', 'shelljs'],
  },
  create(context) {
    return {
      CallExpression(node) {
        const sink = shellSinkOf(node, context);
        if (!sink) return;
        const { value, node: reported, joinedOnly } = commandValue(sink, context);
        if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
        if (value.origin === 'unknown' && !value.built) return;
        const fixes: FixProposal[] = [];
        const rewrite = execFileRewrite(sink, context) ?? dropShellOption(sink);
        if (rewrite) fixes.push(rewrite);
        const data = { sink: sinkName(sink, context), advice: adviceFor(sink) };
        if (value.origin === 'tainted') {
          reportTainted(context, { node: reported, value, messageIds: { built: 'taintedCommand', whole: 'requestCommand' }, data, fixes, hazard: 'injection' });
          return;
        }
        // Plain values passed as arguments through `shell: true` (often only to start npm.cmd on
        // Windows) are worth a look but usually harmless: low confidence.
        const confidence = joinedOnly && sink.kind === 'shell-option' ? 'low' : 'medium';
        context.report({ node: reported, messageId: 'builtCommand', data, severity: 'warning', confidence, fixes });
      },
    };
  },
});
