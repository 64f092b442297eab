// Joins the SARIF logs of `rugged scan --shard K/N` jobs into the log one job would have written:
// the shards' results and per-file notifications side by side in path order, everything the
// shards share (tool, rules, excludes, configuration problems) once, counts added up; a note several
// shards made alike (a module each summarised itself, `--summaries`) is kept once. Refuses
// logs that cannot make one whole: another tool or version, a shard missing or given twice.
import type * as Sarif from 'sarif';

export type MergeResult = { ok: true; log: Sarif.Log } | { ok: false; error: string };

interface ShardProps {
  index: number;
  count: number;
}

/** A URI in the order the scan lists files (code units of the decoded path). */
function sortKey(location: Sarif.Location | undefined): string {
  const uri = location?.physicalLocation?.artifactLocation?.uri ?? '';
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

const byPath = <T extends { locations?: Sarif.Location[] }>(items: T[]): T[] =>
  items
    .map((item, order) => ({ item, order, key: sortKey(item.locations?.[0]) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order))
    .map((x) => x.item);

function shardOf(run: Sarif.Run): ShardProps | undefined {
  const shard = run.invocations?.[0]?.properties?.shard as ShardProps | undefined;
  return shard && Number.isInteger(shard.index) && Number.isInteger(shard.count) ? shard : undefined;
}

/**
 * The notifications without those equal to an earlier one. A file belongs to one shard, so only a
 * note about a file another shard also had to analyse (its summary was stale) can come twice.
 */
function withoutRepeats(notifications: Sarif.Notification[]): Sarif.Notification[] {
  const seen = new Set<string>();
  return notifications.filter((notification) => {
    const key = JSON.stringify(notification);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sum(values: unknown[]): number {
  return values.reduce<number>((total, value) => total + (typeof value === 'number' ? value : 0), 0);
}

/** `names` label the logs in errors (their file names). */
export function mergeShardLogs(logs: readonly Sarif.Log[], names: readonly string[]): MergeResult {
  if (logs.length === 0) return { ok: false, error: 'no SARIF logs to merge' };
  const runs: Sarif.Run[] = [];
  for (const [i, log] of logs.entries()) {
    if (log.version !== '2.1.0' || !Array.isArray(log.runs) || log.runs.length !== 1) {
      return { ok: false, error: `${names[i]}: not a one-run SARIF 2.1.0 log from rugged scan` };
    }
    runs.push(log.runs[0]);
  }
  const first = runs[0].tool.driver;
  for (const [i, run] of runs.entries()) {
    const driver = run.tool.driver;
    if (driver.name !== first.name || driver.version !== first.version) {
      return { ok: false, error: `${names[i]} was written by ${driver.name} ${driver.version ?? '?'}, ${names[0]} by ${first.name} ${first.version ?? '?'}: scan every shard with the same version` };
    }
    if (JSON.stringify(driver.rules ?? []) !== JSON.stringify(first.rules ?? [])) {
      return { ok: false, error: `${names[i]} and ${names[0]} were scanned with different rules or configuration: scan every shard the same way` };
    }
  }
  const shards = runs.map(shardOf);
  const count = shards[0]?.count;
  if (count === undefined || shards.some((s) => s === undefined || s.count !== count)) {
    return { ok: false, error: 'every log must come from "rugged scan --shard K/N" with the same N' };
  }
  const seen = new Map<number, string>();
  for (const [i, shard] of shards.entries()) {
    const earlier = seen.get(shard!.index);
    if (earlier !== undefined) return { ok: false, error: `shard ${shard!.index}/${count} is given twice (${earlier} and ${names[i]})` };
    seen.set(shard!.index, names[i]);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) return { ok: false, error: `shard ${missing.map((k) => `${k}/${count}`).join(', ')} missing: the merged log would not cover every file` };

  const invocations = runs.map((run) => run.invocations?.[0] ?? { executionSuccessful: false });
  const notifications = invocations.flatMap((inv) => inv.toolExecutionNotifications ?? []);
  // Skipped files come before notes in a scan's log, each kind in path order.
  const kinds = [...new Set(notifications.map((n) => n.descriptor?.id ?? ''))];
  const executionNotifications = withoutRepeats(kinds.flatMap((kind) => byPath(notifications.filter((n) => (n.descriptor?.id ?? '') === kind))));
  const shared = { ...(invocations[0].properties ?? {}) };
  delete shared.shard;
  const baselines = invocations.map((inv) => inv.properties?.baseline as { matched?: number } | undefined);
  if (baselines[0]) shared.baseline = { ...baselines[0], matched: sum(baselines.map((b) => b?.matched)) };
  const changes = invocations.map((inv) => inv.properties?.changedSince as { unchangedFiles?: number; outsideChangedLines?: number } | undefined);
  if (changes[0]) {
    shared.changedSince = {
      ...changes[0],
      unchangedFiles: sum(changes.map((c) => c?.unchangedFiles)),
      outsideChangedLines: sum(changes.map((c) => c?.outsideChangedLines)),
    };
  }
  const invocation: Sarif.Invocation = { executionSuccessful: invocations.every((inv) => inv.executionSuccessful), properties: shared };
  if (executionNotifications.length > 0) invocation.toolExecutionNotifications = executionNotifications;
  // Configuration problems are the project's, the same in every shard.
  if (invocations[0].toolConfigurationNotifications?.length) invocation.toolConfigurationNotifications = invocations[0].toolConfigurationNotifications;

  const run: Sarif.Run = { ...runs[0], invocations: [invocation], results: byPath(runs.flatMap((r) => r.results ?? [])) };
  return { ok: true, log: { ...logs[0], runs: [run] } };
}
