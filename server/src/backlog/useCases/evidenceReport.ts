// Use case: the evidence report's model for a workspace whose residual risk is known. It asks Git
// which commits touched each mitigated story's entry point; story/report.ts builds and renders the
// model from that without any I/O.
import { commitsTouching } from '../git/facts';
import { evidenceReport, type EvidenceReport, type ReportInput } from '../story/report';
import type { CommitRef } from '../story/types';

export interface EvidenceReportRequest extends ReportInput {
  /** Git top level, to ask for commits; no commits are listed without it. */
  gitTopLevel?: string;
}

export async function buildEvidenceReport(request: EvidenceReportRequest): Promise<EvidenceReport> {
  const commits = new Map<string, CommitRef[]>();
  for (const entry of request.risk.mitigated) {
    if (request.gitTopLevel && entry.path) commits.set(entry.location, await commitsTouching(request.gitTopLevel, entry.path, entry.createdAt));
  }
  return evidenceReport(request, commits);
}
