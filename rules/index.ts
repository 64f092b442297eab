// The registry: every rule Rugged ships, in alphabetical order of id. A meta test compares it to
// the rule files on disk.
import type { RuleModule } from './defineRule';
import sqlNoRequestObjectAsQueryFilter from './sql/no-request-object-as-query-filter';

export const allRules: readonly RuleModule[] = [
  sqlNoRequestObjectAsQueryFilter,
];
