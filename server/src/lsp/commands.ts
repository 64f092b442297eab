// `workspace/executeCommand` for the commands the server owns: suppressing a finding with a
// required reason (a comment on the line above, applied with `workspace/applyEdit` after checking
// the document version) and opening a rule's documentation.
import { basename } from 'node:path';
import { ErrorCodes, LSPErrorCodes, ResponseError, type TextDocuments, type WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RuleModule } from '../engine/api';
import { CONFIG_FILE_NAME } from '../config/load';
import { PARSE_ERROR } from '../engine/builtinRules';
import type { EngineConfig } from '../engine/config';
import { isSkipNote } from '../engine/finding';
import { analyze } from '../engine/run';
import type { OpenRuleDocumentationArgs, SuppressFindingArgs, SuppressFindingResult } from '../shared/protocol';
import type { DocumentValidator } from './documentValidator';
import { pathToUri } from './uris';
import { documentEdit } from './workspaceEdits';

export interface CommandDeps {
  documents: TextDocuments<TextDocument>;
  validator: DocumentValidator;
  rules: readonly RuleModule[];
  versionedEdits: boolean;
  applyEdit(label: string, edit: WorkspaceEdit): Promise<boolean>;
  /** The real path of a file URI inside the workspace folders; undefined outside. */
  workspaceFile(uri: string): string | undefined;
  /** Opens a URL for the user; false when the client cannot. */
  showDocument(url: string, external: boolean): Promise<boolean>;
  showMessage(message: string): void;
}

export async function suppressFinding(raw: unknown, deps: CommandDeps): Promise<SuppressFindingResult> {
  const args = raw as Partial<SuppressFindingArgs> | undefined;
  if (!args || typeof args.uri !== 'string' || typeof args.ruleId !== 'string' || typeof args.line !== 'number' || typeof args.version !== 'number') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'rugged.suppressFinding expects { uri, version, line, ruleId, reason }; run it from the code action.');
  }
  // One line of text: the comment must not end early or swallow the next line.
  const reason = typeof args.reason === 'string' ? args.reason.replace(/\s+/g, ' ').trim() : '';
  if (!reason) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `A reason is required to suppress ${args.ruleId}: say why this code is safe, and pass it as the "reason" argument of rugged.suppressFinding.`,
    );
  }
  const document = deps.documents.get(args.uri);
  if (!document) throw new ResponseError(ErrorCodes.InvalidParams, `${args.uri} is not open; open it and run the code action again.`);
  if (document.version !== args.version) {
    throw new ResponseError(LSPErrorCodes.ContentModified, `${args.uri} changed since the action was offered; run the code action again.`);
  }
  const text = document.getText();
  const lineStart = document.offsetAt({ line: args.line, character: 0 });
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comment = `${indent}// rugged-ignore ${args.ruleId} -- ${reason}${eol}`;

  const result = await deps.validator.resultFor(args.uri);
  if (result && !suppresses(text.slice(0, lineStart) + comment + text.slice(lineStart), args.ruleId, args.line + 2, result.filePath, deps, result.config.engine)) {
    // Inside a multi-line template literal or JSX text a comment line would change the code itself.
    throw new ResponseError(LSPErrorCodes.RequestFailed, `A comment line cannot be placed above line ${args.line + 1} without changing the code; add the suppression by hand where it belongs.`);
  }
  const edit = documentEdit(args.uri, args.version, [{ range: { start: { line: args.line, character: 0 }, end: { line: args.line, character: 0 } }, newText: comment }], deps.versionedEdits);
  const applied = await deps.applyEdit(`Suppress ${args.ruleId}`, edit);
  return { applied };
}

/** The rewritten text parses and the rule's finding on `line` (1-based) is now suppressed. */
function suppresses(text: string, ruleId: string, line: number, filePath: string, deps: CommandDeps, config: EngineConfig): boolean {
  const result = analyze(text, filePath, { rules: deps.rules, config, verifyFixes: false });
  if (result.notes.some(isSkipNote)) return true;
  if (result.findings.some((f) => f.ruleId === PARSE_ERROR)) return false;
  const onLine = result.findings.filter((f) => f.ruleId === ruleId && f.range.start.line === line);
  return onLine.length > 0 && onLine.every((f) => f.suppression !== undefined);
}

/**
 * Shows only documentation Rugged itself points to: the page of a rule it ships (the address is
 * taken from the rule, never from the argument), or the `.rugged.json` that declares a team rule,
 * inside the workspace. Anything else a crafted argument names is refused, so the command cannot
 * be used to make the editor open arbitrary files or sites.
 */
export async function openRuleDocumentation(raw: unknown, deps: CommandDeps): Promise<void> {
  const args = raw as Partial<OpenRuleDocumentationArgs> | undefined;
  if (!args || typeof args.url !== 'string') {
    throw new ResponseError(ErrorCodes.InvalidParams, 'rugged.openRuleDocumentation expects { ruleId, url }; run it from the code action.');
  }
  const target = documentationTarget(args.url, deps);
  if (!target) throw new ResponseError(ErrorCodes.InvalidParams, `Rugged opens only its own rule documentation, not ${args.url}.`);
  const shown = await deps.showDocument(target.url, target.external);
  if (!shown) deps.showMessage(`Documentation for ${args.ruleId ?? 'the rule'}: ${target.url}`);
}

function documentationTarget(address: string, deps: CommandDeps): { url: string; external: boolean } | undefined {
  const shipped = deps.rules.find((rule) => rule.docs === address);
  if (shipped) return { url: shipped.docs, external: true };
  if (!address.startsWith('file:')) return undefined;
  const config = deps.workspaceFile(address);
  if (config === undefined || basename(config) !== CONFIG_FILE_NAME) return undefined;
  return { url: pathToUri(config), external: false };
}
