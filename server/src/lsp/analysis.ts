// Runs the engine on one file's text and shapes the result for the editor: visible findings and
// their diagnostics, the parse note apart (so the last good diagnostics can stay), the skip note.
// Findings are redacted here, once, for everything the server sends (diagnostics, hover, code
// action titles, the result cache); only fix edit text stays real, because the editor applies it
// to the user's own file.
import type { Diagnostic } from 'vscode-languageserver';
import type { RuleModule } from '../engine/api';
import { PARSE_ERROR } from '../engine/builtinRules';
import { isSkipNote, type FileNote, type Finding } from '../engine/finding';
import { createParseMemory, type ParseMemory } from '../engine/incrementalParse';
import { analyze } from '../engine/run';
import { projectPath } from '../files/projectPath';
import { knownSecrets } from '../redaction/knownSecrets';
import { redactFinding } from '../redaction/redactFinding';
import { fileFingerprint, repositoryUri } from '../baseline/fileFingerprint';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { toDiagnostic } from './diagnostics';
import type { EffectiveConfig } from './projectConfig';
import type { RuleCatalog } from '../catalog/ruleCatalog';
import type { ImportedSummaries, ModuleSummary } from '../engine/summaries';

export interface FileAnalysis {
  /** Findings shown to the user, redacted except for fix edit text: suppressed ones and the parse note are left out. */
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Set when the text does not parse; the caller decides what stays visible around it. */
  parseNote?: Diagnostic;
  /** Set when the engine skipped the file (too large, minified, binary). */
  skipNote?: FileNote;
  /** Set when the file was checked only in part (data-flow budget); its findings are still shown. */
  partialNote?: FileNote;
  /** What the file's exported functions do with their parameters, when `imported` was given. */
  summary?: ModuleSummary;
}

export interface RunOptions {
  /**
   * `verifyFixes: false` skips the engine's fix verification (a re-analysis per fix): right for
   * diagnostics alone, and the findings are the same, but their fixes must not be offered.
   */
  verifyFixes?: boolean;
  /** The summaries of the file's imports (workspaceFlow.ts): the file is analysed across modules and summarised. */
  imported?: ImportedSummaries;
  /** `false` leaves the file's own summary out (its importers can wait for it); true by default. */
  summarize?: boolean;
}

export interface Analyzer {
  run(text: string, filePath: string, uri: string, config: EffectiveConfig, options?: RunOptions): FileAnalysis;
  /**
   * The file is open in the editor: its analyses keep the previous syntax tree, so a keystroke
   * re-parses only the edited region (engine/incrementalParse.ts). Closed files parse afresh.
   */
  opened(filePath: string): void;
  closed(filePath: string): void;
}

/** An open document's analysis, wherever it runs (documentWorker.ts); resolves to what `Analyzer.run` would return. */
export type DocumentAnalyser = (text: string, filePath: string, uri: string, config: EffectiveConfig, options?: RunOptions) => Promise<FileAnalysis>;

export function createAnalyzer(rules: readonly RuleModule[], catalog: RuleCatalog): Analyzer {
  // One memory per open document, dropped on close: a memory is only valid for the file it parsed.
  const memories = new Map<string, ParseMemory>();
  return {
    opened(filePath) {
      if (!memories.has(filePath)) memories.set(filePath, createParseMemory());
    },
    closed(filePath) {
      memories.delete(filePath);
    },
    run(text, filePath, uri, config, options = {}) {
      const result = analyze(text, filePath, {
        rules,
        config: config.engine,
        verifyFixes: options.verifyFixes ?? true,
        parseMemory: memories.get(filePath),
        projectPath: projectPath(config.projectRoot, filePath),
        ...(options.imported ? { importedSummaries: options.imported, summarize: options.summarize ?? true } : {}),
      });
      const skipNote = result.notes.find(isSkipNote);
      if (skipNote) return { findings: [], diagnostics: [], skipNote };
      const partialNote = result.notes[0];
      const describe = (ruleId: string) => catalog.describe(ruleId, config.engine.checklist, config.configFileUri);
      const findings: Finding[] = [];
      const diagnostics: Diagnostic[] = [];
      let parseNote: Diagnostic | undefined;
      const known = knownSecrets(result.findings, text);
      for (const found of result.findings) {
        if (found.suppression) continue;
        const finding = redactFinding(found, known, { keepEditText: true });
        const diagnostic = toDiagnostic(finding, uri, describe(finding.ruleId));
        if (finding.ruleId === PARSE_ERROR) {
          parseNote = diagnostic;
          continue;
        }
        if (config.baseline?.keys.has(fileFingerprint(repositoryUri(config.baseline.sourceRoot, filePath), finding.fingerprint))) {
          // Known before: still visible and fixable, but quieter than what a change introduces.
          diagnostic.severity = DiagnosticSeverity.Hint;
          diagnostic.message = `Baseline finding (in ${config.baseline.file}): ${finding.message}`;
        }
        findings.push(finding);
        diagnostics.push(diagnostic);
      }
      return { findings, diagnostics, parseNote, partialNote, ...(result.summary ? { summary: result.summary } : {}) };
    },
  };
}
