// The registry: every rule Rugged ships, in alphabetical order of id. A meta test compares it to
// the rule files on disk.
import type { RuleModule } from './defineRule';

export const allRules: readonly RuleModule[] = [];
