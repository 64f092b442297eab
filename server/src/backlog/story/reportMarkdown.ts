// The evidence report as Markdown: every table of the model, each count with its own unit.
import { singleLine } from './markdownSafety';
import { dateLine, type EvidenceReport, type MitigatedEntry, type ReportStory } from './report';
import type { UncoveredFinding } from './residualRisk';
import { acceptanceState, age, alsoAt, blindSpotParts, change, COUNT_LABELS, criteria, findingRisk, IMPACT_NAMES, NO_TREND, owner, storyRisk, target, testEvidence, where } from './reportText';

/**
 * Text of the workspace (titles, owners, paths) made inert by escaping, never by invisible
 * characters, so what a reader copies is what was written: a backslash before every character that
 * could start markup, a table cell or an entity, and an @mention as inline code (trackers and chat
 * bridges do not notify from code).
 */
export function cell(text: string): string {
  return singleLine(text)
    .replace(/[\\|*_`[\]#<>!&~]/g, (ch) => `\\${ch}`)
    .replace(/(^|[^A-Za-z0-9_.\\])@([A-Za-z0-9_-]+)/g, '$1`@$2`');
}

/** A link to the task file or tracker item; the target is percent-encoded so spaces and brackets keep it one link. */
function storyLink(entry: Pick<ReportStory, 'id' | 'link'>): string {
  return `[${cell(entry.id)}](${encodeURI(entry.link).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

export function renderMarkdown(r: EvidenceReport): string {
  const out: string[] = [`# ${cell(r.title)}`, '', dateLine(r)];
  if (r.project.repository) out.push(`Repository: ${cell(r.project.repository)}`);
  if (r.project.commit) out.push(`Commit: ${r.project.commit}`);
  if (r.project.backlog) out.push(`Backlog: ${cell(r.project.backlog)}`);
  out.push(`Test report: ${r.testReport ? cell(r.testReport) : 'none given'}`);
  out.push('', `**${cell(r.testStatement)}**`, '', ...r.method.flatMap((m) => [m, '']));

  if (r.warnings.length > 0) out.push('## Needs attention', '', ...r.warnings.map((w) => `- ${cell(w)}`), '');

  const s = r.summary.residual;
  out.push('## Residual risk by level', '');
  out.push('| Level | Risks | Stories | Findings no story covers |', '| --- | ---: | ---: | ---: |');
  for (const level of s.byLevel) out.push(`| ${level.severity} | ${level.risks} | ${level.stories} | ${level.findings} |`);
  out.push('', 'Likelihood (rows) x impact (columns), risks per cell:', '');
  out.push('| Likelihood \\ Impact | low | medium | high |', '| --- | ---: | ---: | ---: |');
  for (const l of [3, 2, 1]) out.push(`| ${IMPACT_NAMES[l - 1]} | ${s.heatMap.cells[l - 1].join(' | ')} |`);
  if (s.heatMap.unrated > 0) out.push('', `${s.heatMap.unrated} unrated risk${s.heatMap.unrated === 1 ? '' : 's'} are not on the grid.`);
  out.push('', '## Counts', '', 'Each line is its own unit; they are not added up.', '', '| | Count |', '| --- | ---: |');
  out.push(`| Identified: abuser stories | ${r.summary.identified.stories} |`);
  out.push(`| Identified: open findings | ${r.summary.identified.findings} |`);
  out.push(`| ${COUNT_LABELS.mitigated} | ${r.summary.mitigated} |`);
  out.push(`| ${COUNT_LABELS.closedWithoutEvidence} | ${s.closedWithoutEvidence} |`);
  out.push(`| ${COUNT_LABELS.open} | ${s.openStories} |`);
  out.push(`| ${COUNT_LABELS.reopened} | ${s.reopened} |`);
  out.push(`| ${COUNT_LABELS.accepted} | ${s.accepted} |`);
  out.push(`| ${COUNT_LABELS.uncovered} | ${s.uncoveredFindings} |`);
  out.push(`| ${COUNT_LABELS.lowered} | ${s.lowered.findings} |`);
  out.push(`| Stories about non-product code | ${s.lowered.stories} |`);
  out.push(`| Findings counted inside a story on the same weakness and asset | ${s.alsoAt} |`);
  out.push(`| Platform stories shown as amplifiers, not counted | ${s.amplifiers} |`);
  out.push(`| Hardening stories (the attack does not work today), not counted | ${s.hardening} |`);
  out.push(`| ${COUNT_LABELS.suppressions} | ${s.suppressions} |`, '');

  if (r.trend) {
    const t = r.trend;
    out.push('## Trend', '', `Since the snapshot of ${t.previous.date}${t.previous.commit ? ` (commit ${t.previous.commit.slice(0, 12)})` : ''}:`, '');
    out.push('| | Then | Now | Change |', '| --- | ---: | ---: | --- |');
    for (const l of t.byLevel) out.push(`| ${l.severity} risks | ${l.before} | ${l.now} | ${change(l.before, l.now)} |`);
    for (const c of t.counts) out.push(`| ${COUNT_LABELS[c.name]} | ${c.before} | ${c.now} | ${change(c.before, c.now)} |`);
    out.push('');
    if (t.raised.length > 0) out.push(`Raised since: ${t.raised.map(cell).join(', ')}.`, '');
    if (t.newlyMitigated.length > 0) out.push(`Mitigated since: ${t.newlyMitigated.map(cell).join(', ')}.`, '');
    if (t.regressed.length > 0) out.push(`Mitigated then, residual now: ${t.regressed.map(cell).join(', ')}.`, '');
  } else {
    out.push('## Trend', '', NO_TREND, '');
  }

  out.push('## Remaining stories', '');
  const given = r.testReport !== undefined;
  out.push(...storyTable(r.open, 'No open story.', given), '');
  if (r.reopened.length > 0) out.push('### Done, but the finding fires again', '', ...storyTable(r.reopened, '', given), '');
  const hardening = [...r.open, ...r.reopened].filter((e) => e.hardening !== undefined);
  if (hardening.length > 0) {
    out.push('### Hardening: the attack does not work today', '', 'Not counted in residual risk or on the grid: each keeps a protection the code or its library version already gives.', '');
    out.push(...hardening.map((e) => `- ${storyLink(e)}: ${cell(e.title)}. Why it does not work today: ${cell(e.hardening!)}.`), '');
  }

  out.push('## Closed without evidence', '');
  if (r.closedWithoutEvidence.length === 0) out.push('No story was closed without evidence.', '');
  for (const c of r.closedWithoutEvidence) {
    out.push(`### ${storyLink(c)}: ${cell(c.title)}`, '');
    if (c.narrative) out.push(`> ${cell(c.narrative)}`, '');
    out.push(`- Status: ${cell(c.status)}; risk ${c.severity}; owner ${cell(owner(c))}`);
    out.push(`- Missing: ${cell(c.evidence?.missing.join('; ') ?? 'evidence')}`);
    out.push(`- Acceptance criteria: ${criteria(c)}; tests: ${cell(testEvidence(c, given))}`);
    out.push(...commitLines(c), '');
  }

  out.push('## Mitigated', '');
  if (r.mitigated.length === 0) out.push('No story is mitigated with evidence yet.', '');
  for (const m of r.mitigated) {
    out.push(`### ${storyLink(m)}: ${cell(m.title)}`, '');
    if (m.narrative) out.push(`> ${cell(m.narrative)}`, '');
    out.push(`- Status: ${cell(m.status)}; risk ${m.severity}; acceptance criteria ${criteria(m)} checked`);
    out.push(`- Tests: ${cell(testEvidence(m, given))}`);
    if (m.path) out.push(`- Entry point: ${cell(where(m))}${m.commit ? ` at ${m.commit.slice(0, 12)}` : ''}`);
    if (m.ruleIds.length > 0) out.push(`- Rules no longer firing there: ${m.ruleIds.map(cell).join(', ')}`);
    if (/^https:\/\//.test(m.location)) out.push(`- Tracker item: ${cell(m.location)}${m.assignee.length > 0 ? `, assigned to ${m.assignee.map(cell).join(', ')}` : ''}`);
    if (m.links) out.push('- Linked pull requests:', ...m.links.map((l) => `  - ${cell(l.title)}: ${cell(l.url)}`));
    out.push(...commitLines(m), '');
  }

  out.push('## Accepted risks', '');
  if (r.accepted.length === 0) out.push('No risk is accepted.', '');
  else {
    out.push('| Story | Accepted rating | Rated by Rugged | By | On | Until | State | Reason |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const a of r.accepted) {
      const x = a.acceptance!;
      out.push(`| ${storyLink(a)}: ${cell(a.title)} | ${x.rating} | ${a.severity} | ${cell(x.by)} | ${x.on} | ${x.until} | ${acceptanceState(a)} | ${cell(x.reason ?? '')} |`);
    }
    out.push('');
  }

  out.push('## Findings no story covers', '');
  out.push(...findingTable(r.uncovered, 'Every open finding in product code is covered by a story. This says nothing about the weakness classes listed under "What the scan cannot see".'), '');
  out.push('## Findings in tests, build scripts and other non-product code', '');
  out.push('Listed for the team, not rated and not counted in residual risk: this code is not deployed, or runs with the maintainers\' input.', '');
  out.push(...loweredTable(r.lowered, 'None.'), '');
  if (r.storyTests.length > 0) {
    out.push(`Rugged's own story tests hold attack payloads on purpose; their findings are not listed: ${r.storyTests.map(cell).join(', ')}.`, '');
  }

  out.push('## Suppressions', '');
  if (r.suppressions.length === 0) out.push('No finding is suppressed.', '');
  else {
    out.push('| Rule | Location | Reason | Expires |', '| --- | --- | --- | --- |');
    for (const x of r.suppressions) out.push(`| ${cell(x.ruleId)} | ${cell(`${x.path}:${x.line}`)} | ${cell(x.reason)} | ${x.until ? `${x.until}${x.expiresSoon ? ' (soon)' : ''}` : 'never'} |`);
    out.push('');
  }

  if (r.coverage) {
    const c = r.coverage;
    out.push('## What the scan can see', '', '| Family | Rules that ran | Turned off by configuration |', '| --- | --- | --- |');
    for (const f of c.families) out.push(`| ${cell(f.family)} | ${f.ran.map(cell).join(', ') || 'none'} | ${f.disabled.map(cell).join(', ') || 'none'} |`);
    out.push('', ...c.checked.map((w) => `- ${cell(w.name)} (${w.cwe.join(', ')}): ${w.rules.map(cell).join(', ')}`), '');
    out.push('## What the scan cannot see', '');
    const parts = blindSpotParts(r);
    if (parts.length === 0) {
      out.push('No rule that ran looks for these; review them by other means (threat modelling, tests, a penetration test).', '');
      out.push(...c.notChecked.map((w) => `- ${cell(w.name)} (${w.cwe.join(', ')})${w.disabledRules.length > 0 ? `: its rules are turned off (${w.disabledRules.map(cell).join(', ')})` : ''}`), '');
    }
    for (const part of parts) out.push(`### ${part.heading}`, '', part.intro, '', ...part.items.map((i) => `- ${cell(i)}`), ...(part.items.length > 0 ? [''] : []));
    const off = c.notChecked.filter((w) => w.disabledRules.length > 0);
    if (parts.length > 0 && off.length > 0) out.push('### Turned off by configuration', '', ...off.map((w) => `- ${cell(w.name)}: ${w.disabledRules.map(cell).join(', ')}`), '');
  }
  out.push(...assumedLoginLines(r, Boolean(r.coverage)));
  if (r.notChecked.length > 0) {
    out.push('## Files not checked', '', ...r.notChecked.map((n) => `- ${cell(n.path)}: ${cell(n.reason)}`), '');
  }
  return out.join('\n');
}

/** Under "What the scan cannot see" (or a heading of its own without coverage): logins the backlog takes for granted. */
function assumedLoginLines(r: EvidenceReport, underCoverage: boolean): string[] {
  if (r.assumedLogins.length === 0) return [];
  return [
    ...(underCoverage ? [] : ['## What the scan cannot see', '']),
    'Logins the backlog assumes, which the code does not check: these stories say the attacker needs an account, yet nothing on the route, its router or its mount checked a login when they were raised. No rule reports missing authentication: the route check made when each story was raised found these, and fixing a story\'s own weakness does not add the login.',
    '',
    '| Route | Assumed to be for | Stories |',
    '| --- | --- | --- |',
    ...r.assumedLogins.map((a) => `| ${cell(a.route)} | ${cell(a.assumed)} | ${a.stories.map((s) => storyLink(s)).join(', ')} |`),
    '',
  ];
}

function commitLines(m: MitigatedEntry): string[] {
  if (m.commits.length === 0) return [`- Commits: none touched ${cell(m.path ?? 'the entry point')} since the story was raised`];
  return ['- Commits that touched the entry point since the story was raised:', ...m.commits.map((c) => `  - ${c.hash} ${cell(c.subject)}`)];
}

function storyTable(entries: ReportStory[], empty: string, reportGiven: boolean): string[] {
  if (entries.length === 0) return [empty];
  const rows = ['| Story | Risk | Status | Owner | Age | Target | Entry point | Criteria | Test evidence |', '| --- | --- | --- | --- | ---: | --- | --- | --- | --- |'];
  for (const e of entries) {
    const also = alsoAt(e);
    const entry = `${cell(where(e))}${also ? `; also at ${cell(also)}` : ''}`;
    rows.push(`| ${storyLink(e)}: ${cell(e.title)} | ${cell(storyRisk(e))} | ${cell(e.status)} | ${cell(owner(e))} | ${age(e)} | ${target(e)} | ${entry} | ${criteria(e)} | ${cell(testEvidence(e, reportGiven))} |`);
  }
  const narratives = entries.filter((e) => e.narrative);
  if (narratives.length > 0) rows.push('', ...narratives.map((e) => `- ${storyLink(e)}: ${cell(e.narrative!)}`));
  return rows;
}

/** Findings in non-product code: no risk column, since they are not rated. */
function loweredTable(findings: UncoveredFinding[], empty: string): string[] {
  if (findings.length === 0) return [empty];
  const rows = ['| Rule | Severity | Location | Context | Message |', '| --- | --- | --- | --- | --- |'];
  for (const u of findings) rows.push(`| ${cell(u.ruleId)} | ${u.severity} | ${cell(`${u.path}:${u.line}`)} | ${u.context ?? 'product'} | ${cell(u.message)} |`);
  return rows;
}

function findingTable(findings: UncoveredFinding[], empty: string): string[] {
  if (findings.length === 0) return [empty];
  const rows = ['| Rule | Risk | Severity | Location | Context | Message |', '| --- | --- | --- | --- | --- | --- |'];
  for (const u of findings) rows.push(`| ${cell(u.ruleId)} | ${findingRisk(u)} | ${u.severity} | ${cell(`${u.path}:${u.line}`)} | ${u.context ?? 'product'} | ${cell(u.message)} |`);
  return rows;
}
