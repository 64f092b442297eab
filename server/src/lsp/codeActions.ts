// Code actions for Rugged findings, per finding in the house order: the engine's fixes, "Raise
// abuser story", "Show documentation", "Suppress ... on this line..."; and `source.fixAll.rugged`,
// which applies only safe fixes. Every quick fix names the diagnostics it resolves.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import { INVALID_SUPPRESSION, PARSE_ERROR } from '../engine/builtinRules';
import { combinableFixes } from '../engine/edits';
import type { Finding, ForeignFix } from '../engine/finding';
import { Commands, type OpenRuleDocumentationArgs, type RaiseAbuserStoryArgs, type SuppressFindingArgs } from '../shared/protocol';
import { diagnosticData } from './diagnostics';
import type { DocumentResult } from './documentValidator';
import { rangesIntersect, toLspEdits, toLspRange } from './positions';
import type { RuleDescription } from '../catalog/ruleCatalog';
import { documentEdit } from './workspaceEdits';

export const FIX_ALL_KIND = 'source.fixAll.rugged';

/** Engine-reported ids that make no sense to suppress, document as a story, or raise. */
const NOT_SUPPRESSIBLE = new Set([PARSE_ERROR, INVALID_SUPPRESSION]);

/** A fix in another file, checked against that file as it reads now (workspaceFlow.ts). */
export interface ForeignEdit {
  uri: string;
  /** The open document's version, or null for a file on disk. */
  version: number | null;
  edits: TextEdit[];
  /** How the file is named in the action's title (its path in the workspace). */
  label: string;
}

export interface CodeActionOptions {
  /** The client applies versioned `documentChanges`. */
  versionedEdits: boolean;
  /** The edits of a cross-module finding's fix in the file holding the sink, when it still applies and works. */
  foreignEdit?(fix: ForeignFix, finding: Finding): ForeignEdit | undefined;
  describe(ruleId: string, result: DocumentResult): RuleDescription | undefined;
}

export function codeActionsFor(result: DocumentResult, params: CodeActionParams, options: CodeActionOptions): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) actions.push(...quickFixes(result, params, options));
  if (wants(FIX_ALL_KIND)) {
    const fixAll = fixAllAction(result, options);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function quickFixes(result: DocumentResult, params: CodeActionParams, options: CodeActionOptions): CodeAction[] {
  const { analysis, document, uri, version } = result;
  const actions: CodeAction[] = [];
  const offered = new Set<string>();
  const once = (key: string, action: CodeAction) => {
    if (offered.has(key)) return;
    offered.add(key);
    actions.push(action);
  };
  const matched = new Set<Diagnostic>();

  analysis.findings.forEach((finding, index) => {
    const ours = analysis.diagnostics[index];
    if (!rangesIntersect(ours.range, params.range)) return;
    // Link to the client's own copy when it sent one, so the editor ties the action to it.
    const theirs = params.context.diagnostics.find((d) => isSameFinding(d, finding, ours.range));
    if (theirs) matched.add(theirs);
    const diagnostic = theirs ?? ours;
    const rule = options.describe(finding.ruleId, result);

    finding.fixes.forEach((fix) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: finding.fixes.length === 1 && fix.kind === 'safe',
        edit: documentEdit(uri, version, toLspEdits(document, fix.edits), options.versionedEdits),
      });
    });
    // The sink's rewrite lives in the helper: the callers stay as they are, so one file changes.
    for (const fix of finding.foreignFixes ?? []) {
      const target = options.foreignEdit?.(fix, finding);
      if (!target) continue;
      actions.push({
        title: `${fix.title} in ${target.label}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: documentEdit(target.uri, target.version, target.edits, options.versionedEdits),
      });
    }
    if (NOT_SUPPRESSIBLE.has(finding.ruleId)) return;
    once(`story:${finding.fingerprint}`, storyAction(uri, diagnostic, finding));
    if (rule?.docs) once(`docs:${finding.ruleId}`, docsAction(finding.ruleId, rule.docs, diagnostic));
    once(`suppress:${finding.ruleId}:${ours.range.start.line}`, suppressAction(uri, version, finding.ruleId, ours.range, diagnostic));
  });

  // Diagnostics still shown from the last good analysis while the file does not parse: their fixes
  // would be computed for other text, so only the actions that edit nothing are offered.
  for (const diagnostic of params.context.diagnostics) {
    if (matched.has(diagnostic)) continue;
    const data = diagnosticData(diagnostic);
    if (!data || NOT_SUPPRESSIBLE.has(data.ruleId)) continue;
    const rule = options.describe(data.ruleId, result);
    if (rule?.docs) once(`docs:${data.ruleId}`, docsAction(data.ruleId, rule.docs, diagnostic));
  }
  return actions;
}

function isSameFinding(diagnostic: Diagnostic, finding: Finding, range: Range): boolean {
  const data = diagnosticData(diagnostic);
  if (data) return data.fingerprint === finding.fingerprint;
  return diagnostic.code === finding.ruleId && sameRange(diagnostic.range, range);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function storyAction(uri: string, diagnostic: Diagnostic, finding: Finding): CodeAction {
  const args: RaiseAbuserStoryArgs = { uri, range: toLspRange(finding.range), ruleId: finding.ruleId, fingerprint: finding.fingerprint, message: finding.message };
  return {
    title: 'Raise abuser story from this finding',
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: 'Raise abuser story from this finding', command: Commands.raiseAbuserStory, arguments: [args] },
  };
}

function docsAction(ruleId: string, url: string, diagnostic: Diagnostic): CodeAction {
  const args: OpenRuleDocumentationArgs = { ruleId, url };
  const title = `Show documentation for ${ruleId}`;
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: Commands.openRuleDocumentation, arguments: [args] } };
}

function suppressAction(uri: string, version: number, ruleId: string, range: Range, diagnostic: Diagnostic): CodeAction {
  const args: SuppressFindingArgs = { uri, version, line: range.start.line, ruleId };
  const title = `Suppress ${ruleId} on this line...`;
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: Commands.suppressFinding, arguments: [args] } };
}

/** Every safe fix of the document at once; a fix touching text another already changes waits for the next run. */
function fixAllAction(result: DocumentResult, options: CodeActionOptions): CodeAction | undefined {
  // One safe fix per finding; those whose edits overlap one already taken wait for the next run,
  // exactly as the fix-correctness harness applies them together.
  const candidates = result.analysis.findings.flatMap((finding, index) => {
    const fix = finding.fixes.find((f) => f.kind === 'safe');
    return fix ? [{ edits: fix.edits, diagnostic: result.analysis.diagnostics[index] }] : [];
  });
  const taken = combinableFixes(candidates);
  if (taken.length === 0) return undefined;
  return {
    title: 'Fix all safe Rugged findings',
    kind: FIX_ALL_KIND,
    diagnostics: taken.map((fix) => fix.diagnostic),
    edit: documentEdit(result.uri, result.version, toLspEdits(result.document, taken.flatMap((fix) => fix.edits)), options.versionedEdits),
  };
}

