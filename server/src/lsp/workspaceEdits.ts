// Text edits for one document as a WorkspaceEdit: versioned `documentChanges` when the client
// supports them, so an edit computed for an older version is refused instead of misapplied.
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';

/** `version` is null for a file no editor has open: the client applies the edit to it as it is on disk. */
export function documentEdit(uri: string, version: number | null, edits: TextEdit[], versioned: boolean): WorkspaceEdit {
  if (versioned) return { documentChanges: [{ textDocument: { uri, version }, edits }] };
  return { changes: { [uri]: edits } };
}
