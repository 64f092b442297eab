// The "Risk Tracking" section of a task file: the target date and a risk acceptance, written as
// plain `- Key: value` lines that people can edit in Backlog.md (which keeps body sections but
// drops front-matter keys it does not know) and that `rugged accept` writes.
import { inertMarkdown, singleLine } from '../../story/markdownSafety';
import type { RiskAcceptance, RiskSeverity, RiskTracking } from '../../story/types';

export const TRACKING_BEGIN = '<!-- SECTION:RISK_TRACKING:BEGIN -->';
export const TRACKING_END = '<!-- SECTION:RISK_TRACKING:END -->';
const HEADING = '## Risk Tracking';

const KEYS = {
  targetDate: 'Target date',
  by: 'Risk accepted by',
  on: 'Accepted on',
  until: 'Accepted until',
  rating: 'Accepted rating',
  reason: 'Acceptance reason',
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RATINGS: readonly RiskSeverity[] = ['Critical', 'High', 'Medium', 'Low'];

/** The decisions in a task body; undefined when it has no Risk Tracking section or nothing usable in it. */
export function parseTracking(body: string): RiskTracking | undefined {
  const lines = body.split('\n');
  const begin = lines.findIndex((l) => l.trim() === TRACKING_BEGIN);
  const end = lines.findIndex((l, i) => i > begin && l.trim() === TRACKING_END);
  if (begin < 0 || end < 0) return undefined;
  const values = new Map<string, string>();
  for (const line of lines.slice(begin + 1, end)) {
    const match = /^\s*[-*]\s*([^:]+):\s*(.*)$/.exec(line);
    if (match) values.set(match[1].trim().toLowerCase(), unescape(match[2].trim()));
  }
  const get = (key: string) => values.get(key.toLowerCase()) ?? '';
  const tracking: RiskTracking = {};
  if (DATE.test(get(KEYS.targetDate))) tracking.targetDate = get(KEYS.targetDate);
  const rating = RATINGS.find((r) => r.toLowerCase() === get(KEYS.rating).toLowerCase());
  // An acceptance needs all of who, when, until when and at what rating; a partial one is not one.
  if (get(KEYS.by) && DATE.test(get(KEYS.on)) && DATE.test(get(KEYS.until)) && rating) {
    const acceptance: RiskAcceptance = { by: get(KEYS.by), on: get(KEYS.on), until: get(KEYS.until), rating };
    if (get(KEYS.reason)) acceptance.reason = get(KEYS.reason);
    tracking.acceptance = acceptance;
  }
  return tracking.targetDate || tracking.acceptance ? tracking : undefined;
}

/** The value as typed: the backslashes inertMarkdown put before `<`, `[` and `]` removed. */
function unescape(value: string): string {
  return value.replace(/\\([<[\]])/g, '$1');
}

export function renderTracking(tracking: RiskTracking): string {
  // Escaped with backslashes, not invisible characters, so a value reads back as it was typed.
  const line = (key: string, value: string) => `- ${key}: ${inertMarkdown(singleLine(value))}`;
  const out = [HEADING, '', TRACKING_BEGIN];
  if (tracking.targetDate) out.push(line(KEYS.targetDate, tracking.targetDate));
  const a = tracking.acceptance;
  if (a) {
    out.push(line(KEYS.by, a.by), line(KEYS.on, a.on), line(KEYS.until, a.until), line(KEYS.rating, a.rating));
    if (a.reason) out.push(line(KEYS.reason, a.reason));
  }
  out.push(TRACKING_END);
  return out.join('\n');
}

/** The task file with its Risk Tracking section replaced, or added before the Abuser Story section. */
export function withTracking(text: string, tracking: RiskTracking): string {
  const section = renderTracking(tracking);
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.trim() === TRACKING_BEGIN);
  const end = lines.findIndex((l, i) => i > begin && l.trim() === TRACKING_END);
  if (begin >= 0 && end >= 0) {
    const start = begin >= 2 && lines[begin - 2].trim() === HEADING ? begin - 2 : begin;
    return [...lines.slice(0, start), section, ...lines.slice(end + 1)].join('\n');
  }
  const story = lines.findIndex((l) => l.trim() === '## Abuser Story');
  if (story < 0) return `${text.replace(/\n*$/, '')}\n\n${section}\n`;
  return [...lines.slice(0, story), section, '', ...lines.slice(story)].join('\n');
}
