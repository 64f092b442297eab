// Finds the Rugged diagnostic the user means when a command is run from the Command Palette
// instead of from a code action: the one under the cursor, or a pick among those on the line.
import * as vscode from 'vscode';

export interface FindingAtCursor {
  document: vscode.TextDocument;
  diagnostic: vscode.Diagnostic;
  ruleId: string;
  /** The rule's documentation link, from the diagnostic's code description. */
  href?: string;
}

export async function pickFindingAtCursor(purpose: string): Promise<FindingAtCursor | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(`Open a JavaScript or TypeScript file to ${purpose}.`);
    return undefined;
  }
  const cursor = editor.selection.active;
  const onLine = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((diagnostic) => diagnostic.source === 'rugged')
    .filter((diagnostic) => diagnostic.range.start.line <= cursor.line && cursor.line <= diagnostic.range.end.line);
  const underCursor = onLine.filter((diagnostic) => diagnostic.range.contains(cursor));
  const candidates = underCursor.length > 0 ? underCursor : onLine;
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`There is no Rugged finding on this line to ${purpose}.`);
    return undefined;
  }
  let chosen = candidates[0];
  if (candidates.length > 1) {
    const picked = await vscode.window.showQuickPick(
      candidates.map((diagnostic) => ({ label: ruleIdOf(diagnostic), detail: diagnostic.message, diagnostic })),
      { title: `Which finding do you want to ${purpose}?` },
    );
    if (!picked) return undefined;
    chosen = picked.diagnostic;
  }
  return { document: editor.document, diagnostic: chosen, ruleId: ruleIdOf(chosen), href: hrefOf(chosen) };
}

export function ruleIdOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return String(code ?? '');
}

function hrefOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? code.target.toString(true) : undefined;
}
