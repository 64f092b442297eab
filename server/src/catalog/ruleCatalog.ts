// One description per rule id a scan can report: the shipped rules, the engine's own ids and the
// project's team rules. `rugged rules`, the README table, the SARIF driver and the language
// server's hover and rule documentation all read it, so the editor and CI describe a rule alike.
import type { RuleModule } from '../engine/api';
import { BUILTIN_RULES, teamRuleInfo, type BuiltinRuleInfo } from '../engine/builtinRules';
import type { TeamRule } from '../engine/config';
import type { Confidence, Severity } from '../engine/finding';
import { redactSecrets } from '../redaction/redact';
import { TOOL_HOME } from '../shared/product';

export interface RuleDescription {
  id: string;
  /** `rule`: a checklist rule shipped with Rugged; `engine`: reported by the engine itself; `team`: declared in .rugged.json. */
  kind: 'rule' | 'engine' | 'team';
  title: string;
  /** The checklist item a reviewer reads. */
  checklist: string;
  /** Why it matters: the attack, in plain words. */
  rationale: string;
  severity: Severity;
  securitySeverity?: string;
  confidence?: Confidence;
  cwe: string[];
  owasp: string[];
  references: string[];
  frameworks: string[];
  fix?: 'safe' | 'suggestion';
  /** Controls that close the hole, phrased as acceptance criteria. */
  controls: string[];
  docs: string;
  since?: string;
  deprecated?: boolean;
  replacedBy?: string[];
}

/** Where the README explains the findings the engine reports about itself. */
export const ENGINE_FINDINGS_DOCS = `${TOOL_HOME}#findings-from-rugged-itself`;
export const TEAM_RULES_DOCS = `${TOOL_HOME}#configuration`;

/**
 * Every rule sorted by id. `teamRulesDocs` is where team rules are documented: the README by
 * default, the declaring `.rugged.json` in the editor.
 */
export function describeRules(rules: readonly RuleModule[], teamRules: readonly TeamRule[] = [], teamRulesDocs = TEAM_RULES_DOCS): RuleDescription[] {
  const described: RuleDescription[] = [...rules.map(describeRule), ...BUILTIN_RULES.map(describeBuiltin), ...teamRules.map((rule) => describeTeamRule(rule, teamRulesDocs))];
  return described.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Looks rules up by id; shipped and engine rules are described once, team rules per request. */
export interface RuleCatalog {
  describe(ruleId: string, teamRules?: readonly TeamRule[], teamRulesDocs?: string): RuleDescription | undefined;
}

export function createRuleCatalog(rules: readonly RuleModule[]): RuleCatalog {
  const byId = new Map(describeRules(rules).map((rule) => [rule.id, rule]));
  return {
    describe(ruleId, teamRules = [], teamRulesDocs) {
      const known = byId.get(ruleId);
      if (known) return known;
      const team = teamRules.find((t) => t.id === ruleId);
      return team ? describeTeamRule(team, teamRulesDocs ?? TEAM_RULES_DOCS) : undefined;
    },
  };
}

function describeBuiltin(info: BuiltinRuleInfo): RuleDescription {
  return {
    id: info.id,
    kind: 'engine',
    title: info.title,
    checklist: info.help,
    rationale: info.description,
    severity: info.severity,
    cwe: [],
    owasp: [],
    references: [],
    frameworks: [],
    controls: [],
    docs: ENGINE_FINDINGS_DOCS,
  };
}

function describeTeamRule(rule: TeamRule, docs: string): RuleDescription {
  const info = teamRuleInfo(rule);
  // Team rules are the workspace's text, and SARIF and hover carry them further.
  const clean = (text: string) => redactSecrets(text).text;
  return {
    id: info.id,
    kind: 'team',
    title: clean(info.title.slice(0, 60)),
    checklist: clean(info.description),
    rationale: clean(info.description),
    severity: info.severity,
    cwe: [],
    owasp: [],
    references: [],
    frameworks: [],
    controls: [clean(info.help)],
    docs,
  };
}

function describeRule(rule: RuleModule): RuleDescription {
  const { meta } = rule;
  const out: RuleDescription = {
    id: rule.id,
    kind: 'rule',
    title: meta.title,
    checklist: meta.checklist,
    rationale: meta.rationale,
    severity: meta.severity,
    securitySeverity: meta.securitySeverity,
    confidence: meta.confidence,
    cwe: meta.cwe,
    owasp: meta.owasp,
    references: meta.references,
    frameworks: meta.frameworks ?? [],
    controls: meta.abuserStory.controls,
    docs: rule.docs,
    since: meta.since,
  };
  if (meta.fix) out.fix = meta.fix;
  if (meta.deprecated) out.deprecated = true;
  if (meta.replacedBy) out.replacedBy = meta.replacedBy;
  return out;
}

/** What a reader is told about the quick fix, in one sentence. */
export function fixAdvice(rule: RuleDescription): string {
  if (rule.fix === 'safe') return 'Rugged offers an automatic fix that does not change behaviour.';
  if (rule.fix === 'suggestion') return 'Rugged suggests a rewrite in the editor and in JSON output; review it before applying, because it changes behaviour.';
  return 'Rugged offers no automatic rewrite for this rule; follow the checklist item.';
}
