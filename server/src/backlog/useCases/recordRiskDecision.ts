// Use case: record a risk acceptance or a target date on a story, through whichever backlog the
// configuration names; earlier decisions on the story are kept unless replaced.
import { knownRuleIds } from '../../catalog/knownRuleIds';
import { loadConfig } from '../../config/load';
import type { RuleModule } from '../../engine/api';
import { openBacklog } from '../adapters/registry';
import { BacklogError, type Backlog } from '../backlog';
import type { RiskAcceptance, StoredStory } from '../story/types';

export interface RiskDecisionRequest {
  root: string;
  rules: readonly RuleModule[];
  /** The tracker's id of the story (`TASK-7`). */
  id: string;
  acceptance?: RiskAcceptance;
  targetDate?: string;
  backlogDirectory?: string;
  /** Replaces the configured backlog (tests). */
  backlog?: Backlog;
}

export async function recordRiskDecision(request: RiskDecisionRequest): Promise<StoredStory> {
  const config = loadConfig(request.root, { knownRuleIds: knownRuleIds(request.rules) });
  const backlog = request.backlog ?? openBacklog({ root: request.root, settings: config.backlog, directoryOverride: request.backlogDirectory, configFile: config.file });
  if (!backlog.recordTracking) {
    throw new BacklogError('invalid-config', backlog.description, `${backlog.description} cannot record risk decisions yet; write them on the item itself.`);
  }
  const current = await backlog.get(request.id);
  if (!current) throw new BacklogError('not-found', request.id, `No abuser story ${request.id} in ${backlog.description}.`);
  return backlog.recordTracking(current.id, {
    ...current.tracking,
    ...(request.targetDate ? { targetDate: request.targetDate } : {}),
    ...(request.acceptance ? { acceptance: request.acceptance } : {}),
  });
}
