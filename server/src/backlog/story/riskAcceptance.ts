// Whether a recorded risk acceptance still holds today, and how soon it runs out, so the report
// can warn before an accepted risk silently becomes an unaccepted one. Pure.
import type { RiskAcceptance } from './types';

/** Acceptances ending within this many days are flagged, as suppressions are. */
export const ACCEPTANCE_WARNING_DAYS = 30;

export interface AcceptanceState extends RiskAcceptance {
  /** `expired`: `until` has passed, so the risk is residual again. */
  state: 'active' | 'expiring' | 'expired';
  /** Days from today to `until` (negative once expired). */
  daysLeft: number;
}

export function judgeAcceptance(acceptance: RiskAcceptance, today: string): AcceptanceState {
  const daysLeft = daysBetween(today, acceptance.until);
  const state = Number.isNaN(daysLeft) || daysLeft < 0 ? 'expired' : daysLeft <= ACCEPTANCE_WARNING_DAYS ? 'expiring' : 'active';
  return { ...acceptance, state, daysLeft: Number.isNaN(daysLeft) ? -1 : daysLeft };
}

/** Whole days from `from` to `to`, both YYYY-MM-DD; NaN when either is not a date. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
