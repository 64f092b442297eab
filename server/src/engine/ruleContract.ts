// The contract every rule fulfils: typed metadata (what the checklist item is, why it matters,
// how it maps to CWE/OWASP and to an abuser story) plus a visitor over the typescript-estree AST.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Confidence, Severity, TextEdit } from './finding';
import type { DataFlow, FlowValue } from './dataflow';
import type { ImportIndex } from './imports';
import type { Hazard } from './guards';

export const DOCS_BASE_URL = 'https://github.com/rugged-security/rugged/blob/main/rules/';

export type StrideCategory = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';

/** 1 = low, 2 = medium, 3 = high: a 3x3 likelihood x impact grid, as in the OWASP risk rating's summary. */
export type RiskLevel = 1 | 2 | 3;

/** What the backlog needs to turn a finding of this rule into an attacker story. */
export interface AbuserStorySeed {
  /** Who attacks: "anonymous internet user", "authenticated low-privilege user", ... */
  actor: string;
  /**
   * The "I want to ..." clause, without "I want to", written "loss by technique" (a story's title keeps
   * the loss, before " by "). `{asset}` stands for the asset at risk: the person's, or the table,
   * collection or cookie the code names, else `asset` below.
   */
  goal: string;
  /** The "so that ..." clause, without "so that"; may name `{asset}` too. */
  harm: string;
  stride: StrideCategory[];
  /** The asset at risk ("customer records in the database"). */
  asset: string;
  /** Positive controls that invert the attack, written as acceptance criteria. */
  controls: string[];
  likelihood: RiskLevel;
  impact: RiskLevel;
}

export interface RuleMeta<MessageId extends string = string> {
  /** At most 60 characters, sentence case, no trailing period. */
  title: string;
  /** The checklist item as a reviewer reads it. */
  checklist: string;
  /** The attack this enables, in plain words (1-3 sentences). */
  rationale: string;
  severity: Severity;
  /** "0.0".."10.0" for GitHub code scanning. */
  securitySeverity: string;
  confidence: Confidence;
  cwe: string[];
  owasp: string[];
  references: string[];
  frameworks?: string[];
  /** Whether the rule offers rewrites, and whether they are safe to apply in bulk. */
  fix?: 'safe' | 'suggestion';
  /** messageId -> text with {{placeholders}}. Fix titles are messages too. */
  messages: Record<MessageId, string>;
  abuserStory: AbuserStorySeed;
  since: string;
  /**
   * Text without which the rule cannot report: a file containing none of these strings is skipped
   * for this rule before its visitor is created (`AnalyzeOptions.prefilter`). Typically the module
   * names its sinks are resolved through (a call is only recognised by its import or require of a
   * literal specifier, so aliases, computed members and required variables all still name it).
   * Leave it out when the rule may report in any file.
   */
  requiresText?: readonly string[];
  /**
   * `false` when the rule never reports a value that reached a sink (`ReportDescriptor.taint`,
   * what `reportTainted` sets): a module summary keeps only such reports, so it does not run the
   * rule a second time. The rule tester fails a rule that says so and reports one anyway.
   */
  reportsTaint?: false;
  deprecated?: boolean;
  replacedBy?: string[];
}

/** A rewrite proposed by a rule; the engine keeps it only if the result parses and the finding is gone. */
export interface FixProposal<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string>;
  kind: 'safe' | 'suggestion';
  edits: TextEdit[];
}

export interface RelatedNode {
  node: TSESTree.Node;
  message: string;
}

export interface ReportDescriptor<MessageId extends string = string> {
  /** The narrowest node that is wrong. */
  node: TSESTree.Node;
  messageId: MessageId;
  data?: Record<string, string>;
  /** Overrides the rule's default, e.g. error for tainted input, warning for unknown origin. */
  severity?: Severity;
  confidence?: Confidence;
  /**
   * Shown only in the `audit` profile: the rule cannot tell the value apart from the library's own
   * plumbing (`this.*`, metadata, internal calls), so the default output leaves it out.
   */
  audit?: boolean;
  /** Fix titles are messages too; a fix naming a message the rule lacks is reported as the rule's internal error. */
  fixes?: FixProposal[];
  /** Why no fix is offered where one might be expected; ignored when `fixes` holds any. */
  fixWithheld?: string;
  related?: RelatedNode[];
  /**
   * The data-flow value that reached the sink, for reports about input (`reportTainted` sets it):
   * when the engine summarises a module, it says which parameters reach which sinks.
   */
  taint?: FlowValue;
  /**
   * With `taint`: what the sink fears, so that a summary judges a check on one parameter's part of
   * the value (`${dir}/${name}` after a check on `name`) the way the rule judges a check on the whole.
   */
  hazard?: Hazard;
  /** Nodes whose text is a secret value, so that no output quotes it (see `Finding.secrets`). */
  secrets?: TSESTree.Node[];
  /**
   * The finding keeps its severity in test, fixture, script and vendored files alike: a live
   * credential of a known vendor is leaked wherever it is committed.
   */
  sameInEveryContext?: boolean;
}

export interface RuleContext<MessageId extends string = string> {
  readonly filePath: string;
  readonly sourceText: string;
  readonly ast: TSESTree.Program;
  /** Per-rule options from the configuration (empty object when none are set). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Data flow inside functions and module constants; built lazily on first use. */
  readonly flow: DataFlow;
  /** Modules imported or required by this file and the local names bound to them. */
  readonly imports: ImportIndex;
  getText(node: TSESTree.Node | TSESTree.Token): string;
  getParent(node: TSESTree.Node): TSESTree.Node | undefined;
  report(descriptor: ReportDescriptor<MessageId>): void;
}

export type NodeListener = (node: TSESTree.Node) => void;

/** The node whose `type` is `T`. */
export type NodeOfType<T extends TSESTree.Node['type']> = Extract<TSESTree.Node, { type: T }>;

/**
 * Keys are AST node types, optionally suffixed with `:exit`; each listener receives the node of
 * its key's type, so a misspelt key or a wrong parameter type is a compile error.
 */
export type RuleVisitor = {
  [K in TSESTree.Node['type']]?: (node: NodeOfType<K>) => void;
} & {
  [K in TSESTree.Node['type'] as `${K}:exit`]?: (node: NodeOfType<K>) => void;
};

export interface RuleModule {
  id: string;
  docs: string;
  meta: RuleMeta;
  create(context: RuleContext): RuleVisitor;
}

export interface RuleDefinition<MessageId extends string> {
  /** `<family>/<name>`; a meta test checks that it equals the file's path under rules/. */
  id: string;
  meta: RuleMeta<MessageId>;
  /** Reports and fixes may only name a message the rule declares: a typo is a compile error. */
  create: (context: RuleContext<MessageId>) => RuleVisitor;
}

export function defineRule<MessageId extends string>(definition: RuleDefinition<MessageId>): RuleModule {
  return {
    id: definition.id,
    docs: `${DOCS_BASE_URL}${definition.id}.md`,
    meta: definition.meta,
    create: definition.create,
  };
}

/** Fills {{name}} placeholders; unknown placeholders are left visible so tests catch them. */
export function formatMessage(template: string, data: Record<string, string> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? data[key] : whole));
}
