// Flags code chosen or supplied by a request through doors other than eval: require()/import() of
// a path from input, code strings handed to a headless browser page, jQuery.globalEval, the
// `sandbox` module, and request input placed in a vm/vm2 context. What no-eval-like already
// reports (the code argument of vm and vm2) is left to it.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, dottedName, type FlowValue, isFunctionNode, type Hazard, propertyName, type RuleContext, staticString, unwrap } from '../../server/src/engine/api';
import { withoutCommandLineTaint } from '../util/commandLineInput';
import { guardAdjustment, isGuarded } from '../util/guardPolicy';
import { moduleRefOf } from '../util/moduleRefs';
import { findProperty } from '../util/objectLiterals';
import { reportTainted } from '../util/taintReports';

/** Headless browser libraries whose pages run code strings in the browser. */
const BROWSER_MODULES = new Set(['puppeteer', 'puppeteer-core', 'playwright', 'playwright-core', '@playwright/test', 'playwright-chromium', 'playwright-firefox', 'playwright-webkit']);
/** Page and frame methods whose first argument may be a string of JavaScript. */
const PAGE_CODE_METHODS = new Set(['evaluate', 'evaluateHandle', 'evaluateOnNewDocument', 'addInitScript']);
/** vm functions whose context argument (by index) becomes the sandbox's global object. */
const VM_CONTEXT_ARGUMENT: Record<string, number> = { createContext: 0, runInNewContext: 1 };
const VM2_CLASSES = new Set(['VM', 'NodeVM']);
const JQUERY_NAMES = /^(\$|jQuery|jquery|\$j)$/;
/** How deep object literals are searched for input placed in a context. */
const MAX_CONTEXT_DEPTH = 3;

type Sink = 'module' | 'page' | 'globalEval' | 'sandbox' | 'context';

const ADVICE: Record<Sink, string> = {
  module: 'map the request value to a module through a fixed table of allowed names',
  page: 'pass a function and give the input to it as an argument (`page.evaluate((q) => ..., input)`)',
  globalEval: 'load scripts from your own origin, or choose behaviour from functions written in the source',
  sandbox: 'the `sandbox` module does not contain hostile code: run it in a separate locked-down process or an isolate (isolated-vm), or do not run it',
  context: 'objects placed in a vm context lead back to the host (`constructor.constructor`): pass only copies of primitive values, or use an isolate (isolated-vm)',
};

function value(node: TSESTree.Node, context: RuleContext): FlowValue {
  return withoutCommandLineTaint(context.flow.valueOf(node), context);
}

/**
 * The global `require`, or the one an ES module makes with `createRequire(import.meta.url)` from
 * node:module (it resolves and runs modules the same way); not another local function.
 */
function isGlobalRequire(callee: TSESTree.Node, context: RuleContext): boolean {
  const node = unwrap(callee);
  if (node.type !== 'Identifier') return false;
  const variable = context.flow.variableOf(node);
  if (!variable || variable.defs.length === 0) return node.name === 'require';
  const writes = context.flow.assignmentsOf(node);
  if (writes.length !== 1) return false;
  const made = unwrap(writes[0]);
  if (made.type !== 'CallExpression') return false;
  const ref = moduleRefOf(made.callee, context);
  return ref?.module === 'module' && ref.path.length === 1 && ref.path[0] === 'createRequire';
}

/**
 * `require(dir + '/theme.json')`: a path whose constant end names a JSON file loads data, which
 * Node parses with JSON.parse and never runs (reading the wrong file is path traversal's concern).
 */
function endsInJson(raw: TSESTree.Node): boolean {
  const node = unwrap(raw);
  const text = staticString(node);
  if (text !== undefined) return text.endsWith('.json');
  if (node.type === 'TemplateLiteral') return (node.quasis[node.quasis.length - 1].value.cooked ?? '').endsWith('.json');
  if (node.type === 'BinaryExpression' && node.operator === '+') return endsInJson(node.right);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && /^(join|resolve)$/.test(propertyName(node.callee) ?? '')) {
    const last = node.arguments[node.arguments.length - 1];
    return !!last && last.type !== 'SpreadElement' && endsInJson(last);
  }
  return false;
}

/** A code string, not a function: functions passed to a page are compiled from the source, not from input. */
function isCodeString(node: TSESTree.Node): boolean {
  return !isFunctionNode(unwrap(node));
}

/** `new Sandbox()` of the `sandbox` module, possibly saved in a variable first. */
function isSandboxInstance(node: TSESTree.Node, context: RuleContext): boolean {
  let inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    if (writes.length !== 1) return false;
    inner = unwrap(writes[0]);
  }
  return inner.type === 'NewExpression' && moduleRefOf(inner.callee, context)?.module === 'sandbox';
}

/** The first property value (or the object itself) that carries request input, searched through nested literals. */
function taintedPart(node: TSESTree.Node, context: RuleContext, depth = 0): { node: TSESTree.Node; value: FlowValue } | undefined {
  const inner = unwrap(node);
  if (inner.type === 'ObjectExpression') {
    if (depth >= MAX_CONTEXT_DEPTH) return undefined;
    for (const property of inner.properties) {
      const part = property.type === 'SpreadElement' ? property.argument : property.value;
      if (isFunctionNode(unwrap(part))) continue;
      const found = taintedPart(part, context, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (inner.type === 'ArrayExpression') {
    if (depth >= MAX_CONTEXT_DEPTH) return undefined;
    for (const element of inner.elements) {
      const found = element ? taintedPart(element.type === 'SpreadElement' ? element.argument : element, context, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }
  const found = value(inner, context);
  if (found.origin === 'tainted') return { node: inner, value: found };
  if (inner.type === 'Identifier' && depth < MAX_CONTEXT_DEPTH) {
    // const sandbox = { user: req.body }; vm.createContext(sandbox)
    const writes = context.flow.assignmentsOf(inner);
    for (const write of writes) {
      const nested = unwrap(write).type === 'ObjectExpression' ? taintedPart(write, context, depth + 1) : undefined;
      if (nested) return nested;
    }
  }
  return undefined;
}

export default defineRule({
  id: 'unsafe-api/no-dynamic-code-loading',
  meta: {
    title: 'Code loaded or run from request input',
    checklist:
      'Modules are loaded only by names written in the source or looked up in a fixed table, code strings given to headless browsers, `jQuery.globalEval` and the `sandbox` module never carry request input, and request input is never placed in a `vm` or vm2 context.',
    rationale:
      'A request that chooses the module `require` loads runs any JavaScript file on the server, including files it uploaded. Code strings built from input run in the automated browser with its sessions, or in the page through `globalEval`. The `sandbox` module, `vm` and vm2 are not security boundaries: input placed in a context, or code run there, reaches the host process.',
    severity: 'error',
    securitySeverity: '9.8',
    confidence: 'high',
    cwe: ['CWE-94', 'CWE-829'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/94.html',
      'https://cwe.mitre.org/data/definitions/829.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html',
      'https://nodejs.org/api/vm.html#vm-executing-javascript',
      'https://pptr.dev/guides/evaluate-javascript',
    ],
    frameworks: ['node', 'puppeteer', 'playwright', 'jquery', 'sandbox', 'vm', 'vm2'],
    messages: {
      taintedCode: '{{sink}} gets code built from request input ({{source}}); {{advice}}.',
      inputCode: '{{sink}} gets request input ({{source}}) as code; {{advice}}.',
      builtCode: '{{sink}} gets code built from values of unknown origin; {{advice}}.',
      dynamicCode: '{{sink}} gets code that is not a constant; {{advice}}.',
      taintedModule: '{{sink}} loads a module path built from request input ({{source}}); {{advice}}.',
      inputModule: '{{sink}} loads the module request input names ({{source}}); {{advice}}.',
      inputInContext: 'Request input ({{source}}) is placed in the {{sink}}; {{advice}}.',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'choose the module the server loads, or send code that a page, a headless browser or a vm sandbox runs',
      harm: 'my JavaScript runs in the server process or in a browser holding the application\'s sessions',
      stride: ['T', 'I', 'E'],
      asset: 'the server process, its secrets and the sessions of its automated browser',
      controls: [
        'Modules are chosen from a fixed table of allowed names, never from a request value',
        'Headless browser pages receive functions, with request values passed as arguments',
        'Untrusted scripts run in a separate process or isolate with no host objects in reach',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.2.0',
  },
  create(context) {
    const text = context.sourceText;
    const mentions = {
      load: /\brequire\s*\(|\bimport\s*\(/.test(text),
      page: /\b(evaluate|evaluateHandle|evaluateOnNewDocument|addInitScript|addScriptTag)\b/.test(text) && [...BROWSER_MODULES].some((m) => context.imports.has(m)),
      globalEval: text.includes('globalEval'),
      sandbox: context.imports.has('sandbox'),
      vm: context.imports.has('vm') || context.imports.has('vm2'),
    };
    if (!Object.values(mentions).some(Boolean)) return {};

    const check = (node: TSESTree.Node, sink: Sink, name: string, hazard: Hazard, quietUnknown: boolean) => {
      const found = value(node, context);
      if (found.origin === 'constant' || isGuarded(found, hazard)) return;
      const data = { sink: name, advice: ADVICE[sink] };
      if (found.origin === 'tainted') {
        const messageIds = sink === 'module' ? { built: 'taintedModule', whole: 'inputModule' } : { built: 'taintedCode', whole: 'inputCode' };
        reportTainted(context, { node, value: found, messageIds, data, fixes: [], hazard });
        return;
      }
      if (quietUnknown) return;
      context.report({ node, messageId: found.built ? 'builtCode' : 'dynamicCode', data, severity: 'warning', confidence: found.built ? 'medium' : 'low', audit: !found.built });
    };

    // Input in a context is dangerous when the code run there, or a later script in the same
    // context, treats it as code or hands host objects to untrusted code; the code itself is
    // constant here (no-eval-like reports the rest), so this is a warning with medium confidence.
    const checkContext = (node: TSESTree.Node, name: string) => {
      const part = taintedPart(node, context);
      if (!part) return;
      const adjustment = guardAdjustment(part.value, 'injection');
      if (!adjustment) return;
      const source = part.value.source?.description ?? 'request input';
      context.report({
        node: part.node,
        messageId: 'inputInContext',
        data: { sink: name, advice: ADVICE.context, source },
        severity: 'warning',
        confidence: 'medium',
        related: [...(part.value.source ? [{ node: part.value.source.node, message: `${source} enters here` }] : []), ...adjustment.related],
      });
    };

    return {
      ImportExpression(node) {
        if (mentions.load && staticString(node.source) === undefined && !endsInJson(node.source)) check(node.source, 'module', '`import()`', 'traversal', true);
      },
      CallExpression(call) {
        const args = call.arguments;
        const first = args[0];
        if (!first || first.type === 'SpreadElement') return;
        // Most files require only literal names: skip them before asking the scopes about `require`.
        if (mentions.load && call.callee.type === 'Identifier' && call.callee.name === 'require') {
          if (staticString(first) === undefined && !endsInJson(first) && isGlobalRequire(call.callee, context)) check(first, 'module', '`require()`', 'traversal', true);
          return;
        }
        const callee = unwrap(call.callee);
        const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
        if (mentions.page && method && callee.type === 'MemberExpression') {
          if (PAGE_CODE_METHODS.has(method) && isCodeString(first)) {
            check(first, 'page', `\`${method}\``, 'injection', false);
            return;
          }
          if (method === 'addScriptTag' && unwrap(first).type === 'ObjectExpression') {
            const content = findProperty(unwrap(first) as TSESTree.ObjectExpression, 'content');
            if (content) check(content.value, 'page', '`addScriptTag` content', 'injection', false);
            return;
          }
        }
        if (mentions.globalEval && method === 'globalEval' && callee.type === 'MemberExpression' && JQUERY_NAMES.test(dottedName(callee.object) ?? '')) {
          check(first, 'globalEval', `\`${dottedName(callee) ?? 'globalEval'}\``, 'injection', false);
          return;
        }
        if (mentions.sandbox && method === 'run' && callee.type === 'MemberExpression' && isSandboxInstance(callee.object, context)) {
          check(first, 'sandbox', '`sandbox` `run`', 'injection', false);
          return;
        }
        if (!mentions.vm) return;
        const ref = moduleRefOf(call.callee, context);
        if (!ref || ref.module !== 'vm' || ref.path.length !== 1 || !Object.hasOwn(VM_CONTEXT_ARGUMENT, ref.path[0])) return;
        const index = VM_CONTEXT_ARGUMENT[ref.path[0]];
        const sandbox = args[index];
        if (!sandbox || sandbox.type === 'SpreadElement') return;
        // A code string that is not constant is no-eval-like's finding already; one report per call is enough.
        if (index > 0 && value(first, context).origin !== 'constant') return;
        checkContext(sandbox, `\`vm.${ref.path[0]}\` context`);
      },
      NewExpression(node) {
        if (!mentions.vm) return;
        const ref = moduleRefOf(node.callee, context);
        if (!ref || ref.module !== 'vm2' || ref.path.length !== 1 || !VM2_CLASSES.has(ref.path[0])) return;
        const options = node.arguments[0] && unwrap(node.arguments[0]);
        if (!options || options.type !== 'ObjectExpression') return;
        const sandbox = findProperty(options, 'sandbox');
        if (sandbox) checkContext(sandbox.value, `vm2 \`${ref.path[0]}\` sandbox`);
      },
    };
  },
});
