// Flags deserializers that rebuild functions from their input (node-serialize, serialize-to-js,
// funcster, cryo) and js-yaml loading with a schema that constructs JavaScript functions, when the
// text is not a constant. eval-based parsing is no-eval-like's to report.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, dottedName, type FixProposal, type FlowValue, isFunctionNode, propertyName, type RuleContext, unwrap } from '../../server/src/engine/api';
import { withoutCommandLineTaint } from '../util/commandLineInput';
import { isGuarded } from '../util/guardPolicy';
import { moduleRefOf, type ModuleRef } from '../util/moduleRefs';
import { findProperty, optionsLiteralOf } from '../util/objectLiterals';
import { reportTainted } from '../util/taintReports';

interface Deserializer {
  /** What the message calls it. */
  label: string;
  /** The data it reads could as well be JSON: offer `JSON.parse`. */
  jsonFix: boolean;
}

/** Module -> export -> what it is. Every one of these rebuilds functions with eval or Function. */
const FUNCTION_DESERIALIZERS: Record<string, Record<string, Deserializer>> = {
  'node-serialize': { unserialize: { label: 'node-serialize `unserialize`', jsonFix: true } },
  'serialize-to-js': { deserialize: { label: 'serialize-to-js `deserialize`', jsonFix: false } },
  funcster: { deepDeserialize: { label: 'funcster `deepDeserialize`', jsonFix: false } },
  cryo: { parse: { label: 'cryo `parse`', jsonFix: true } },
};
const YAML_LOADERS = new Set(['load', 'loadAll']);
/** Names only js-yaml 3 has (removed in 4): a file using them runs js-yaml 3, whose `load` defaults to the full schema. */
const JS_YAML_3_NAMES = /\b(safeLoad|safeLoadAll|safeDump|DEFAULT_SAFE_SCHEMA|DEFAULT_FULL_SCHEMA)\b/;

type YamlVerdict = { kind: 'full-schema'; property: TSESTree.Property } | { kind: 'js-types'; property: TSESTree.Property } | { kind: 'v3-default' };

function exportOf(ref: ModuleRef | undefined): string | undefined {
  return ref && ref.path.length === 1 ? ref.path[0] : undefined;
}

/** `yaml.DEFAULT_FULL_SCHEMA`, a destructured `DEFAULT_FULL_SCHEMA`. */
function isFullSchema(node: TSESTree.Node, context: RuleContext): boolean {
  const inner = unwrap(node);
  const ref = moduleRefOf(inner, context);
  if (ref) return ref.module === 'js-yaml' && exportOf(ref) === 'DEFAULT_FULL_SCHEMA';
  return inner.type === 'MemberExpression' && propertyName(inner) === 'DEFAULT_FULL_SCHEMA';
}

/** `DEFAULT_SCHEMA.extend(require('js-yaml-js-types').all)` or `extend([jsTypes.function])`, possibly through a constant. */
function addsJsTypes(node: TSESTree.Node, context: RuleContext, depth = 0): boolean {
  if (depth > 4) return false;
  const inner = unwrap(node);
  if (inner.type === 'Identifier') {
    const writes = context.flow.assignmentsOf(inner);
    return writes.length === 1 && addsJsTypes(writes[0], context, depth + 1);
  }
  if (inner.type !== 'CallExpression' || inner.callee.type !== 'MemberExpression' || propertyName(inner.callee) !== 'extend') return false;
  const fromJsTypes = (n: TSESTree.Node): boolean => moduleRefOf(n, context)?.module === 'js-yaml-js-types';
  return inner.arguments.some((argument) => {
    const value = unwrap(argument);
    if (value.type === 'ArrayExpression') return value.elements.some((e) => !!e && e.type !== 'SpreadElement' && fromJsTypes(e));
    return fromJsTypes(value);
  });
}

function yamlVerdict(call: TSESTree.CallExpression, context: RuleContext): YamlVerdict | undefined {
  // loadAll(text, iterator, options) takes its options third.
  const second = call.arguments[1];
  const options = second && isFunctionNode(unwrap(second)) ? call.arguments[2] : second;
  const literal = options && options.type !== 'SpreadElement' ? optionsLiteralOf(options, context) : undefined;
  const schema = literal ? findProperty(literal.object, 'schema') : undefined;
  if (schema) {
    if (isFullSchema(schema.value, context)) return { kind: 'full-schema', property: schema };
    if (addsJsTypes(schema.value, context)) return { kind: 'js-types', property: schema };
    return undefined;
  }
  // Without a schema, js-yaml 4 is safe and js-yaml 3 builds functions: only the file can tell which it runs.
  if (options && !literal) return undefined;
  return JS_YAML_3_NAMES.test(context.sourceText) ? { kind: 'v3-default' } : undefined;
}

function yamlFix(call: TSESTree.CallExpression, verdict: YamlVerdict): FixProposal | undefined {
  if (verdict.kind === 'full-schema') {
    const value = unwrap(verdict.property.value);
    if (value.type !== 'MemberExpression' || value.computed) return undefined;
    return { messageId: 'useSafeSchema', kind: 'suggestion', edits: [{ start: value.property.range[0], end: value.property.range[1], text: 'DEFAULT_SAFE_SCHEMA' }] };
  }
  if (verdict.kind === 'v3-default') {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
    const safe = callee.property.name === 'load' ? 'safeLoad' : 'safeLoadAll';
    return { messageId: 'useSafeLoad', data: { safe }, kind: 'suggestion', edits: [{ start: callee.property.range[0], end: callee.property.range[1], text: safe }] };
  }
  return undefined;
}

function valueOf(node: TSESTree.Node, context: RuleContext): FlowValue {
  return withoutCommandLineTaint(context.flow.valueOf(node), context);
}

export default defineRule({
  id: 'unsafe-api/no-unsafe-deserialization',
  meta: {
    title: 'Deserializer that rebuilds functions from its input',
    checklist:
      'Data from outside the program is read with a data-only parser (`JSON.parse`, js-yaml 4 `load` or js-yaml 3 `safeLoad`), never with a deserializer that rebuilds functions (node-serialize, serialize-to-js, funcster, cryo, js-yaml with `DEFAULT_FULL_SCHEMA` or js-yaml-js-types).',
    rationale:
      'Deserializers that restore functions compile text from the payload with eval or Function; node-serialize even calls a function marked as immediately invoked while parsing. Whoever writes the payload (a cookie, a request body, a queued message) runs their own code in the server process.',
    severity: 'error',
    securitySeverity: '9.8',
    confidence: 'high',
    cwe: ['CWE-502'],
    owasp: ['A08:2021-Software and Data Integrity Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/502.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html',
      'https://owasp.org/Top10/A08_2021-Software_and_Data_Integrity_Failures/',
      'https://github.com/nodeca/js-yaml/blob/master/migrate_v3_to_v4.md',
    ],
    frameworks: ['node-serialize', 'serialize-to-js', 'funcster', 'cryo', 'js-yaml'],
    fix: 'suggestion',
    messages: {
      taintedPayload: '{{what}} reads a payload built from request input ({{source}}) and can run code in it; {{advice}}.',
      inputPayload: '{{what}} reads request input ({{source}}) and can run code in it; {{advice}}.',
      unknownPayload: '{{what}} reads a payload that is not a constant and can run code in it; {{advice}}.',
      useJsonParse: 'Parse the payload with `JSON.parse` (data only, no functions)',
      useSafeSchema: 'Use `DEFAULT_SAFE_SCHEMA` (no JavaScript types)',
      useSafeLoad: 'Call `{{safe}}` (js-yaml 3\'s data-only loader)',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'take over {asset} by sending a serialized object, in a cookie, body or message, that carries a function for the server to rebuild',
      harm: 'my function runs while the server deserializes, with every right and secret of {asset}',
      stride: ['T', 'E'],
      asset: 'the server process, its secrets and the data it can reach',
      controls: [
        'Data from outside is parsed with JSON.parse or a YAML loader that builds only plain data',
        'An automated test sends a node-serialize `_$$ND_FUNC$$_` payload and a `!!js/function` YAML document and neither runs',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.2.0',
    // Only files that name one of these modules can call it.
    requiresText: ['node-serialize', 'serialize-to-js', 'funcster', 'cryo', 'js-yaml'],
  },
  create(context) {
    const report = (node: TSESTree.Node, payload: TSESTree.Node, what: string, advice: string, fixes: FixProposal[], auditWhenUnknown: boolean) => {
      const value = valueOf(payload, context);
      if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
      const data = { what, advice };
      if (value.origin === 'tainted') {
        reportTainted(context, { node, value, messageIds: { built: 'taintedPayload', whole: 'inputPayload' }, data, fixes, hazard: 'injection' });
        return;
      }
      context.report({ node, messageId: 'unknownPayload', data, severity: 'warning', confidence: auditWhenUnknown ? 'low' : 'medium', audit: auditWhenUnknown, fixes });
    };
    return {
      CallExpression(call) {
        const payload = call.arguments[0];
        if (!payload || payload.type === 'SpreadElement') return;
        const ref = moduleRefOf(call.callee, context);
        if (!ref) return;
        const name = exportOf(ref);
        if (!name) return;
        const exports = Object.hasOwn(FUNCTION_DESERIALIZERS, ref.module) ? FUNCTION_DESERIALIZERS[ref.module] : undefined;
        const known = exports && Object.hasOwn(exports, name) ? exports[name] : undefined;
        if (known) {
          const fixes: FixProposal[] = known.jsonFix && call.arguments.length === 1
            ? [{ messageId: 'useJsonParse', kind: 'suggestion', edits: [{ start: call.range[0], end: call.range[1], text: `JSON.parse(${context.getText(payload)})` }] }]
            : [];
          report(payload, payload, known.label, 'parse it with `JSON.parse` and rebuild objects from plain data', fixes, false);
          return;
        }
        if (ref.module !== 'js-yaml' || !YAML_LOADERS.has(name)) return;
        const verdict = yamlVerdict(call, context);
        if (!verdict) return;
        const callee = dottedName(call.callee) ?? name;
        const what =
          verdict.kind === 'v3-default'
            ? `js-yaml 3 \`${callee}\` (full schema by default)`
            : verdict.kind === 'full-schema'
              ? `\`${callee}\` with \`DEFAULT_FULL_SCHEMA\``
              : `\`${callee}\` with js-yaml-js-types`;
        const advice = verdict.kind === 'v3-default' ? 'use `safeLoad` or upgrade to js-yaml 4' : 'load with the default schema, which builds only data';
        const fix = yamlFix(call, verdict);
        report(verdict.kind === 'v3-default' ? payload : verdict.property, payload, what, advice, fix ? [fix] : [], true);
      },
    };
  },
});
