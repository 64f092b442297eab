// Use case: the evidence report's model for a workspace whose residual risk is known. It asks Git
// which commits touched each mitigated story's entry point and compares with the previous snapshot
// when one is given; story/report.ts builds and renders the model from that without any I/O.
import { commitsTouching } from '../git/facts';
import { evidenceReport, snapshotOf, type EvidenceReport, type ReportInput } from '../story/report';
import { compareSnapshots, type ReportSnapshot } from '../story/trend';
import type { CommitRef } from '../story/types';

export interface EvidenceReportRequest extends ReportInput {
  /** Git top level, to ask for commits; no commits are listed without it. */
  gitTopLevel?: string;
  /** The snapshot to compare with, for the trend. */
  previous?: ReportSnapshot;
}

export async function buildEvidenceReport(request: EvidenceReportRequest): Promise<EvidenceReport> {
  const commits = new Map<string, CommitRef[]>();
  // Closed stories without evidence get theirs too: the auditor sees whether any work happened.
  for (const entry of [...request.risk.mitigated, ...request.risk.closedWithoutEvidence]) {
    if (request.gitTopLevel && entry.path) commits.set(entry.location, await commitsTouching(request.gitTopLevel, entry.path, entry.createdAt));
  }
  const report = evidenceReport(request, commits);
  return request.previous ? { ...report, trend: compareSnapshots(request.previous, snapshotOf(report)) } : report;
}
