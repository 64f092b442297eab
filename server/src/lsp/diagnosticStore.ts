// The diagnostics currently shown, per file, whoever computed them (open-document validation or
// the workspace scan). It keeps each file's last good diagnostics so a file that stops parsing
// keeps them beside its parse note, and counts findings for the status.
import type { Diagnostic } from 'vscode-languageserver';
import { canonicalUri, isInsidePath, uriToPath } from './uris';

export type DiagnosticsSender = (uri: string, diagnostics: Diagnostic[], version?: number) => void;

/** What one analysis produced for a file, as the store needs it. */
export interface DiagnosticsUpdate {
  diagnostics: Diagnostic[];
  parseNote?: Diagnostic;
}

interface Entry {
  /** The URI as last sent, so clearing reaches the same spelling. */
  uri: string;
  lastGood: Diagnostic[];
  shown: Diagnostic[];
  findings: number;
}

export class DiagnosticStore {
  private readonly entries = new Map<string, Entry>();
  private findingTotal = 0;

  constructor(
    private readonly send: DiagnosticsSender,
    private readonly onCountsChanged: () => void,
  ) {}

  /** `version` is the document version for open documents, absent for files on disk. */
  publish(uri: string, update: DiagnosticsUpdate, version?: number): void {
    const key = canonicalUri(uri);
    const previous = this.entries.get(key);
    const lastGood = update.parseNote ? previous?.lastGood ?? [] : update.diagnostics;
    const shown = update.parseNote ? [...lastGood, update.parseNote] : lastGood;
    if (shown.length === 0) {
      this.entries.delete(key);
      this.account(previous, undefined);
      // Always sent for an open document (its first answer) and for anything shown before.
      if (previous || version !== undefined) this.send(uri, [], version);
      return;
    }
    const entry: Entry = { uri, lastGood, shown, findings: lastGood.length };
    this.entries.set(key, entry);
    this.account(previous, entry);
    this.send(uri, shown, version);
  }

  clear(uri: string): void {
    const key = canonicalUri(uri);
    const previous = this.entries.get(key);
    if (!previous) return;
    this.entries.delete(key);
    this.account(previous, undefined);
    this.send(previous.uri, []);
  }

  /** Clears every file below a folder (a deleted or removed folder). */
  clearUnder(folderUri: string): void {
    const folder = uriToPath(folderUri);
    if (folder === undefined) return;
    for (const [key, entry] of [...this.entries]) {
      const path = uriToPath(key);
      if (path !== undefined && path !== folder && isInsidePath(path, folder)) this.clear(entry.uri);
    }
  }

  shown(uri: string): readonly Diagnostic[] {
    return this.entries.get(canonicalUri(uri))?.shown ?? [];
  }

  /** Canonical URIs of every file showing diagnostics. */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  counts(): { findings: number; filesWithFindings: number } {
    let files = 0;
    for (const entry of this.entries.values()) if (entry.findings > 0) files++;
    return { findings: this.findingTotal, filesWithFindings: files };
  }

  private account(previous: Entry | undefined, next: Entry | undefined): void {
    const before = previous?.findings ?? 0;
    const after = next?.findings ?? 0;
    this.findingTotal += after - before;
    if (before !== after) this.onCountsChanged();
  }
}
