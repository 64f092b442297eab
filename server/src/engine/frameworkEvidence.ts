// Some request fields are input under one framework only, and their names are common enough that
// other code hangs its own objects on a `req` under them: Hapi's `request.payload` is the body,
// while Payload CMS's `req.payload` is its own instance. Without types, such a field counts as
// input only in a file that shows the framework (`FrameworkSources.shownBy`): it imports the
// framework, a handler there takes the framework's own second parameter, or it registers routes
// with the framework's route call.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunctionNode, propertyName, unwrap } from './astNodes';
import { FRAMEWORK_SOURCES, type FrameworkSources } from './requestSources';
import { walk } from './traverse';

/** For each field only some frameworks take as input, those frameworks. */
const FIELD_FRAMEWORKS: ReadonlyMap<string, readonly FrameworkSources[]> = (() => {
  const out = new Map<string, FrameworkSources[]>();
  for (const framework of FRAMEWORK_SOURCES) {
    for (const field of framework.shownBy?.fields ?? []) out.set(field, [...(out.get(field) ?? []), framework]);
  }
  return out;
})();

const shownByFile = new WeakMap<TSESTree.Program, ReadonlySet<FrameworkSources>>();

/** True unless `field` is input only under frameworks this file does not show. */
export function isInputFieldHere(field: string, ast: TSESTree.Program): boolean {
  const frameworks = FIELD_FRAMEWORKS.get(field);
  if (!frameworks) return true;
  let shown = shownByFile.get(ast);
  if (!shown) shownByFile.set(ast, (shown = frameworksShown(ast)));
  return frameworks.some((f) => shown.has(f));
}

function moduleOf(node: TSESTree.Node): string | undefined {
  if (node.type === 'ImportDeclaration') return node.source.value;
  if (node.type !== 'CallExpression' && node.type !== 'ImportExpression') return undefined;
  const argument = node.type === 'ImportExpression' ? node.source : node.callee.type === 'Identifier' && node.callee.name === 'require' ? node.arguments[0] : undefined;
  return argument?.type === 'Literal' && typeof argument.value === 'string' ? argument.value : undefined;
}

/** One walk, made only when a field that needs it is read of a request. */
function frameworksShown(ast: TSESTree.Program): ReadonlySet<FrameworkSources> {
  const candidates = FRAMEWORK_SOURCES.filter((f) => f.shownBy);
  const shown = new Set<FrameworkSources>();
  const look = (node: TSESTree.Node) => {
    const module = moduleOf(node);
    if (module !== undefined) for (const f of candidates) if (f.shownBy?.modules.test(module)) shown.add(f);
    if (isFunctionNode(node)) {
      const second = node.params[1];
      for (const f of candidates) if (second?.type === 'Identifier' && f.shownBy?.toolkitParams?.includes(second.name)) shown.add(f);
    }
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
      const method = propertyName(node.callee);
      const first = node.arguments[0] && unwrap(node.arguments[0]);
      // `server.route({ method, path, handler })`, not Express's `app.route('/path')`.
      const config = first?.type === 'ObjectExpression' || first?.type === 'ArrayExpression';
      for (const f of candidates) if (config && method !== undefined && f.shownBy?.routeCalls?.includes(method)) shown.add(f);
    }
  };
  const types = ['ImportDeclaration', 'ImportExpression', 'CallExpression', 'FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'];
  walk(ast, { listeners: new Map(types.map((t) => [t, [look]])) }, undefined);
  return shown;
}
