// The finding for request input handed to another module's function that sinks it: the rule of
// the sink, its own message with this file's source, at the argument that carries the input, and
// the whole way as related locations (the source, each call here, then the steps in the module).
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { EngineConfig } from './config';
import { applyContext, type FileContext } from './contextPolicy';
import type { Finding, RelatedLocation, Severity, SourceRange } from './finding';
import type { ImportedSinkHit } from './importedCalls';
import { formatMessage, type RuleModule } from './ruleContract';

export interface CrossModuleSettings {
  rules: readonly RuleModule[];
  config: EngineConfig;
  fileContext: FileContext | undefined;
  toRange(node: TSESTree.Node): SourceRange;
}

/** Undefined when the sink's rule is not run here (off, deprecated, or not given to the engine). */
export function crossModuleFinding(hit: ImportedSinkHit, call: TSESTree.CallExpression, settings: CrossModuleSettings): Finding | undefined {
  const { fact, value } = hit;
  const rule = settings.rules.find((r) => r.id === fact.ruleId);
  const setting = settings.config.rules[fact.ruleId];
  if (!rule || rule.meta.deprecated || setting?.severity === 'off') return undefined;
  const template = rule.meta.messages[fact.messageId];
  if (template === undefined) return undefined;
  const source = value.source?.description ?? 'request input';
  const data = { ...fact.data, source };
  const configured: Severity = setting?.severity ?? fact.severity ?? rule.meta.severity;
  const { severity, context } = applyContext(configured, settings.fileContext);
  const related: RelatedLocation[] = [
    ...(value.source ? [{ message: `${source} enters here`, range: settings.toRange(value.source.node) }] : []),
    ...(value.path ?? []).map((step) => ({ message: step.message, range: settings.toRange(step.node) })),
    { message: `passed to \`${hit.summary.name}\` here`, range: settings.toRange(call) },
    ...fact.steps.map((step) => ({ message: step.message, range: step.range, file: step.file })),
  ];
  return {
    ruleId: rule.id,
    severity,
    confidence: fact.confidence ?? rule.meta.confidence,
    message: formatMessage(template, data),
    range: settings.toRange(hit.argument),
    fixes: [],
    related,
    fingerprint: '',
    data,
    ...(fact.fixes?.length ? { foreignFixes: fact.fixes } : {}),
    ...(context ? { context } : {}),
  };
}
