// The prefilter: only do work that can produce a finding. A rule that declares the text it needs
// (`RuleMeta.requiresText`) is not run, nor its data-flow questions asked, in a file without it.
// Lossless by construction when the declaration is right; test/engine/prefilter.test.ts runs every
// fixture with the prefilter on and off and requires the same findings.
import type { RuleModule } from './ruleContract';

/** Whether `rule` could report anything in `text`. */
export function ruleMayReport(rule: RuleModule, text: string): boolean {
  const needed = rule.meta.requiresText;
  return !needed || needed.some((piece) => text.includes(piece));
}

/** The rules worth running over `text`, in their given order. */
export function rulesFor(text: string, rules: readonly RuleModule[]): RuleModule[] {
  return rules.filter((rule) => ruleMayReport(rule, text));
}
