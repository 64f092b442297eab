// The evidence report as one self-contained HTML page: severity colours, the heat map as a
// coloured grid, links to the task files and tracker items, the story narratives. No script and
// no remote resource: the page is a document, not an application.
import { dateLine, type EvidenceReport, type MitigatedEntry, type ReportStory } from './report';
import type { UncoveredFinding } from './residualRisk';
import { severityOf } from './risk';
import type { LevelName } from './riskItems';
import { acceptanceState, age, alsoAt, blindSpotParts, change, COUNT_LABELS, criteria, findingRisk, IMPACT_NAMES, NO_TREND, owner, storyRisk, target, testEvidence, where } from './reportText';
import type { RiskLevel } from './types';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

const e = escapeHtml;

/** Escaped text whose inline code (`db.query`, a route) shows as code, as the Markdown report shows it. */
function prose(text: string): string {
  return e(text).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

/**
 * An anchor for links Rugged built: https URLs (permalinks, tracker items) and relative paths to
 * task files. Anything with another scheme (javascript:, file:) stays text.
 */
function link(url: string | undefined, text: string): string {
  if (!url) return e(text);
  if (/^https:\/\/[^\s"'<>]+$/.test(url)) return `<a href="${e(url)}" rel="noopener noreferrer">${e(text)}</a>`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return e(text);
  return `<a href="${e(encodeURI(url))}">${e(text)}</a>`;
}

function badge(level: LevelName): string {
  return `<span class="sev sev-${level.toLowerCase()}">${e(level)}</span>`;
}

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const th = head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><tr>${th}</tr>\n${body}</table>`;
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:2rem;max-width:78rem;color:#1f2328}',
  'table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f6f8fa}.num{text-align:right}',
  '.sev{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-weight:600;color:#fff}',
  '.sev-critical{background:#8b0000}.sev-high{background:#d1242f}.sev-medium{background:#bf8700}.sev-low{background:#1a7f37}.sev-unrated{background:#6e7781}',
  '.heat td{width:4.5rem;height:2.5rem;text-align:center;font-weight:600}.heat .cell-critical{background:#f4b4b4}.heat .cell-high{background:#ffd8d3}.heat .cell-medium{background:#fff1c2}.heat .cell-low{background:#dafbe1}',
  '.warn{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem 1rem}blockquote{margin:.5rem 0;padding-left:1rem;border-left:.25rem solid #d0d7de;color:#57606a}',
].join('\n');

export function renderHtml(r: EvidenceReport): string {
  const s = r.summary.residual;
  const head = [
    e(dateLine(r)),
    ...(r.project.repository ? [`Repository: ${e(r.project.repository)}`] : []),
    ...(r.project.commit ? [`Commit: <code>${e(r.project.commit)}</code>`] : []),
    ...(r.project.backlog ? [`Backlog: ${e(r.project.backlog)}`] : []),
    `Test report: ${r.testReport ? e(r.testReport) : 'none given'}`,
  ];
  const parts: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${e(r.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${e(r.title)}</h1>`,
    `<p>${head.join('<br>')}</p>`,
    `<p class="warn"><strong>${e(r.testStatement)}</strong></p>`,
    ...r.method.map((m) => `<p>${e(m)}</p>`),
  ];
  if (r.warnings.length > 0) parts.push('<h2>Needs attention</h2>', `<div class="warn"><ul>${r.warnings.map((w) => `<li>${prose(w)}</li>`).join('')}</ul></div>`);

  parts.push('<h2>Residual risk by level</h2>');
  parts.push(table(['Level', 'Risks', 'Stories', 'Findings no story covers'], s.byLevel.map((l) => [badge(l.severity), String(l.risks), String(l.stories), String(l.findings)]), [1, 2, 3]));
  const heatRows = ([3, 2, 1] as RiskLevel[]).map(
    (l) => `<tr><th>${IMPACT_NAMES[l - 1]}</th>${([1, 2, 3] as RiskLevel[]).map((i) => `<td class="cell-${severityOf(l, i).toLowerCase()}">${s.heatMap.cells[l - 1][i - 1]}</td>`).join('')}</tr>`,
  );
  parts.push(`<table class="heat"><tr><th>Likelihood \\ Impact</th><th>low</th><th>medium</th><th>high</th></tr>\n${heatRows.join('\n')}</table>`);
  if (s.heatMap.unrated > 0) parts.push(`<p>${s.heatMap.unrated} unrated risk${s.heatMap.unrated === 1 ? '' : 's'} are not on the grid.</p>`);

  parts.push('<h2>Counts</h2>', '<p>Each line is its own unit; they are not added up.</p>');
  parts.push(
    table(
      ['', 'Count'],
      [
        ['Identified: abuser stories', r.summary.identified.stories],
        ['Identified: open findings', r.summary.identified.findings],
        [COUNT_LABELS.mitigated, r.summary.mitigated],
        [COUNT_LABELS.closedWithoutEvidence, s.closedWithoutEvidence],
        [COUNT_LABELS.open, s.openStories],
        [COUNT_LABELS.reopened, s.reopened],
        [COUNT_LABELS.accepted, s.accepted],
        [COUNT_LABELS.uncovered, s.uncoveredFindings],
        [COUNT_LABELS.lowered, s.lowered.findings],
        ['Stories about non-product code', s.lowered.stories],
        ['Findings counted inside a story on the same weakness and asset', s.alsoAt],
        ['Platform stories shown as amplifiers, not counted', s.amplifiers],
        ['Hardening stories (the attack does not work today), not counted', s.hardening],
        [COUNT_LABELS.suppressions, s.suppressions],
      ].map(([label, n]) => [e(String(label)), String(n)]),
      [1],
    ),
  );

  if (r.trend) {
    const t = r.trend;
    parts.push('<h2>Trend</h2>', `<p>Since the snapshot of ${e(t.previous.date)}${t.previous.commit ? ` (commit <code>${e(t.previous.commit.slice(0, 12))}</code>)` : ''}:</p>`);
    parts.push(
      table(
        ['', 'Then', 'Now', 'Change'],
        [
          ...t.byLevel.map((l) => [`${badge(l.severity)} risks`, String(l.before), String(l.now), change(l.before, l.now)]),
          ...t.counts.map((c) => [e(COUNT_LABELS[c.name]), String(c.before), String(c.now), change(c.before, c.now)]),
        ],
        [1, 2],
      ),
    );
    if (t.raised.length > 0) parts.push(`<p>Raised since: ${t.raised.map(e).join(', ')}.</p>`);
    if (t.newlyMitigated.length > 0) parts.push(`<p>Mitigated since: ${t.newlyMitigated.map(e).join(', ')}.</p>`);
    if (t.regressed.length > 0) parts.push(`<p>Mitigated then, residual now: ${t.regressed.map(e).join(', ')}.</p>`);
  } else {
    parts.push('<h2>Trend</h2>', `<p>${e(NO_TREND)}</p>`);
  }

  const given = r.testReport !== undefined;
  parts.push('<h2>Remaining stories</h2>', ...storyTable(r.open, 'No open story.', given));
  if (r.reopened.length > 0) parts.push('<h3>Done, but the finding fires again</h3>', ...storyTable(r.reopened, '', given));
  const hardening = [...r.open, ...r.reopened].filter((x) => x.hardening !== undefined);
  if (hardening.length > 0) {
    parts.push('<h3>Hardening: the attack does not work today</h3>', '<p>Not counted in residual risk or on the grid: each keeps a protection the code or its library version already gives.</p>', '<ul>');
    parts.push(...hardening.map((x) => `<li>${link(x.link, x.id)}: ${e(x.title)}. Why it does not work today: ${prose(x.hardening!)}.</li>`), '</ul>');
  }

  parts.push('<h2>Closed without evidence</h2>');
  if (r.closedWithoutEvidence.length === 0) parts.push('<p>No story was closed without evidence.</p>');
  for (const c of r.closedWithoutEvidence) {
    parts.push(`<h3>${link(c.link, c.id)}: ${e(c.title)} ${badge(c.severity)}</h3>`, ...narrative(c), '<ul>');
    parts.push(`<li>Status: ${e(c.status)}; owner ${e(owner(c))}</li>`, `<li>Missing: ${e(c.evidence?.missing.join('; ') ?? 'evidence')}</li>`);
    parts.push(`<li>Acceptance criteria: ${e(criteria(c))}; tests: ${e(testEvidence(c, given))}</li>`, commitItem(c), '</ul>');
  }

  parts.push('<h2>Mitigated</h2>');
  if (r.mitigated.length === 0) parts.push('<p>No story is mitigated with evidence yet.</p>');
  for (const m of r.mitigated) {
    parts.push(`<h3>${link(m.link, m.id)}: ${e(m.title)} ${badge(m.severity)}</h3>`, ...narrative(m), '<ul>');
    parts.push(`<li>Status: ${e(m.status)}; acceptance criteria ${e(criteria(m))} checked</li>`, `<li>Tests: ${e(testEvidence(m, given))}</li>`);
    if (m.path) parts.push(`<li>Entry point: ${link(m.permalink, where(m))}</li>`);
    if (m.ruleIds.length > 0) parts.push(`<li>Rules no longer firing there: ${m.ruleIds.map(e).join(', ')}</li>`);
    if (/^https:\/\//.test(m.location)) parts.push(`<li>Tracker item: ${link(m.location, m.id)}${m.assignee.length > 0 ? `, assigned to ${m.assignee.map(e).join(', ')}` : ''}</li>`);
    if (m.links) parts.push(`<li>Linked pull requests:<ul>${m.links.map((l) => `<li>${link(l.url, l.title)}</li>`).join('')}</ul></li>`);
    parts.push(commitItem(m), '</ul>');
  }

  parts.push('<h2>Accepted risks</h2>');
  parts.push(
    r.accepted.length === 0
      ? '<p>No risk is accepted.</p>'
      : table(
          ['Story', 'Accepted rating', 'Rated by Rugged', 'By', 'On', 'Until', 'State', 'Reason'],
          r.accepted.map((a) => {
            const x = a.acceptance!;
            return [`${link(a.link, a.id)}: ${e(a.title)}`, badge(x.rating), badge(a.severity), e(x.by), e(x.on), e(x.until), e(acceptanceState(a)), e(x.reason ?? '')];
          }),
        ),
  );

  parts.push('<h2>Findings no story covers</h2>');
  parts.push(...findingTable(r.uncovered, 'Every open finding in product code is covered by a story. This says nothing about the weakness classes listed under "What the scan cannot see".'));
  parts.push('<h2>Findings in tests, build scripts and other non-product code</h2>');
  parts.push("<p>Listed for the team, not rated and not counted in residual risk: this code is not deployed, or runs with the maintainers' input.</p>", ...loweredTable(r.lowered, 'None.'));
  if (r.storyTests.length > 0) parts.push(`<p>Rugged's own story tests hold attack payloads on purpose; their findings are not listed: ${r.storyTests.map(e).join(', ')}.</p>`);

  parts.push('<h2>Suppressions</h2>');
  parts.push(
    r.suppressions.length === 0
      ? '<p>No finding is suppressed.</p>'
      : table(['Rule', 'Location', 'Reason', 'Expires'], r.suppressions.map((x) => [e(x.ruleId), e(`${x.path}:${x.line}`), e(x.reason), x.until ? `${e(x.until)}${x.expiresSoon ? ' (soon)' : ''}` : 'never'])),
  );

  if (r.coverage) {
    const c = r.coverage;
    parts.push('<h2>What the scan can see</h2>');
    parts.push(table(['Family', 'Rules that ran', 'Turned off by configuration'], c.families.map((f) => [e(f.family), e(f.ran.join(', ') || 'none'), e(f.disabled.join(', ') || 'none')])));
    parts.push(`<ul>${c.checked.map((w) => `<li>${e(w.name)} (${e(w.cwe.join(', '))}): ${e(w.rules.join(', '))}</li>`).join('')}</ul>`);
    parts.push('<h2>What the scan cannot see</h2>');
    const blind = blindSpotParts(r);
    if (blind.length === 0) {
      parts.push('<p>No rule that ran looks for these; review them by other means (threat modelling, tests, a penetration test).</p>');
      parts.push(`<ul>${c.notChecked.map((w) => `<li>${e(w.name)} (${e(w.cwe.join(', '))})${w.disabledRules.length > 0 ? `: its rules are turned off (${e(w.disabledRules.join(', '))})` : ''}</li>`).join('')}</ul>`);
    }
    for (const part of blind) parts.push(`<h3>${e(part.heading)}</h3>`, `<p>${prose(part.intro)}</p>`, ...(part.items.length > 0 ? [`<ul>${part.items.map((i) => `<li>${prose(i)}</li>`).join('')}</ul>`] : []));
    const off = c.notChecked.filter((w) => w.disabledRules.length > 0);
    if (blind.length > 0 && off.length > 0) parts.push('<h3>Turned off by configuration</h3>', `<ul>${off.map((w) => `<li>${e(w.name)}: ${e(w.disabledRules.join(', '))}</li>`).join('')}</ul>`);
  }
  if (r.assumedLogins.length > 0) {
    if (!r.coverage) parts.push('<h2>What the scan cannot see</h2>');
    parts.push(
      '<p>Logins the backlog assumes, which the code does not check: these stories say the attacker needs an account, yet nothing on the route, its router or its mount checked a login when they were raised. No rule reports missing authentication: the route check made when each story was raised found these, and fixing a story\'s own weakness does not add the login.</p>',
      table(['Route', 'Assumed to be for', 'Stories'], r.assumedLogins.map((a) => [`<code>${e(a.route)}</code>`, e(a.assumed), a.stories.map((s) => link(s.link, s.id)).join(', ')])),
    );
  }
  if (r.notChecked.length > 0) parts.push('<h2>Files not checked</h2>', `<ul>${r.notChecked.map((n) => `<li>${e(n.path)}: ${e(n.reason)}</li>`).join('')}</ul>`);
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}

function commitItem(m: MitigatedEntry): string {
  if (m.commits.length === 0) return `<li>Commits: none touched ${e(m.path ?? 'the entry point')} since the story was raised</li>`;
  return `<li>Commits that touched the entry point since the story was raised:<ul>${m.commits.map((c) => `<li><code>${e(c.hash)}</code> ${e(c.subject)}</li>`).join('')}</ul></li>`;
}

function narrative(entry: ReportStory): string[] {
  return entry.narrative ? [`<blockquote>${prose(entry.narrative)}</blockquote>`] : [];
}

function storyTable(entries: ReportStory[], empty: string, reportGiven: boolean): string[] {
  if (entries.length === 0) return [`<p>${e(empty)}</p>`];
  return [
    table(
      ['Story', 'Risk', 'Status', 'Owner', 'Age', 'Target', 'Entry point', 'Criteria', 'Test evidence'],
      entries.map((x) => [
        `${link(x.link, x.id)}: ${e(x.title)}${x.narrative ? `<br><small>${prose(x.narrative)}</small>` : ''}`,
        `${badge(x.severity)}${storyRisk(x) !== x.severity ? `<br><small>${e(storyRisk(x).slice(x.severity.length).replace(/^,? ?/, ''))}</small>` : ''}`,
        e(x.status),
        e(owner(x)),
        age(x),
        e(target(x)),
        `${link(x.permalink, where(x))}${alsoAt(x) ? `<br><small>also at ${e(alsoAt(x))}</small>` : ''}`,
        e(criteria(x)),
        e(testEvidence(x, reportGiven)),
      ]),
      [4],
    ),
  ];
}

/** Findings in non-product code: no risk column, since they are not rated. */
function loweredTable(findings: UncoveredFinding[], empty: string): string[] {
  if (findings.length === 0) return [`<p>${e(empty)}</p>`];
  return [table(['Rule', 'Severity', 'Location', 'Context', 'Message'], findings.map((u) => [e(u.ruleId), e(u.severity), e(`${u.path}:${u.line}`), e(u.context ?? 'product'), prose(u.message)]))];
}

function findingTable(findings: UncoveredFinding[], empty: string): string[] {
  if (findings.length === 0) return [`<p>${e(empty)}</p>`];
  return [
    table(
      ['Rule', 'Risk', 'Severity', 'Location', 'Context', 'Message'],
      findings.map((u) => [e(u.ruleId), `${badge(u.risk)}${u.likelihood !== undefined ? ` ${e(findingRisk(u).replace(/^\S+ /, ''))}` : ''}`, e(u.severity), e(`${u.path}:${u.line}`), e(u.context ?? 'product'), prose(u.message)]),
    ),
  ];
}
