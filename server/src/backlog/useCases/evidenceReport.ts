// Use case: the evidence report's model for a workspace whose residual risk is known. It asks Git
// which commits touched each mitigated story's entry point, reads the app's package.json and
// product source for what the scan cannot see there, and compares with the previous snapshot when
// one is given; story/report.ts builds and renders the model from that without any I/O.
import { join } from 'node:path';
import type { LoadedConfig } from '../../config/load';
import { readSourceFile } from '../../files/walk';
import { commitsTouching } from '../git/facts';
import { workspaceBlindSpots } from '../story/blindSpots';
import { evidenceReport, snapshotOf, type EvidenceReport, type ReportInput } from '../story/report';
import { compareSnapshots, type ReportSnapshot } from '../story/trend';
import type { CommitRef } from '../story/types';
import { readAppSources } from './appSources';

export interface EvidenceReportRequest extends ReportInput {
  /** Git top level, to ask for commits; no commits are listed without it. */
  gitTopLevel?: string;
  /** The snapshot to compare with, for the trend. */
  previous?: ReportSnapshot;
  /**
   * The app to read for its blind spots (with `coverage`): its root (where package.json is), the
   * base story paths are relative to, and its configuration (ignores, size cap, code contexts).
   */
  app?: { root: string; base: string; config: LoadedConfig };
}

export async function buildEvidenceReport(request: EvidenceReportRequest): Promise<EvidenceReport> {
  const commits = new Map<string, CommitRef[]>();
  // Closed stories without evidence get theirs too: the auditor sees whether any work happened.
  for (const entry of [...request.risk.mitigated, ...request.risk.closedWithoutEvidence]) {
    if (request.gitTopLevel && entry.path) commits.set(entry.location, await commitsTouching(request.gitTopLevel, entry.path, entry.createdAt));
  }
  const blindSpots = request.app && request.coverage && !request.blindSpots ? workspaceBlindSpots(packageJsonOf(request.app.root), readAppSources(request.app.root, request.app.base, request.app.config), request.coverage) : request.blindSpots;
  const report = evidenceReport({ ...request, ...(blindSpots ? { blindSpots } : {}) }, commits);
  return request.previous ? { ...report, trend: compareSnapshots(request.previous, snapshotOf(report)) } : report;
}

function packageJsonOf(root: string): string | undefined {
  const read = readSourceFile(join(root, 'package.json'), 4 * 1024 * 1024);
  return 'text' in read ? read.text : undefined;
}
