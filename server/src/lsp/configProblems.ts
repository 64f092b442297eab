// Problems found in a `.rugged.json` shown as diagnostics on that file, so a typo in a rule id is
// visible where it is written. Sent apart from findings: they are not counted as findings.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { ConfigProblem } from '../config/load';
import { redactSecrets } from '../redaction/redact';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { canonicalUri, pathToUri } from './uris';

export const CONFIG_PROBLEM_CODE = 'rugged/config';

export class ConfigProblemReporter {
  private readonly shown = new Set<string>();

  constructor(
    private readonly send: (uri: string, diagnostics: Diagnostic[]) => void,
    private readonly log: (message: string) => void,
  ) {}

  report(file: string, problems: readonly ConfigProblem[]): void {
    const uri = pathToUri(file);
    if (problems.length === 0 && !this.shown.has(uri)) return;
    for (const problem of problems) this.log(`${file}: ${problem.key}: ${problem.message}`);
    if (problems.length === 0) this.shown.delete(uri);
    else this.shown.add(uri);
    this.send(uri, problems.map(toDiagnostic));
  }

  /** The file was deleted: nothing of it stays visible. */
  forget(uri: string): void {
    const key = canonicalUri(uri);
    if (!this.shown.delete(key)) return;
    this.send(key, []);
  }
}

function toDiagnostic(problem: ConfigProblem): Diagnostic {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const character = Math.max(0, (problem.column ?? 1) - 1);
  return {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: CONFIG_PROBLEM_CODE,
    // Problems quote the values they reject, and the configuration is the workspace's text.
    message: redactSecrets(`${problem.key}: ${problem.message}`).text,
  };
}
