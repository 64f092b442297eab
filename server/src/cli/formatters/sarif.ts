// SARIF 2.1.0 output for CI and GitHub code scanning: rule metadata in tool.driver, results with
// repository-relative locations, fingerprints that ignore line numbers, in-source suppressions with
// their justification, and skipped files and configuration problems as notifications. The output
// is deterministic: no timestamps, no absolute paths, stable order.
import type * as Sarif from 'sarif';
import { inertMarkdown } from '../../backlog/story/markdownSafety';
import { FINGERPRINT_KEY } from '../../baseline/baselineFile';
import { fileFingerprint, repositoryUri } from '../../baseline/fileFingerprint';
import type { Severity, SourceRange } from '../../engine/finding';
import { fixAdvice, type RuleDescription } from '../../catalog/ruleCatalog';
import type { ReportFinding, ScanReport } from '../scanProject';
import { TOOL_HOME, TOOL_NAME, TOOL_VERSION } from '../../shared/product';
import { jsonForTerminal } from '../../shared/terminalText';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';
export { FINGERPRINT_KEY };

// Every object below is typed with @types/sarif, so a misspelt or misplaced property fails the
// type check instead of an upload; Microsoft's validator still checks the result in the tests.
const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** Notification kinds, described once in tool.driver.notifications. */
const NOTIFICATIONS = [
  {
    id: 'rugged/config-problem',
    text: 'The configuration file has a problem; the default was used for that value.',
    help: 'Fix the key named in the message; the schema server/schema/rugged.schema.json lists what each key accepts.',
  },
  {
    id: 'rugged/file-note',
    text: 'A file was checked, but its content needed repair first (for example invalid UTF-8).',
    help: 'Save the file as UTF-8 so that positions in findings are exact.',
  },
  {
    id: 'rugged/skipped-file',
    text: 'A file was not checked (too large, not a regular file, binary, minified, unreadable, a link out of the project, or ignored when named explicitly).',
    help: 'Raise maxFileSize in .rugged.json, check the source of generated files instead, or stop naming ignored files.',
  },
] as const;

export function formatSarif(report: ScanReport): string {
  const uri = (path: string) => repositoryUri(report.sourceRoot, path);
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const location: LocationBuilder = (path, range, snippet) => {
    const physical: Sarif.PhysicalLocation = {
      artifactLocation: { uri: uri(path), uriBaseId: SOURCE_ROOT },
    };
    if (range) physical.region = region(range, snippet);
    return { physicalLocation: physical };
  };

  const results = report.findings.map((item) => toResult(item, ruleIndex, location, uri));
  const notificationIndex = new Map(NOTIFICATIONS.map((n, index) => [n.id, index]));
  const descriptor = (id: (typeof NOTIFICATIONS)[number]['id']): Sarif.ReportingDescriptorReference => ({ id, index: notificationIndex.get(id) });

  const executionNotifications: Sarif.Notification[] = [
    ...report.skipped.map((s): Sarif.Notification => ({
      level: 'warning',
      message: { text: `Not checked: ${s.reason}` },
      locations: [location(s.path, undefined)],
      descriptor: descriptor('rugged/skipped-file'),
    })),
    ...report.notes.map((n): Sarif.Notification => ({
      level: 'note',
      message: { text: n.message },
      locations: [location(n.path, undefined)],
      descriptor: descriptor('rugged/file-note'),
    })),
  ];
  const configurationNotifications = report.configProblems.map((p) => {
    const notification: Sarif.Notification = {
      level: 'error',
      message: { text: `${p.key}: ${p.message}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uri(p.file), uriBaseId: SOURCE_ROOT },
            ...(p.line ? { region: { startLine: p.line, ...(p.column ? { startColumn: p.column } : {}) } } : {}),
          },
        },
      ],
      descriptor: descriptor('rugged/config-problem'),
    };
    return notification;
  });

  const invocation: Sarif.Invocation = { executionSuccessful: report.configProblems.length === 0, properties: invocationProperties(report, uri) };
  if (executionNotifications.length > 0) invocation.toolExecutionNotifications = executionNotifications;
  if (configurationNotifications.length > 0) invocation.toolConfigurationNotifications = configurationNotifications;

  const sarif: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: TOOL_HOME,
            rules: report.rules.map(toReportingDescriptor),
            notifications: NOTIFICATIONS.map((n) => ({
              id: n.id,
              shortDescription: { text: n.text },
              fullDescription: { text: n.text },
              help: { text: n.help, markdown: n.help },
            })),
          },
        },
        // The base is deliberately left to the consumer: writing it would put an absolute path in the file.
        originalUriBaseIds: {
          [SOURCE_ROOT]: { description: { text: 'The root of the repository (or project) that was scanned.' } },
        },
        invocations: [invocation],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  // Also when written to a file: whoever `cat`s it gets the same data, with no live BiDi or C1.
  return jsonForTerminal(sarif);
}

/** What the scan left out or narrowed, so an upload says what it does not cover. */
function invocationProperties(report: ScanReport, uri: (path: string) => string): Sarif.PropertyBag {
  const properties: Sarif.PropertyBag = {
    excluded: report.excluded.map((e) => ({ uri: uri(e.path), kind: e.kind, reason: e.reason })),
    excludedCount: report.excluded.length,
  };
  if (report.baseline) properties.baseline = { matched: report.baseline.matched, shown: report.baseline.shown };
  if (report.changedSince) properties.changedSince = report.changedSince;
  if (report.shard) properties.shard = { index: report.shard.index, count: report.shard.count };
  return properties;
}

type LocationBuilder = (path: string, range: SourceRange | undefined, snippet?: string) => Sarif.Location;

function toResult(item: ReportFinding, ruleIndex: Map<string, number>, location: LocationBuilder, uri: (path: string) => string): Sarif.Result {
  const { finding } = item;
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [location(item.path, finding.range, item.snippet)],
    partialFingerprints: { [FINGERPRINT_KEY]: fileFingerprint(uri(item.path), finding.fingerprint) },
    properties: {
      confidence: finding.confidence,
      // `level` is the lowered one, so code scanning gates on it; these say from what and why.
      ...(finding.context ? { context: { kind: finding.context.kind, matched: finding.context.matched, originalLevel: LEVEL[finding.context.originalSeverity] } } : {}),
    },
    ...(item.baselineState ? { baselineState: item.baselineState } : {}),
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, index): Sarif.Location => ({
      id: index + 1,
      ...location(related.file ?? item.path, related.range),
      message: { text: related.message },
    }));
  }
  // Input followed into another file: the way it took, step by step, as code scanning shows a path.
  if (finding.related.some((related) => related.file !== undefined)) {
    result.codeFlows = [
      {
        threadFlows: [
          {
            locations: [
              ...finding.related.map((related): Sarif.ThreadFlowLocation => ({ location: { ...location(related.file ?? item.path, related.range), message: { text: related.message } } })),
              { location: { ...location(item.path, finding.range), message: { text: finding.message } } },
            ],
          },
        ],
      },
    ];
  }
  if (finding.suppression) {
    result.suppressions = [{ kind: 'inSource', justification: finding.suppression.justification }];
  }
  // A fix in another file (the helper a cross-module finding leads to) only as the scan verified it.
  const safeFixes = [
    ...finding.fixes.map((fix, i) => ({ fix, file: item.path, ranges: item.fixRanges[i] })),
    ...item.foreignFixes.map(({ fix, ranges }) => ({ fix, file: fix.file, ranges })),
  ].filter(({ fix }) => fix.kind === 'safe');
  if (safeFixes.length > 0) {
    result.fixes = safeFixes.map(({ fix, file, ranges }): Sarif.Fix => ({
      description: { text: fix.title },
      artifactChanges: [
        {
          artifactLocation: { uri: uri(file), uriBaseId: SOURCE_ROOT },
          replacements: fix.edits.map((edit, j) => ({
            deletedRegion: {
              startLine: ranges[j].start.line,
              startColumn: ranges[j].start.column + 1,
              endLine: ranges[j].end.line,
              endColumn: ranges[j].end.column + 1,
            },
            insertedContent: { text: edit.text },
          })),
        },
      ],
    }));
  }
  return result;
}

function region(range: SourceRange, snippet: string | undefined): Sarif.Region {
  return {
    startLine: range.start.line,
    startColumn: range.start.column + 1,
    endLine: range.end.line,
    endColumn: range.end.column + 1,
    ...(snippet !== undefined ? { snippet: { text: snippet } } : {}),
  };
}

function toReportingDescriptor(rule: RuleDescription): Sarif.ReportingDescriptor {
  const tags = rule.kind === 'engine' ? ['rugged'] : ['security', ...rule.cwe.map(cweTag)];
  if (rule.kind === 'team') tags.push('team-checklist');
  const properties: Sarif.PropertyBag = { tags };
  if (rule.securitySeverity) properties['security-severity'] = rule.securitySeverity;
  if (rule.confidence) properties.precision = rule.confidence;
  if (rule.owasp.length > 0) properties.owasp = rule.owasp;
  return {
    id: rule.id,
    name: pascalName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    helpUri: rule.docs,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties,
  };
}

function helpText(rule: RuleDescription): string {
  const lines = [rule.kind === 'engine' ? rule.checklist : `Checklist: ${rule.checklist}`];
  if (rule.controls.length > 0) lines.push('', 'How to fix:', ...rule.controls.map((c) => `- ${c}`));
  if (rule.kind === 'rule') lines.push('', fixAdvice(rule));
  if (rule.references.length > 0) lines.push('', 'References:', ...rule.references.map((r) => `- ${r}`));
  return lines.join('\n');
}

function helpMarkdown(rule: RuleDescription): string {
  // A team rule's words come from the scanned project's .rugged.json, and code scanning renders
  // this Markdown for everyone who opens the alert: no links, images, mentions or HTML from there.
  // Backslash escapes rather than invisible characters, so a copied command or name stays as written.
  const inert = rule.kind === 'team' ? inertMarkdown : (text: string) => text;
  const lines = [rule.kind === 'engine' ? rule.checklist : `**Checklist:** ${inert(rule.checklist)}`];
  if (rule.controls.length > 0) lines.push('', '**How to fix**', '', ...rule.controls.map((c) => `- ${inert(c)}`));
  if (rule.kind === 'rule') lines.push('', fixAdvice(rule));
  if (rule.references.length > 0) lines.push('', '**References**', '', ...rule.references.map((r) => `- <${r}>`));
  lines.push('', `[Documentation for ${rule.id}](${rule.docs})`);
  return lines.join('\n');
}

/** `CWE-89` -> `external/cwe/cwe-89`, the tag GitHub code scanning groups by. */
function cweTag(cwe: string): string {
  return `external/cwe/${cwe.toLowerCase()}`;
}

/** `sql/no-string-built-query` -> `SqlNoStringBuiltQuery`: SARIF's non-localised rule name. */
function pascalName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
