// Commands the server executes, intercepted on their way there: "Suppress..." needs a reason only
// the user can give, and both commands need their arguments filled in when run from the palette.
import * as vscode from 'vscode';
import type { ExecuteCommandSignature, LanguageClient } from 'vscode-languageclient/node';
import {
  Commands,
  RuleDocumentationRequest,
  type OpenRuleDocumentationArgs,
  type SuppressFindingArgs,
  type SuppressFindingResult,
} from '../../server/src/shared/protocol';
import { pickFindingAtCursor } from './findingAtCursor';
import { showRuleDocumentation } from './ruleDocumentation';

type ClientGetter = () => LanguageClient | undefined;

/** `middleware.executeCommand` for the LanguageClient. */
export function serverCommandMiddleware(getClient: ClientGetter, output: vscode.LogOutputChannel) {
  return async (command: string, args: unknown[], next: ExecuteCommandSignature): Promise<unknown> => {
    if (command === Commands.suppressFinding) return suppressFinding(args[0], next, output);
    if (command === Commands.openRuleDocumentation) return openRuleDocumentation(args[0], next, getClient());
    return next(command, args);
  };
}

async function suppressFinding(arg: unknown, next: ExecuteCommandSignature, output: vscode.LogOutputChannel) {
  const target = isSuppressArgs(arg) ? arg : await suppressArgsAtCursor();
  if (!target) return undefined;
  const reason = await vscode.window.showInputBox({
    title: `Suppress ${target.ruleId} on this line`,
    prompt: 'Why is this finding acceptable here? The reason is written into the comment for reviewers.',
    placeHolder: 'e.g. the table name comes from a fixed allow-list above',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'A reason is required to suppress a finding.' : undefined),
  });
  if (reason === undefined) return undefined;
  const result = (await next(Commands.suppressFinding, [{ ...target, reason: reason.trim() }])) as
    | SuppressFindingResult
    | undefined;
  if (result && !result.applied) {
    output.warn(`Suppression of ${target.ruleId} in ${target.uri} was not applied.`);
    void vscode.window.showWarningMessage(
      `Rugged could not suppress ${target.ruleId}: the file changed since the finding was reported. Try again.`,
    );
  }
  return result;
}

async function suppressArgsAtCursor(): Promise<SuppressFindingArgs | undefined> {
  const found = await pickFindingAtCursor('suppress');
  if (!found) return undefined;
  return {
    uri: found.document.uri.toString(),
    version: found.document.version,
    line: found.diagnostic.range.start.line,
    ruleId: found.ruleId,
  };
}

async function openRuleDocumentation(arg: unknown, next: ExecuteCommandSignature, client: LanguageClient | undefined): Promise<unknown> {
  let target: OpenRuleDocumentationArgs | undefined = isDocumentationArgs(arg) ? arg : undefined;
  let documentUri = vscode.window.activeTextEditor?.document.uri.toString();
  if (!target) {
    const found = await pickFindingAtCursor('read the documentation of');
    if (!found) return undefined;
    target = { ruleId: found.ruleId, url: found.href ?? '' };
    documentUri = found.document.uri.toString();
  }
  // The rule's page lives on the web; the server's own description works offline, so show it first.
  const doc = client
    ? await client.sendRequest(RuleDocumentationRequest.type, { ruleId: target.ruleId, uri: documentUri })
    : null;
  if (doc) return showRuleDocumentation(doc);
  if (target.url) return next(Commands.openRuleDocumentation, [target]);
  void vscode.window.showInformationMessage(`Rugged has no documentation for ${target.ruleId}.`);
  return undefined;
}

function isSuppressArgs(value: unknown): value is SuppressFindingArgs {
  if (typeof value !== 'object' || value === null) return false;
  const args = value as Partial<SuppressFindingArgs>;
  return typeof args.uri === 'string' && typeof args.line === 'number' && typeof args.ruleId === 'string';
}

function isDocumentationArgs(value: unknown): value is OpenRuleDocumentationArgs {
  if (typeof value !== 'object' || value === null) return false;
  return typeof (value as Partial<OpenRuleDocumentationArgs>).ruleId === 'string';
}
