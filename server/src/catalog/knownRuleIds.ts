// The rule ids a configuration may name: the shipped rules, the engine's own ids and the team
// rules. Every command and the language server ask this one function, so a `.rugged.json` is
// accepted or rejected the same way wherever it is read.
import type { RuleModule } from '../engine/api';
import { BUILTIN_RULES } from '../engine/builtinRules';
import type { TeamRule } from '../engine/config';

export function knownRuleIds(rules: readonly Pick<RuleModule, 'id'>[], teamRules: readonly Pick<TeamRule, 'id'>[] = []): Set<string> {
  return new Set([...rules.map((r) => r.id), ...BUILTIN_RULES.map((r) => r.id), ...teamRules.map((r) => r.id)]);
}
