// Findings to LSP diagnostics: range, mapped severity, rule id with its docs link, data-flow
// sources as related information, and the data code actions need.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { contextReason } from '../engine/contextPolicy';
import type { Finding, Severity } from '../engine/finding';
import type { DiagnosticData } from '../shared/protocol';
import { toLspRange } from './positions';
import { pathToUri } from './uris';
import type { RuleDescription } from '../catalog/ruleCatalog';

export const DIAGNOSTIC_SOURCE = 'rugged';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(finding: Finding, uri: string, rule: RuleDescription | undefined): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, fingerprint: finding.fingerprint, confidence: finding.confidence };
  const reason = contextReason(finding);
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    // Editors show the message and the severity only: the suffix says why a finding in a test
    // or a script is quieter than the same code in production.
    message: reason ? `${finding.message} (${reason})` : finding.message,
    data,
  };
  if (rule?.docs) diagnostic.codeDescription = { href: rule.docs };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: related.file === undefined ? uri : pathToUri(related.file), range: toLspRange(related.range) },
      message: related.message,
    }));
  }
  return diagnostic;
}

/** The Rugged data of a diagnostic coming back from a client, if it is one of ours. */
export function diagnosticData(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== undefined && diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (data && typeof data.ruleId === 'string' && typeof data.fingerprint === 'string') {
    return { ruleId: data.ruleId, fingerprint: data.fingerprint, confidence: data.confidence ?? 'medium' };
  }
  return undefined;
}
