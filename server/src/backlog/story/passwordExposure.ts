// Stored passwords are only as hard to reach as the easiest way to the column that holds them: a
// story that stores them weakly (a fast hash, plain text) is rated as if an attacker must first get a
// copy of the database, unless another story of the same backlog already hands that column to
// anonymous visitors (a UNION through an injection). Then the likelihood is high, and the reason
// names those stories. Pure: raiseStory.ts reads the backlog, story.ts applies the result.
import { anonymousExposure } from './risk';
import type { RiskRating, StoredStory } from './types';
import { joinAnd } from './wordList';

/** An open story whose attack reads a column of stored passwords, and whether anyone can send it. */
export interface ColumnExposure {
  /** `customers.password_hash`. */
  column: string;
  id: string;
}

/** Rules and goals whose story is about how passwords are stored. */
const STORAGE = /^(?:session\/no-fast-password-hash|session\/no-plaintext-password|goal:i-plaintext-password)$/;
const PASSWORD_COLUMN = /pass(?:word)?|pwd|hash/i;
/** How an SQL story's rating names the column its UNION reads (groundSql.ts). */
const READS = /reads the [^;]*? in (\w+\.\w+)/;

/** The open stories that let a visitor with no login read a password column. */
export function passwordExposures(existing: readonly StoredStory[]): ColumnExposure[] {
  const out: ColumnExposure[] = [];
  for (const stored of existing) {
    const story = stored.story;
    if (stored.done || !story || story.authentication?.state === 'guarded' || story.risk.likelihood < 3) continue;
    const column = READS.exec(story.risk.rationale)?.[1];
    if (column && PASSWORD_COLUMN.test(column.split('.')[1])) out.push({ column, id: stored.id });
  }
  return out;
}

/**
 * Who attacks a password-storage story whose column another story already hands out: an anonymous
 * visitor reading it through that story, not someone who first stole a copy of the database.
 */
export function exposedStorageActor(ruleIds: readonly string[], exposures: readonly ColumnExposure[] | undefined): string | undefined {
  if (!exposures?.length || !ruleIds.some((r) => STORAGE.test(r))) return undefined;
  const column = exposures[0].column;
  const ids = exposures.filter((e) => e.column === column).map((e) => e.id);
  return `anonymous internet user who reads \`${column}\` through ${joinAnd(ids)}`;
}

/** The rating of a password-storage story, raised when another story already hands the column out. */
export function exposedStorageRisk(risk: RiskRating, ruleIds: readonly string[], exposures: readonly ColumnExposure[] | undefined): RiskRating {
  if (!exposures?.length || risk.likelihood === 3 || !ruleIds.some((r) => STORAGE.test(r))) return risk;
  const byColumn = new Map<string, string[]>();
  for (const e of exposures) byColumn.set(e.column, [...(byColumn.get(e.column) ?? []), e.id]);
  const told = [...byColumn].map(([column, ids]) => `${joinAnd(ids)} ${ids.length === 1 ? 'hands' : 'hand'} \`${column}\` to anonymous visitors`);
  const plain = ruleIds.some((r) => /plaintext/.test(r));
  return anonymousExposure(risk, `${joinAnd(told)}, so no copy of the database is needed to start ${plain ? 'reading the passwords' : 'cracking the hashes offline'}`);
}
