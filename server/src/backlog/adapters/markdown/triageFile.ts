// A "needs triage" draft as a Backlog.md task. It has neither the abuser-story label nor Rugged's
// story section, so parseTaskFile skips it: it shows on the board as work to decide, never as a
// rated risk. A marker line with the draft's fingerprint, inside the description Backlog.md
// keeps on edit, lets a second raise find it.
import { Document, Scalar } from 'yaml';
import { codeBlock, guardCode, inertMarkdown, inlineCode } from '../../story/markdownSafety';
import type { TriageDraft } from '../../story/triage';
import type { TaskMeta } from './taskFile';

const DESCRIPTION_BEGIN = '<!-- SECTION:DESCRIPTION:BEGIN -->';
const DESCRIPTION_END = '<!-- SECTION:DESCRIPTION:END -->';
export const TRIAGE_LABELS = ['security', 'needs-triage'];

/** The marker a draft carries; the fingerprint is hex with a fixed prefix, so it cannot break the comment. */
export function triageMarker(fingerprint: string): string {
  return `<!-- RUGGED:TRIAGE:${fingerprint.replace(/[^a-z0-9-]/gi, '')} -->`;
}

export function renderTriageFile(draft: TriageDraft, meta: TaskMeta): string {
  const frontMatter = new Document({
    id: meta.id,
    title: draft.title,
    status: meta.status,
    assignee: [],
    created_date: meta.createdDate,
    labels: TRIAGE_LABELS,
    dependencies: [],
  });
  const created = frontMatter.get('created_date', true);
  if (created instanceof Scalar) created.type = Scalar.QUOTE_SINGLE;
  const where = [inlineCode(draft.path)];
  if (draft.symbol) where.push(`in ${inlineCode(draft.symbol)}`);
  where.push(`lines ${draft.lines[0]}-${draft.lines[1]}`);
  const command = `rugged story ${draft.path} --lines ${draft.lines[0]}-${draft.lines[1]} --goal <id>`;
  const body = [
    '## Description',
    '',
    DESCRIPTION_BEGIN,
    `${inertMarkdown(draft.reason)}: ${where.join(', ')}${draft.permalink ? ` ([permalink](${draft.permalink}))` : ''}.`,
    'This task is not rated and does not count as residual risk until someone names the threat.',
    '',
    `Pick the attacker goal that fits and raise the story with ${inlineCode(command)}, or close this task if nothing threatens this code:`,
    '',
    ...draft.goals.map((g) => `- ${inlineCode(g.id)}: ${inertMarkdown(g.goal)}`),
    '',
    `**Code** (lines ${draft.excerpt.lines[0]}-${draft.excerpt.lines[1]}):`,
    '',
    codeBlock(guardCode(draft.excerpt.text), draft.excerpt.language),
    '',
    triageMarker(draft.fingerprint),
    DESCRIPTION_END,
    '',
  ];
  return `---\n${frontMatter.toString({ lineWidth: 0 })}---\n\n${body.join('\n')}`;
}
