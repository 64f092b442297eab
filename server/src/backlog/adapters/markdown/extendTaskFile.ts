// Rewrites a task file for an extended (or newly linked) story without losing what people changed with Backlog.md:
// the front matter keeps its title, status, assignee and dates (labels and priority follow the
// story), existing acceptance criteria keep their lines and ticks (new ones are appended), and
// sections Rugged did not write (notes, Risk Tracking) are left alone. Only the Risk, Findings and
// "Raised together with" lines of the description and Rugged's own section are regenerated.
import { parseDocument } from 'yaml';
import { ordinalOf } from '../../story/risk';
import type { Story } from '../../story/types';
import { AC_BEGIN, AC_END, DESCRIPTION_BEGIN, DESCRIPTION_END, renderDescription, renderDetails, SECTION_BEGIN, SECTION_END, type DataPlacement } from './taskFile';

export function extendTaskFile(text: string, story: Story, data?: DataPlacement): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  const fm = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(normalised);
  if (!fm) return normalised;
  const front = parseDocument(fm[1]);
  const labels = front.get('labels');
  const had = labels && typeof labels === 'object' && 'toJSON' in labels ? (labels as { toJSON(): unknown }).toJSON() : [];
  const merged = [...new Set([...(Array.isArray(had) ? had.map(String).filter((l) => !/^risk-/.test(l)) : []), ...story.labels])];
  front.set('labels', merged);
  front.set('priority', story.priority);
  if (front.has('ordinal')) front.set('ordinal', ordinalOf(story.risk));
  if (story.dependsOn?.length) {
    const deps = front.get('dependencies');
    const had = deps && typeof deps === 'object' && 'toJSON' in deps ? (deps as { toJSON(): unknown }).toJSON() : [];
    front.set('dependencies', [...new Set([...(Array.isArray(had) ? had.map(String) : []), ...story.dependsOn.map((d) => d.id)])]);
  }
  let body = normalised.slice(fm[0].length);
  body = replaceDescriptionLines(body, story);
  body = appendCriteria(body, story);
  body = replaceBetween(body, SECTION_BEGIN, SECTION_END, renderDetails(story, data));
  return `---\n${front.toString({ lineWidth: 0 })}---\n${body.startsWith('\n') ? '' : '\n'}${body}`;
}

/**
 * The description's Risk, Findings and "Raised together with" lines are Rugged's summary; the rest
 * may be a person's words. The siblings' line is rewritten too: a story filed before its sibling
 * named it by key, and Backlog.md links only a task id.
 */
const SUMMARY_LINES = ['Risk: ', 'Findings: ', 'Raised together with: '];

function replaceDescriptionLines(body: string, story: Story): string {
  const fresh = renderDescription(story).split('\n');
  const line = (prefix: string) => fresh.find((l) => l.startsWith(prefix));
  return mapBetween(body, DESCRIPTION_BEGIN, DESCRIPTION_END, (lines) => {
    const out = lines.map((l) => {
      const prefix = SUMMARY_LINES.find((p) => l.startsWith(p));
      return prefix ? (line(prefix) ?? l) : l;
    });
    for (const prefix of SUMMARY_LINES.slice(1)) if (!out.some((l) => l.startsWith(prefix)) && line(prefix)) out.push(line(prefix)!);
    return out;
  });
}

/** Criteria whose text the file does not hold yet, numbered after the last one. */
function appendCriteria(body: string, story: Story): string {
  return mapBetween(body, AC_BEGIN, AC_END, (lines) => {
    const present = new Set(lines.map((l) => /^\s*- \[[ xX]\] (?:#\d+ )?(.*)$/.exec(l)?.[1].trim()).filter(Boolean));
    let n = lines.filter((l) => /^\s*- \[[ xX]\]/.test(l)).length;
    const added = story.acceptanceCriteria.filter((c) => !present.has(c.text)).map((c) => `- [${c.done ? 'x' : ' '}] #${++n} ${c.text}`);
    return [...lines, ...added];
  });
}

function replaceBetween(body: string, begin: string, end: string, inner: string): string {
  return mapBetween(body, begin, end, () => inner.split('\n'));
}

function mapBetween(body: string, begin: string, end: string, map: (lines: string[]) => string[]): string {
  const lines = body.split('\n');
  const start = lines.findIndex((l) => l.trim() === begin);
  if (start < 0) return body;
  const stop = lines.findIndex((l, i) => i > start && l.trim() === end);
  if (stop < 0) return body;
  return [...lines.slice(0, start + 1), ...map(lines.slice(start + 1, stop)), ...lines.slice(stop)].join('\n');
}
