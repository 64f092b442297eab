// One description per rule id, whatever reported it: a registered rule, the engine itself
// (parse errors, failing rules, invalid suppressions) or a team rule from `.rugged.json`.
import type { RuleModule } from '../../../rules/defineRule';
import { BUILTIN_RULES, teamRuleInfo } from '../engine/builtinRules';
import type { TeamRule } from '../engine/config';
import type { Severity } from '../engine/finding';

export interface RuleDescription {
  id: string;
  title: string;
  severity: Severity;
  checklist: string;
  rationale: string;
  /** What to write instead, one item per line of advice. */
  safePattern: string[];
  cwe: string[];
  owasp: string[];
  references: string[];
  /** The rule's page; for team rules, the `.rugged.json` that declares them. */
  docsUrl?: string;
}

export interface RuleCatalog {
  describe(ruleId: string, teamRules?: readonly TeamRule[], configFileUri?: string): RuleDescription | undefined;
}

export function createRuleCatalog(rules: readonly RuleModule[]): RuleCatalog {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return {
    describe(ruleId, teamRules = [], configFileUri) {
      const rule = byId.get(ruleId);
      if (rule) return describeModule(rule);
      const builtin = BUILTIN_RULES.find((info) => info.id === ruleId);
      if (builtin) {
        return { id: builtin.id, title: builtin.title, severity: builtin.severity, checklist: builtin.description, rationale: '', safePattern: [builtin.help], cwe: [], owasp: [], references: [] };
      }
      const team = teamRules.find((t) => t.id === ruleId);
      if (!team) return undefined;
      const info = teamRuleInfo(team);
      return {
        id: info.id,
        title: info.title,
        severity: info.severity,
        checklist: team.message,
        rationale: 'A checklist item of this team, declared in its .rugged.json.',
        safePattern: [info.help],
        cwe: [],
        owasp: [],
        references: [],
        docsUrl: configFileUri,
      };
    },
  };
}

function describeModule(rule: RuleModule): RuleDescription {
  const meta = rule.meta;
  return {
    id: rule.id,
    title: meta.title,
    severity: meta.severity,
    checklist: meta.checklist,
    rationale: meta.rationale,
    safePattern: meta.abuserStory.controls,
    cwe: meta.cwe,
    owasp: meta.owasp,
    references: meta.references,
    docsUrl: rule.docs,
  };
}

export function cweUrl(cwe: string): string | undefined {
  const match = /^CWE-(\d+)$/.exec(cwe);
  return match ? `https://cwe.mitre.org/data/definitions/${match[1]}.html` : undefined;
}

/** "A03:2021-Injection" -> the OWASP Top 10 2021 page; other editions link to the project page. */
export function owaspUrl(category: string): string {
  const match = /^(A\d\d):2021-(.+)$/.exec(category);
  if (match) return `https://owasp.org/Top10/${match[1]}_2021-${match[2]}/`;
  return 'https://owasp.org/www-project-top-ten/';
}
