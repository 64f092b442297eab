// The shape of a cached result, checked field by field and rebuilt from the checked fields only:
// even a correctly signed cache (an older server's, a bug's) can only bring back diagnostics of
// the kind toDiagnostic produces, about the file they are stored for.
import { isAbsolute } from 'node:path';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { ModuleSummary } from '../engine/summaries';
import type { DiagnosticData } from '../shared/protocol';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { validModuleSummary } from '../scan/summaryValidation';
import { canonicalUri, pathToUri } from './uris';

export interface CachedResult {
  /** Hash of the configuration signature, the text and the summaries of its imports. */
  key: string;
  diagnostics: Diagnostic[];
  parseNote?: Diagnostic;
  /** The engine's skip message, for files that were not checked. */
  skipped?: string;
  /** What the file exports, so the files importing it need not analyse it again (workspaceFlow.ts). */
  summary?: ModuleSummary;
}

const MAX_TEXT = 65_536;

/** The entry rebuilt from its valid fields, or undefined when any field is not what the server writes. */
export function validCachedResult(filePath: string, value: unknown): CachedResult | undefined {
  if (!isAbsolute(filePath) || !isRecord(value) || typeof value.key !== 'string' || !/^[0-9a-f]{64}$/.test(value.key)) return undefined;
  if (!Array.isArray(value.diagnostics)) return undefined;
  const uri = pathToUri(filePath);
  const diagnostics: Diagnostic[] = [];
  for (const item of value.diagnostics) {
    const diagnostic = validDiagnostic(item, uri);
    if (!diagnostic) return undefined;
    diagnostics.push(diagnostic);
  }
  const result: CachedResult = { key: value.key, diagnostics };
  if (value.parseNote !== undefined) {
    const note = validDiagnostic(value.parseNote, uri);
    if (!note) return undefined;
    result.parseNote = note;
  }
  if (value.skipped !== undefined) {
    if (!isText(value.skipped)) return undefined;
    result.skipped = value.skipped;
  }
  if (value.summary !== undefined) {
    const summary = validModuleSummary(value.summary);
    if (!summary) return undefined;
    result.summary = summary;
  }
  return result;
}

function validDiagnostic(value: unknown, uri: string): Diagnostic | undefined {
  if (!isRecord(value) || value.source !== DIAGNOSTIC_SOURCE || !isText(value.code) || !isText(value.message)) return undefined;
  const range = validRange(value.range);
  if (!range || (value.severity !== 1 && value.severity !== 2 && value.severity !== 3)) return undefined;
  const data = validData(value.data, value.code);
  if (!data) return undefined;
  const diagnostic: Diagnostic = { range, severity: value.severity, source: DIAGNOSTIC_SOURCE, code: value.code, message: value.message, data };
  if (value.codeDescription !== undefined) {
    const href = isRecord(value.codeDescription) ? value.codeDescription.href : undefined;
    if (!isText(href) || !/^(https|file):/.test(href)) return undefined;
    diagnostic.codeDescription = { href };
  }
  if (value.relatedInformation !== undefined) {
    if (!Array.isArray(value.relatedInformation)) return undefined;
    const related: DiagnosticRelatedInformation[] = [];
    for (const item of value.relatedInformation as unknown[]) {
      if (!isRecord(item)) return undefined;
      // Related places are always in the same file: a cached entry cannot point elsewhere.
      const location = isRecord(item.location) ? item.location : undefined;
      const relatedRange = validRange(location?.range);
      if (!location || !isText(location.uri) || canonicalUri(location.uri) !== uri || !relatedRange || !isText(item.message)) return undefined;
      related.push({ location: { uri: location.uri, range: relatedRange }, message: item.message });
    }
    diagnostic.relatedInformation = related;
  }
  return diagnostic;
}

function validData(value: unknown, code: string): DiagnosticData | undefined {
  if (!isRecord(value) || value.ruleId !== code || !isText(value.fingerprint)) return undefined;
  if (value.confidence !== 'high' && value.confidence !== 'medium' && value.confidence !== 'low') return undefined;
  return { ruleId: code, fingerprint: value.fingerprint, confidence: value.confidence };
}

function validRange(value: unknown): Range | undefined {
  if (!isRecord(value) || !isRecord(value.start) || !isRecord(value.end)) return undefined;
  const numbers = [value.start.line, value.start.character, value.end.line, value.end.character];
  if (!numbers.every((n) => Number.isInteger(n) && (n as number) >= 0)) return undefined;
  const [sl, sc, el, ec] = numbers as number[];
  return { start: { line: sl, character: sc }, end: { line: el, character: ec } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}
