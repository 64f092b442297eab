// Flags file-system paths built from request input (fs reads, writes and deletes; Express
// res.sendFile/res.download) without a visible check that they stay inside a directory. Offers
// `res.sendFile(name, { root })` and `path.basename(name)` where the input is one file name.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, type TextEdit, defineRule, type FixProposal, type RuleContext, unwrap, keyNameOf } from '../../server/src/engine/api';
import { isCommandLineInput } from '../util/commandLineInput';
import { ensureDefaultImport } from '../util/defaultImport';
import { moduleRefOf } from '../util/moduleRefs';
import { isPathBuilder, pathValueOf } from '../util/pathValues';
import { reportTainted } from '../util/taintReports';

/** fs functions and the indexes of their path arguments. */
const FS_PATH_ARGUMENTS: Record<string, number[]> = {
  readFile: [0], readFileSync: [0], createReadStream: [0], open: [0], openSync: [0], readdir: [0], readdirSync: [0],
  writeFile: [0], writeFileSync: [0], appendFile: [0], appendFileSync: [0], createWriteStream: [0], outputFile: [0], outputFileSync: [0],
  unlink: [0], unlinkSync: [0], rm: [0], rmSync: [0], rmdir: [0], rmdirSync: [0], remove: [0], removeSync: [0],
  copyFile: [0, 1], copyFileSync: [0, 1], rename: [0, 1], renameSync: [0, 1], copy: [0, 1], copySync: [0, 1], move: [0, 1], moveSync: [0, 1],
};
const FS_MODULES = new Set(['fs', 'fs-extra', 'graceful-fs']);
/** A string literal that starts with one of FS_MODULES: every specifier resolving to one does. */
const FS_SPECIFIER = /['"`](?:node:)?(?:fs|fs-extra|graceful-fs)['"`/]/;
interface PathSink {
  call: TSESTree.CallExpression;
  path: TSESTree.Node;
  name: string;
  express: boolean;
}

/** `test` holds for the expression itself or, for a variable, for every value ever assigned to it. */
function holdsForEveryValue(node: TSESTree.Node, test: (value: TSESTree.Node) => boolean, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return test(inner);
  const writes = context.flow.assignmentsOf(inner);
  return writes.length > 0 && writes.every((w) => test(unwrap(w)));
}

/** `{ root }` inline, or in a variable whose every assignment is an object literal with `root`. */
function hasRootOption(args: TSESTree.CallExpressionArgument[], context: RuleContext): boolean {
  const withRoot = (node: TSESTree.Node) => node.type === 'ObjectExpression' && node.properties.some((p) => keyNameOf(p) === 'root');
  return args.some((a) => holdsForEveryValue(a, withRoot, context));
}

/** The response of an HTTP handler: `res`, or the parameter after a request parameter. */
function isResponseObject(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return false;
  if (inner.name === 'res' || inner.name === 'response') return true;
  const def = context.flow.variableOf(inner)?.defs[0];
  if (!def || def.type !== 'Parameter') return false;
  const fn = def.node as TSESTree.Node;
  if (fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return false;
  const [request, response] = fn.params;
  return response === def.name && request?.type === 'Identifier' && context.flow.valueOf(request).requestObject === true;
}

/**
 * `namesFs`: the file writes an fs specifier (FS_SPECIFIER); without one no callee resolves to fs,
 * and the file is spared the scope analysis that resolving every callee would build.
 */
function sinkOf(call: TSESTree.CallExpression, context: RuleContext, namesFs: boolean): PathSink[] {
  const callee = unwrap(call.callee);
  const args = call.arguments;
  if (args.length === 0 || args.some((a) => a.type === 'SpreadElement')) return [];
  // res.sendFile / res.download: Express only; the `root` option confines the path itself.
  if (callee.type === 'MemberExpression' && (propertyName(callee) === 'sendFile' || propertyName(callee) === 'download')) {
    if (hasRootOption(args, context) || !isResponseObject(callee.object, context)) return [];
    const name = `res.${propertyName(callee)}`;
    return [{ call, path: args[0], name, express: true }];
  }
  if (!namesFs) return [];
  const ref = moduleRefOf(call.callee, context);
  if (!ref || !FS_MODULES.has(ref.module)) return [];
  const path = ref.path[0] === 'promises' ? ref.path.slice(1) : ref.path;
  if (path.length !== 1 || !(path[0] in FS_PATH_ARGUMENTS)) return [];
  return FS_PATH_ARGUMENTS[path[0]].filter((i) => args[i]).map((i) => ({ call, path: args[i], name: `fs.${path[0]}`, express: false }));
}

/** The base directory and the input of `path.join(BASE, input)`, `BASE + '/' + input` or `${BASE}/${input}`. */
function baseAndInput(node: TSESTree.Node, context: RuleContext): { base: TSESTree.Node | string; input: TSESTree.Node } | undefined {
  const inner = unwrap(node);
  const tainted = (n: TSESTree.Node) => context.flow.valueOf(n).origin === 'tainted';
  const constantish = (n: TSESTree.Node) => context.flow.valueOf(n).origin !== 'tainted';
  if (inner.type === 'CallExpression' && isPathBuilder(inner, context) && inner.arguments.length >= 2) {
    const args = inner.arguments;
    const last = args[args.length - 1];
    if (last.type === 'SpreadElement' || !tainted(last) || !args.slice(0, -1).every((a) => a.type !== 'SpreadElement' && constantish(a))) return undefined;
    const ref = moduleRefOf(inner.callee, context);
    const method = ref ? ref.path[ref.path.length - 1] : propertyName(unwrap(inner.callee) as TSESTree.MemberExpression);
    if (method !== 'join' && method !== 'resolve') return undefined;
    if (args.length === 2) return { base: args[0], input: last };
    return { base: `${context.getText(inner.callee)}(${args.slice(0, -1).map((a) => context.getText(a)).join(', ')})`, input: last };
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+' && tainted(inner.right) && !tainted(inner.left)) {
    const left = unwrap(inner.left);
    if (left.type === 'BinaryExpression' && left.operator === '+' && left.right.type === 'Literal' && left.right.value === '/' && !tainted(left.left)) {
      return { base: left.left, input: inner.right };
    }
  }
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 2) {
    const [a, b] = inner.expressions;
    const [q0, q1, q2] = inner.quasis.map((q) => q.value.cooked);
    if (q0 === '' && q1 === '/' && q2 === '' && !tainted(a) && tainted(b)) return { base: a, input: b };
  }
  return undefined;
}

/** res.sendFile(path.join(DIR, name)) -> res.sendFile(name, { root: DIR }): send refuses `..` under a root. */
function sendFileRootFix(sink: PathSink, context: RuleContext): FixProposal | undefined {
  if (!sink.express || sink.name !== 'res.sendFile') return undefined;
  const rest = sink.call.arguments.slice(1);
  if (rest.length > 1 || rest.some((a) => a.type !== 'ArrowFunctionExpression' && a.type !== 'FunctionExpression')) return undefined;
  const parts = baseAndInput(sink.path, context);
  if (!parts) return undefined;
  const root = typeof parts.base === 'string' ? parts.base : context.getText(parts.base);
  return {
    messageId: 'useSendFileRoot',
    data: { root },
    kind: 'suggestion',
    edits: [{ start: sink.path.range[0], end: sink.path.range[1], text: `${context.getText(parts.input)}, { root: ${root} }` }],
  };
}

/** path.join(DIR, name) -> path.join(DIR, path.basename(name)) when the input is one name. */
function basenameFix(sink: PathSink, context: RuleContext): FixProposal | undefined {
  const parts = baseAndInput(sink.path, context);
  if (!parts) return undefined;
  const hasPathModule = context.imports.bindings.some((b) => b.module.replace(/^node:/, '') === 'path' && b.kind !== 'named');
  // Adding `const path = require('path')` next to another `path` (a parameter, a local) would clash.
  if (!hasPathModule && /(?<![\w$.'"/:])path(?![\w$'"])/.test(context.sourceText)) return undefined;
  const ensured = ensureDefaultImport(context, 'path', 'path');
  const edits: TextEdit[] = [...ensured.edits, { start: parts.input.range[0], end: parts.input.range[1], text: `${ensured.expression}.basename(${context.getText(parts.input)})` }];
  return { messageId: 'useBasename', kind: 'suggestion', edits };
}

export default defineRule({
  id: 'unsafe-api/no-path-traversal',
  meta: {
    title: 'File path built from request input',
    checklist:
      'Files are read, written, served or deleted only by paths that are checked to stay inside their directory (resolved and compared with the base directory, or served with the `root` option); a request value is never used as a path as it is.',
    rationale:
      'A file name from a request can carry `../` segments or an absolute path. Joined to a directory and handed to `fs` or `res.sendFile`, it reaches any file the process can read or write: configuration with secrets, private keys, other customers\' uploads, or the application\'s own code.',
    severity: 'error',
    securitySeverity: '7.5',
    confidence: 'high',
    cwe: ['CWE-22'],
    owasp: ['A01:2021-Broken Access Control'],
    references: [
      'https://cwe.mitre.org/data/definitions/22.html',
      'https://owasp.org/Top10/A01_2021-Broken_Access_Control/',
      'https://owasp.org/www-community/attacks/Path_Traversal',
      'https://expressjs.com/en/api.html#res.sendFile',
      'https://nodejs.org/api/path.html#pathresolvepaths',
    ],
    frameworks: ['fs', 'fs-extra', 'express'],
    fix: 'suggestion',
    messages: {
      taintedPath: 'Path passed to `{{sink}}` is built from request input ({{source}}) with no check that it stays inside its directory; {{advice}}.',
      inputAsPath: '`{{sink}}` uses request input ({{source}}) as a file path; {{advice}}.',
      useSendFileRoot: 'Serve the name relative to `root: {{root}}`, which refuses `..` (send the name, not a joined path)',
      useBasename: 'Keep only the file name with `path.basename` (drops directories and `..`)',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'read {asset} by asking for `../../.env` or `/etc/passwd` in a file name the server opens',
      harm: "I leave the intended folder and read or overwrite {asset}, secrets and other customers' files included",
      stride: ['I', 'T'],
      asset: 'files on the server: secrets, keys, uploads and application code',
      controls: [
        'Every path built from input is resolved and checked to start with its base directory plus a separator before use',
        'Files are served with res.sendFile(name, { root }) or looked up by id in a table, never by a client-supplied path',
        'An automated security test requests `../../etc/passwd`, an encoded `%2e%2e%2f` variant and an absolute path on every file endpoint and gets 400 or 404',
      ],
      likelihood: 3,
      impact: 2,
    },
    since: '0.1.0',
  },
  create(context) {
    const namesFs = FS_SPECIFIER.test(context.sourceText);
    return {
      CallExpression(node) {
        for (const sink of sinkOf(node, context, namesFs)) {
          const value = pathValueOf(sink.path, context);
          // Only request input: paths of unknown origin are everywhere in build scripts and servers.
          if (value.origin !== 'tainted') continue;
          // A command-line tool opening the files its own user names is not a traversal.
          if (isCommandLineInput(value, context)) continue;
          const advice = sink.express
            ? 'pass the file name with the `root` option, which refuses `..`, or resolve it and check it starts with the base directory'
            : 'resolve it with `path.resolve(base, name)` and check that the result starts with `base + path.sep` before using it';
          const fixes: FixProposal[] = [];
          const root = sendFileRootFix(sink, context);
          if (root) fixes.push(root);
          const basename = basenameFix(sink, context);
          if (basename) fixes.push(basename);
          reportTainted(context, { node: sink.path, value, messageIds: { built: 'taintedPath', whole: 'inputAsPath' }, data: { sink: sink.name, advice }, fixes, hazard: 'traversal' });
        }
      },
    };
  },
});
