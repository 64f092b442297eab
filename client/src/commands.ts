// The client-side commands: each one forwards to the server or shows something; none holds rule logic.
import * as vscode from 'vscode';
import { ScanWorkspaceRequest, type ScanWorkspaceResult } from '../../server/src/shared/protocol';
import { describe, type RuggedClient } from './client';
import { registerRuleDocumentationProvider } from './ruleDocumentation';
import { setTrackerToken } from './trackerCredentials';

export function registerCommands(context: vscode.ExtensionContext, rugged: RuggedClient): void {
  registerRuleDocumentationProvider(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('rugged.scanWorkspace', () => scanWorkspace(rugged)),
    vscode.commands.registerCommand('rugged.restartServer', () => rugged.restart()),
    vscode.commands.registerCommand('rugged.showOutput', () => rugged.output.show()),
    vscode.commands.registerCommand('rugged.openExample', () => openExample(context)),
    vscode.commands.registerCommand('rugged.setTrackerToken', () => setTrackerToken(context.secrets)),
  );
}

async function scanWorkspace(rugged: RuggedClient): Promise<void> {
  const client = rugged.running;
  if (!client) {
    void vscode.window.showWarningMessage('The Rugged server is not running. Run "Rugged: Restart server" and try again.');
    return;
  }
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('Open a folder to scan: Rugged scans the files of the workspace folders.');
    return;
  }
  let result: ScanWorkspaceResult;
  try {
    // The server reports file-by-file progress itself (work-done progress in the status bar).
    result = await client.sendRequest(ScanWorkspaceRequest.type, null);
  } catch (error) {
    rugged.output.error(`Workspace scan failed: ${describe(error)}`);
    void vscode.window.showErrorMessage('The Rugged workspace scan failed; the Rugged output has the details.');
    return;
  }
  rugged.output.info(
    `Scanned ${result.files} files in ${result.folders} folders (${result.analysed} analysed, ${result.cached} cached, ${result.skipped} skipped): ${result.findings} findings.`,
  );
  if (result.cancelled) return;
  const skipped = result.skipped > 0 ? ` ${result.skipped} skipped (see the output).` : '';
  const summary = `Rugged scanned ${plural(result.files, 'file')}: ${plural(result.findings, 'finding')} in ${plural(result.filesWithFindings, 'file')}.${skipped}`;
  if (result.findings === 0) {
    void vscode.window.showInformationMessage(summary);
    return;
  }
  const choice = await vscode.window.showInformationMessage(summary, 'Show problems');
  if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
}

/** Opens the walkthrough's example as an unsaved file, so nothing is written to the workspace. */
async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const source = vscode.Uri.joinPath(context.extensionUri, 'client', 'walkthrough', 'example.js');
  const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  const document = await vscode.workspace.openTextDocument({ language: 'javascript', content });
  await vscode.window.showTextDocument(document);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
