// Metadata for what the engine itself reports: parse errors, rules that crashed, suppression
// comments that are not valid, and team checklist rules declared in .rugged.json. They are listed
// with the rules in SARIF and in `rugged rules` so every result has a described rule.
import type { TeamRule } from './config';
import type { Severity } from './finding';

export interface BuiltinRuleInfo {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  help: string;
}

export const PARSE_ERROR = 'rugged/parse-error';
export const INTERNAL_ERROR = 'rugged/internal-error';
export const INVALID_SUPPRESSION = 'rugged/invalid-suppression';

export const BUILTIN_RULES: readonly BuiltinRuleInfo[] = [
  {
    id: INTERNAL_ERROR,
    title: 'A rule failed on this file',
    description: 'A rule threw while checking this file, so its checklist item was not verified here. The other rules still ran.',
    severity: 'warning',
    help: 'Report the file shape to the Rugged maintainers; until then review this checklist item by hand.',
  },
  {
    id: INVALID_SUPPRESSION,
    title: 'Suppression comment is not valid',
    description: 'A rugged-ignore comment needs a rule id and a reason after "--"; an expired "until" date stops it from applying.',
    severity: 'warning',
    help: 'Write `// rugged-ignore <rule-id> -- <why this is safe>` and, optionally, `until YYYY-MM-DD`.',
  },
  {
    id: PARSE_ERROR,
    title: 'File could not be parsed',
    description: 'The file has a syntax error, so none of the checklist rules could check it.',
    severity: 'info',
    help: 'Fix the syntax error; Rugged checks the file again as soon as it parses.',
  },
];

export function teamRuleInfo(rule: TeamRule): BuiltinRuleInfo {
  return {
    id: rule.id,
    title: `Team checklist: do not call ${rule.call}`,
    description: rule.message,
    severity: rule.severity ?? 'warning',
    help: rule.preferred ? `Use ${rule.preferred} instead.` : rule.message,
  };
}
