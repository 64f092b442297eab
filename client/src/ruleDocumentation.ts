// Shows a rule's documentation (markdown from the server) in a read-only markdown preview, which
// works offline, unlike the rule's web page.
import * as vscode from 'vscode';
import type { RuleDocumentationResult } from '../../server/src/shared/protocol';

const SCHEME = 'rugged-rule';
const pages = new Map<string, string>();
let registered: vscode.Disposable | undefined;

export function registerRuleDocumentationProvider(context: vscode.ExtensionContext): void {
  registered ??= vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    provideTextDocumentContent: (uri) => pages.get(uri.path) ?? '',
  });
  context.subscriptions.push(registered);
}

export async function showRuleDocumentation(doc: RuleDocumentationResult): Promise<void> {
  const path = `/${doc.ruleId}.md`;
  const link = doc.url ? `\n\n[Open the rule's page](${doc.url})\n` : '\n';
  pages.set(path, `${doc.markdown.trimEnd()}${link}`);
  await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.from({ scheme: SCHEME, path }));
}
