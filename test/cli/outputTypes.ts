// What the CLI tests read back from `--format json`, `rules --format json` and SARIF, typed so an
// assertion on a misspelt field is a compile error instead of a comparison with undefined.
import type { Log } from 'sarif';
import type { RuleDescription } from '../../server/src/catalog/ruleCatalog';
import type { JsonRange } from '../../server/src/cli/formatters/json';
import type { FindingContext, Suppression } from '../../server/src/engine/finding';

/** One finding of `rugged scan --format json` (format version 1, server/src/cli/formatters/json.ts). */
export interface JsonFinding {
  path: string;
  ruleId: string;
  severity: string;
  confidence: string;
  message: string;
  range: JsonRange;
  fixes: { title: string; kind: string; edits: { range: JsonRange; text: string }[] }[];
  related: { message: string; range: JsonRange }[];
  fingerprint: string;
  fileFingerprint: string;
  baselineState?: 'new' | 'unchanged';
  suppression: Suppression | null;
  data: Record<string, string>;
  context: FindingContext | null;
}

export interface JsonScanReport {
  version: number;
  tool: { name: string; version: string };
  summary: Record<'filesScanned' | 'findings' | 'errors' | 'warnings' | 'info' | 'suppressed' | 'skipped' | 'excluded', number> & {
    baseline?: { file: string; matched: number; shown: boolean };
    changedSince?: { ref: string; commit: string; unchangedFiles: number; outsideChangedLines: number };
  };
  findings: JsonFinding[];
  skipped: { path: string; reason: string }[];
  excluded: { path: string; kind: 'folder' | 'file'; reason: string }[];
  notes: { path: string; kind: string; message: string }[];
  configProblems: Record<string, unknown>[];
}

export interface JsonRuleList {
  tool: { name: string; version: string };
  rules: RuleDescription[];
}

export const parseScanJson = (text: string) => JSON.parse(text) as JsonScanReport;
export const parseRulesJson = (text: string) => JSON.parse(text) as JsonRuleList;
export const parseSarif = (text: string) => JSON.parse(text) as Log;
