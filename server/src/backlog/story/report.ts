// The evidence report for an auditor: what was identified, what was mitigated (done stories with
// the commits that touched their entry points), what remains, and every suppression with its
// reason and expiry. Pure: the commits come from the caller (useCases/evidenceReport.ts asks Git),
// and rendering the model (Markdown, JSON, HTML) only formats it.
import { redactSecrets } from '../../redaction/redact';
import { neutralise, singleLine } from './markdownSafety';
import type { ResidualRisk, StoryEntry, SuppressionEntry, UncoveredFinding } from './residualRisk';
import { RISK_METHOD, type CommitRef } from './types';

export type ReportFormat = 'md' | 'json' | 'html';

export interface MitigatedEntry extends StoryEntry {
  /** Commits that touched the entry point's file since the story was raised, newest first. */
  commits: CommitRef[];
}

export interface EvidenceReport {
  title: string;
  /** YYYY-MM-DD the report refers to. */
  date: string;
  project: { name: string; repository?: string; commit?: string; backlog?: string };
  method: string;
  summary: {
    identified: { stories: number; findings: number; suppressions: number };
    mitigated: number;
    residual: ResidualRisk['residual'];
  };
  mitigated: MitigatedEntry[];
  open: StoryEntry[];
  reopened: StoryEntry[];
  uncovered: UncoveredFinding[];
  suppressions: SuppressionEntry[];
  /** Files the scan could not check, so the auditor knows the coverage. */
  notChecked: { path: string; reason: string }[];
}

export interface ReportInput {
  risk: ResidualRisk;
  projectName: string;
  repository?: string;
  commit?: string;
  backlog?: string;
  notChecked: { path: string; reason: string }[];
}

/**
 * The report model. `commits` maps a mitigated story's location to the commits that touched its
 * entry point since it was raised; a story missing from it lists none.
 */
export function evidenceReport(input: ReportInput, commits: ReadonlyMap<string, readonly CommitRef[]>): EvidenceReport {
  const mitigated: MitigatedEntry[] = input.risk.mitigated.map((entry) => ({ ...safeEntry(entry), commits: [...(commits.get(entry.location) ?? [])] }));
  return {
    title: `Security evidence report: ${input.projectName}`,
    date: input.risk.date,
    project: {
      name: input.projectName,
      ...(input.repository ? { repository: input.repository } : {}),
      ...(input.commit ? { commit: input.commit } : {}),
      ...(input.backlog ? { backlog: input.backlog } : {}),
    },
    method: `Residual risk = identified - mitigated. Stories are rated with the ${RISK_METHOD}. A story counts as mitigated when its tracker status is done and none of its findings fires any more.`,
    summary: { identified: input.risk.identified, mitigated: mitigated.length, residual: input.risk.residual },
    mitigated,
    open: input.risk.open.map(safeEntry),
    reopened: input.risk.reopened.map(safeEntry),
    uncovered: input.risk.uncovered.map((u) => ({ ...u, message: redact(u.message) })),
    suppressions: input.risk.suppressions.map((x) => ({ ...x, reason: redact(x.reason), message: redact(x.message) })),
    notChecked: input.notChecked.map((n) => ({ ...n, reason: redact(n.reason) })),
  };
}

// Every report format renders this model, so the texts a workspace controls are redacted here:
// story titles and symbols (task files may be hand-written or older than the redaction), finding
// messages and suppression reasons.
function redact(text: string): string {
  return redactSecrets(text).text;
}

function safeEntry<T extends StoryEntry>(entry: T): T {
  return {
    ...entry,
    title: redact(entry.title),
    ...(entry.symbol !== undefined ? { symbol: redact(entry.symbol) } : {}),
    // A remote tracker's texts are written by whoever edits the item there.
    ...(entry.assignees ? { assignees: entry.assignees.map(redact) } : {}),
    ...(entry.links ? { links: entry.links.map((l) => ({ title: redact(l.title), url: l.url })) } : {}),
  };
}

export function renderReport(report: EvidenceReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'html') return renderHtml(report);
  return renderMarkdown(report);
}

// ---- Markdown ----

function cell(text: string): string {
  return neutralise(singleLine(text)).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([*_`[\]#])/g, '\\$1');
}

function where(entry: { path?: string; lines?: [number, number]; symbol?: string }): string {
  if (!entry.path) return '';
  const lines = entry.lines ? `:${entry.lines[0]}-${entry.lines[1]}` : '';
  return `${entry.path}${lines}${entry.symbol ? ` (${entry.symbol})` : ''}`;
}

function renderMarkdown(r: EvidenceReport): string {
  const out: string[] = [`# ${cell(r.title)}`, '', `Date: ${r.date}`];
  if (r.project.repository) out.push(`Repository: ${cell(r.project.repository)}`);
  if (r.project.commit) out.push(`Commit: ${r.project.commit}`);
  if (r.project.backlog) out.push(`Backlog: ${cell(r.project.backlog)}`);
  out.push('', r.method, '', '## Summary', '');
  const s = r.summary;
  out.push('| | Count |', '| --- | ---: |');
  out.push(`| Identified: abuser stories | ${s.identified.stories} |`);
  out.push(`| Identified: open findings | ${s.identified.findings} |`);
  out.push(`| Identified: suppressions | ${s.identified.suppressions} |`);
  out.push(`| Mitigated: done stories | ${s.mitigated} |`);
  out.push(`| Residual: open stories | ${s.residual.openStories} |`);
  out.push(`| Residual: done stories whose finding fires again | ${s.residual.reopened} |`);
  out.push(`| Residual: findings no story covers | ${s.residual.uncoveredFindings} |`);
  out.push(`| Residual: suppressions | ${s.residual.suppressions} |`);
  out.push(`| **Residual risk, total** | **${s.residual.total}** |`, '');

  out.push('## Mitigated', '');
  if (r.mitigated.length === 0) out.push('No story is done yet.', '');
  for (const m of r.mitigated) {
    out.push(`### ${cell(m.id)}: ${cell(m.title)}`, '');
    out.push(`- Status: ${cell(m.status)}; risk ${m.severity}; acceptance criteria ${m.criteria.checked}/${m.criteria.total} checked`);
    if (m.path) out.push(`- Entry point: ${cell(where(m))}${m.commit ? ` at ${m.commit.slice(0, 12)}` : ''}`);
    if (m.ruleIds.length > 0) out.push(`- Rules no longer firing there: ${m.ruleIds.map(cell).join(', ')}`);
    if (/^https:\/\//.test(m.location)) out.push(`- Tracker item: ${cell(m.location)}${m.assignees ? `, assigned to ${m.assignees.map(cell).join(', ')}` : ''}`);
    if (m.links) out.push('- Linked pull requests:', ...m.links.map((l) => `  - ${cell(l.title)}: ${cell(l.url)}`));
    if (m.commits.length === 0) out.push(`- Commits: none touched ${cell(m.path ?? 'the entry point')} since the story was raised`);
    else out.push('- Commits that touched the entry point since the story was raised:', ...m.commits.map((c) => `  - ${c.hash} ${cell(c.subject)}`));
    out.push('');
  }

  out.push('## Remaining', '');
  out.push(...storyTable(r.open, 'No open story.'), '');
  if (r.reopened.length > 0) out.push('### Done, but the finding fires again', '', ...storyTable(r.reopened, ''), '');
  out.push('### Findings no story covers', '');
  if (r.uncovered.length === 0) out.push('Every open finding is covered by a story.', '');
  else {
    out.push('| Rule | Severity | Location | Message |', '| --- | --- | --- | --- |');
    for (const u of r.uncovered) out.push(`| ${cell(u.ruleId)} | ${u.severity} | ${cell(`${u.path}:${u.line}`)} | ${cell(u.message)} |`);
    out.push('');
  }

  out.push('## Suppressions', '');
  if (r.suppressions.length === 0) out.push('No finding is suppressed.', '');
  else {
    out.push('| Rule | Location | Reason | Expires |', '| --- | --- | --- | --- |');
    for (const x of r.suppressions) out.push(`| ${cell(x.ruleId)} | ${cell(`${x.path}:${x.line}`)} | ${cell(x.reason)} | ${x.until ? `${x.until}${x.expiresSoon ? ' (soon)' : ''}` : 'never'} |`);
    out.push('');
  }
  if (r.notChecked.length > 0) {
    out.push('## Not checked', '', ...r.notChecked.map((n) => `- ${cell(n.path)}: ${cell(n.reason)}`), '');
  }
  return out.join('\n');
}

function storyTable(entries: StoryEntry[], empty: string): string[] {
  if (entries.length === 0) return [empty];
  const rows = ['| Story | Risk | Status | Entry point | Criteria |', '| --- | --- | --- | --- | --- |'];
  for (const e of entries) rows.push(`| ${cell(e.id)}: ${cell(e.title)} | ${e.severity} | ${cell(e.status)} | ${cell(where(e))} | ${e.criteria.checked}/${e.criteria.total} |`);
  return rows;
}

// ---- HTML ----

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function link(url: string | undefined, text: string): string {
  // Only links Rugged built (https permalinks) become anchors; anything else stays text.
  if (!url || !/^https:\/\/[^\s"'<>]+$/.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}

function renderHtml(r: EvidenceReport): string {
  const e = escapeHtml;
  const s = r.summary;
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('\n');
  const storyRows = (entries: StoryEntry[]) =>
    rows(entries.map((x) => [e(x.id), e(x.title), e(x.severity), e(x.status), link(x.permalink, where(x)), `${x.criteria.checked}/${x.criteria.total}`]));
  const storyHead = '<tr><th>Story</th><th>Title</th><th>Risk</th><th>Status</th><th>Entry point</th><th>Criteria</th></tr>';
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No script, no remote resource: the report is a document, not an application.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(r.title)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f3f3f3}.total{font-weight:bold}</style>',
    '</head>',
    '<body>',
    `<h1>${e(r.title)}</h1>`,
    `<p>Date: ${e(r.date)}${r.project.repository ? `<br>Repository: ${e(r.project.repository)}` : ''}${r.project.commit ? `<br>Commit: ${e(r.project.commit)}` : ''}${r.project.backlog ? `<br>Backlog: ${e(r.project.backlog)}` : ''}</p>`,
    `<p>${e(r.method)}</p>`,
    '<h2>Summary</h2>',
    '<table>',
    rows([
      ['Identified: abuser stories', String(s.identified.stories)],
      ['Identified: open findings', String(s.identified.findings)],
      ['Identified: suppressions', String(s.identified.suppressions)],
      ['Mitigated: done stories', String(s.mitigated)],
      ['Residual: open stories', String(s.residual.openStories)],
      ['Residual: done stories whose finding fires again', String(s.residual.reopened)],
      ['Residual: findings no story covers', String(s.residual.uncoveredFindings)],
      ['Residual: suppressions', String(s.residual.suppressions)],
    ]),
    `<tr class="total"><td>Residual risk, total</td><td>${s.residual.total}</td></tr>`,
    '</table>',
    '<h2>Mitigated</h2>',
  ];
  if (r.mitigated.length === 0) parts.push('<p>No story is done yet.</p>');
  for (const m of r.mitigated) {
    parts.push(`<h3>${e(m.id)}: ${e(m.title)}</h3>`, '<ul>');
    parts.push(`<li>Status: ${e(m.status)}; risk ${e(m.severity)}; acceptance criteria ${m.criteria.checked}/${m.criteria.total} checked</li>`);
    if (m.path) parts.push(`<li>Entry point: ${link(m.permalink, where(m))}</li>`);
    if (m.ruleIds.length > 0) parts.push(`<li>Rules no longer firing there: ${m.ruleIds.map(e).join(', ')}</li>`);
    if (/^https:\/\//.test(m.location)) parts.push(`<li>Tracker item: ${link(m.location, m.id)}${m.assignees ? `, assigned to ${m.assignees.map(e).join(', ')}` : ''}</li>`);
    if (m.links) parts.push(`<li>Linked pull requests:<ul>${m.links.map((l) => `<li>${link(l.url, l.title)}</li>`).join('')}</ul></li>`);
    if (m.commits.length === 0) parts.push(`<li>Commits: none touched ${e(m.path ?? 'the entry point')} since the story was raised</li>`);
    else parts.push(`<li>Commits that touched the entry point since the story was raised:<ul>${m.commits.map((c) => `<li><code>${e(c.hash)}</code> ${e(c.subject)}</li>`).join('')}</ul></li>`);
    parts.push('</ul>');
  }
  parts.push('<h2>Remaining</h2>');
  parts.push(r.open.length === 0 ? '<p>No open story.</p>' : `<table>${storyHead}\n${storyRows(r.open)}</table>`);
  if (r.reopened.length > 0) parts.push('<h3>Done, but the finding fires again</h3>', `<table>${storyHead}\n${storyRows(r.reopened)}</table>`);
  parts.push('<h3>Findings no story covers</h3>');
  parts.push(
    r.uncovered.length === 0
      ? '<p>Every open finding is covered by a story.</p>'
      : `<table><tr><th>Rule</th><th>Severity</th><th>Location</th><th>Message</th></tr>\n${rows(r.uncovered.map((u) => [e(u.ruleId), e(u.severity), e(`${u.path}:${u.line}`), e(u.message)]))}</table>`,
  );
  parts.push('<h2>Suppressions</h2>');
  parts.push(
    r.suppressions.length === 0
      ? '<p>No finding is suppressed.</p>'
      : `<table><tr><th>Rule</th><th>Location</th><th>Reason</th><th>Expires</th></tr>\n${rows(
          r.suppressions.map((x) => [e(x.ruleId), e(`${x.path}:${x.line}`), e(x.reason), x.until ? `${e(x.until)}${x.expiresSoon ? ' (soon)' : ''}` : 'never']),
        )}</table>`,
  );
  if (r.notChecked.length > 0) parts.push('<h2>Not checked</h2>', `<ul>${r.notChecked.map((n) => `<li>${e(n.path)}: ${e(n.reason)}</li>`).join('')}</ul>`);
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}
