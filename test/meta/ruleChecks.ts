// The metadata contract of a rule as checkable predicates. Each check returns the problems it
// finds as sentences, so one failing rule lists everything that is wrong with it at once.
import { parse, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import type { RuleMeta, RuleModule } from '../../server/src/engine/api';

const SEVERITIES = ['error', 'warning', 'info'];
const CONFIDENCES = ['high', 'medium', 'low'];
const FIX_KINDS = ['safe', 'suggestion'];
const STRIDE = ['S', 'T', 'R', 'I', 'D', 'E'];
const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\/[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CWE_PATTERN = /^CWE-\d+$/;
const OWASP_PATTERN = /^A\d\d:\d{4}-/;
const SECURITY_SEVERITY_PATTERN = /^\d{1,2}\.\d$/;
const SEMVER_PATTERN = /^\d+\.\d+\.\d+$/;
/** Short words that Title Case capitalises and sentence case never does mid-title. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with', 'without']);

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isNonEmptyStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString);
}

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/**
 * Sentence case: a capital first letter, and later words capitalised only when they are names or
 * acronyms. Title Case gives itself away by capitalised minor words or by every word capitalised.
 */
export function titleProblems(title: unknown): string[] {
  if (!isNonEmptyString(title)) return ['title is empty'];
  const problems: string[] = [];
  if (title.length > 60) problems.push(`title has ${title.length} characters; at most 60`);
  if (title !== title.trim()) problems.push('title has leading or trailing spaces');
  if (/[.。]$/.test(title.trim())) problems.push('title ends with a period');
  if (!/^[A-Z0-9`]/.test(title)) problems.push('title must start with a capital letter (sentence case)');
  const words = title.replace(/`[^`]*`/g, 'code').split(/\s+/).slice(1);
  const capitalisedMinor = words.filter((w) => MINOR_WORDS.has(w.toLowerCase()) && /^[A-Z][a-z]*$/.test(w));
  if (capitalisedMinor.length > 0) problems.push(`title is in Title Case (${capitalisedMinor.join(', ')}); use sentence case`);
  else if (words.length >= 2 && words.every((w) => /^[A-Z][a-z]+$/.test(w))) problems.push('title is in Title Case; use sentence case');
  return problems;
}

function abuserStoryProblems(story: RuleMeta['abuserStory'] | undefined): string[] {
  if (typeof story !== 'object' || story === null) return ['abuserStory is missing'];
  const problems: string[] = [];
  for (const key of ['actor', 'goal', 'harm', 'asset'] as const) {
    if (!isNonEmptyString(story[key])) problems.push(`abuserStory.${key} is empty`);
  }
  if (!Array.isArray(story.stride) || story.stride.length === 0) problems.push('abuserStory.stride needs at least one STRIDE letter');
  else {
    const unknown = story.stride.filter((s) => !STRIDE.includes(s));
    if (unknown.length > 0) problems.push(`abuserStory.stride has ${unknown.join(', ')}; allowed: ${STRIDE.join(' ')}`);
    if (new Set(story.stride).size !== story.stride.length) problems.push('abuserStory.stride repeats a letter');
  }
  if (!isNonEmptyStringList(story.controls)) problems.push('abuserStory.controls needs at least one non-empty control');
  for (const key of ['likelihood', 'impact'] as const) {
    if (![1, 2, 3].includes(story[key])) problems.push(`abuserStory.${key} is ${String(story[key])}; must be 1, 2 or 3`);
  }
  return problems;
}

/** Everything wrong with a rule's metadata, apart from what needs its source or the registry. */
export function metadataProblems(rule: RuleModule): string[] {
  const meta = rule.meta;
  const problems: string[] = [];
  if (!ID_PATTERN.test(rule.id)) problems.push(`id "${rule.id}" is not <family>/<name> in kebab-case`);
  problems.push(...titleProblems(meta.title));
  if (!isNonEmptyString(meta.checklist)) problems.push('checklist is empty');
  if (!isNonEmptyString(meta.rationale)) problems.push('rationale is empty');
  if (!SEVERITIES.includes(meta.severity)) problems.push(`severity "${String(meta.severity)}" is not one of ${SEVERITIES.join(', ')}`);
  if (!CONFIDENCES.includes(meta.confidence)) problems.push(`confidence "${String(meta.confidence)}" is not one of ${CONFIDENCES.join(', ')}`);
  const score = Number(meta.securitySeverity);
  if (typeof meta.securitySeverity !== 'string' || !SECURITY_SEVERITY_PATTERN.test(meta.securitySeverity) || score < 0 || score > 10) {
    problems.push(`securitySeverity "${String(meta.securitySeverity)}" must be a string "d.d" between 0.0 and 10.0`);
  }
  if (!Array.isArray(meta.cwe) || meta.cwe.length === 0) problems.push('cwe needs at least one CWE-<n> entry');
  else for (const cwe of meta.cwe) if (!CWE_PATTERN.test(cwe)) problems.push(`cwe entry "${cwe}" does not match CWE-<number>`);
  if (!Array.isArray(meta.owasp) || meta.owasp.length === 0) problems.push('owasp needs at least one Top 10 category such as "A03:2021-Injection"');
  else for (const category of meta.owasp) if (!OWASP_PATTERN.test(category)) problems.push(`owasp entry "${category}" does not look like "A03:2021-Injection"`);
  if (!Array.isArray(meta.references) || meta.references.length === 0) problems.push('references needs at least one https URL');
  else for (const reference of meta.references) if (!isHttpsUrl(reference)) problems.push(`reference "${reference}" is not a valid https URL`);
  if (meta.frameworks !== undefined && !meta.frameworks.every(isNonEmptyString)) problems.push('frameworks has an empty entry');
  if (meta.fix !== undefined && !FIX_KINDS.includes(meta.fix)) problems.push(`fix "${String(meta.fix)}" is not one of ${FIX_KINDS.join(', ')}`);
  const messages = Object.entries(meta.messages ?? {});
  if (messages.length === 0) problems.push('messages is empty');
  for (const [id, text] of messages) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) problems.push(`messageId "${id}" is not camelCase`);
    if (!isNonEmptyString(text)) problems.push(`message "${id}" is empty`);
  }
  problems.push(...abuserStoryProblems(meta.abuserStory));
  if (!isNonEmptyString(meta.since) || !SEMVER_PATTERN.test(meta.since)) problems.push(`since "${String(meta.since)}" must be the version that introduced the rule, e.g. "0.1.0"`);
  return problems;
}

export interface SourceFacts {
  /** Every string literal given as `messageId` (including both arms of a conditional). */
  messageIds: Set<string>;
  /** The source builds `fixes` for a report (a `fixes` property that is not an empty array). */
  offersFixes: boolean;
  /** The source reads `context.options`. */
  readsOptions: boolean;
}

function stringsIn(node: TSESTree.Node): string[] {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? [node.value] : [];
    case 'TemplateLiteral':
      return node.expressions.length === 0 ? [node.quasis[0].value.cooked ?? ''] : [];
    case 'ConditionalExpression':
      return [...stringsIn(node.consequent), ...stringsIn(node.alternate)];
    case 'LogicalExpression':
      return [...stringsIn(node.left), ...stringsIn(node.right)];
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return stringsIn(node.expression);
    default:
      return [];
  }
}

function keyName(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === 'Identifier') return property.key.name;
  if (property.key.type === 'Literal' && typeof property.key.value === 'string') return property.key.value;
  return undefined;
}

/** Reads what a rule's source does with messages and fixes, from its AST (comments cannot fool it). */
export function sourceFacts(source: string, filePath: string): SourceFacts {
  const ast = parse(source, { filePath, range: true, loc: false, jsx: false });
  const facts: SourceFacts = { messageIds: new Set(), offersFixes: false, readsOptions: false };
  simpleTraverse(ast, {
    enter(node) {
      if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === 'options') {
        if (node.object.type === 'Identifier' && node.object.name === 'context') facts.readsOptions = true;
      }
      if (node.type !== 'Property') return;
      const key = keyName(node);
      if (key === 'messageId') for (const id of stringsIn(node.value)) facts.messageIds.add(id);
      if (key === 'fixes') {
        const value = node.value;
        const empty = (value.type === 'ArrayExpression' && value.elements.length === 0) || (value.type === 'Identifier' && value.name === 'undefined');
        if (!empty) facts.offersFixes = true;
      }
    },
  });
  return facts;
}

/** Problems that need the rule's source: undeclared messageIds and a `fix` field that disagrees. */
export function sourceProblems(rule: RuleModule, facts: SourceFacts): string[] {
  const problems: string[] = [];
  const declared = new Set(Object.keys(rule.meta.messages ?? {}));
  for (const id of [...facts.messageIds].sort()) if (!declared.has(id)) problems.push(`messageId "${id}" is used but not declared in meta.messages`);
  if (facts.offersFixes && rule.meta.fix === undefined) problems.push('the rule proposes fixes but meta.fix is not set (safe or suggestion)');
  if (!facts.offersFixes && rule.meta.fix !== undefined) problems.push(`meta.fix is "${rule.meta.fix}" but the rule never proposes a fix`);
  return problems;
}
