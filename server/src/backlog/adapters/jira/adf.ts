// A story as an Atlassian Document Format description, built from nodes (never by pasting markup
// into text, so nothing a workspace wrote can become structure), and read back from one. The
// machine-readable data sits in the last JSON code block; acceptance criteria are a task list, so
// ticking one in Jira counts as it does in Backlog.md.
import { STRIDE } from '../../story/stride';
import type { Story } from '../../story/types';
import { siblingsSentence, storyData } from '../storyText';

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** ADF refuses empty text nodes: a missing text is left out, not sent empty. */
function text(value: string, marks?: AdfNode['marks']): AdfNode[] {
  return value ? [{ type: 'text', text: value, ...(marks ? { marks } : {}) }] : [];
}

const paragraph = (...content: AdfNode[][]): AdfNode => ({ type: 'paragraph', content: content.flat() });
const heading = (title: string): AdfNode => ({ type: 'heading', attrs: { level: 3 }, content: text(title) });
const code = (value: string, language: string): AdfNode => ({ type: 'codeBlock', attrs: { language }, content: text(value) });

export function storyDocument(story: Story): AdfDocument {
  const ep = story.entryPoint;
  const stride = story.stride.map((s) => `${STRIDE[s].name} (${STRIDE[s].property.toLowerCase()})`).join(', ');
  const where = [`${ep.path}`, ep.symbol ? `in ${ep.symbol}` : '', `lines ${ep.lines[0]}-${ep.lines[1]}`, ep.commit ? `at commit ${ep.commit}` : ''].filter(Boolean).join(', ');
  const content: AdfNode[] = [
    paragraph(text(story.narrative)),
    paragraph(text(`STRIDE: ${stride}.${story.asset ? ` Asset at risk: ${story.asset}.` : ''}`)),
    ...(siblingsSentence(story) ? [paragraph(text(siblingsSentence(story)!))] : []),
    heading('Entry point'),
    paragraph(text(`${where}.`), ep.permalink ? text(' Permalink', [{ type: 'link', attrs: { href: ep.permalink } }]) : []),
    heading('Risk'),
    paragraph(text(`${story.risk.severity}, likelihood ${story.risk.likelihood} x impact ${story.risk.impact} (${story.risk.method}). ${story.risk.rationale}`)),
  ];
  if (story.findings.length > 0) {
    content.push(heading('Findings'), {
      type: 'bulletList',
      content: story.findings.map((f) => ({
        type: 'listItem',
        content: [paragraph(text(`${f.ruleId}${f.cwe.length + f.owasp.length > 0 ? ` (${[...f.cwe, ...f.owasp].join(', ')})` : ''}: ${f.severity}, ${f.confidence} confidence, line ${f.lines[0]}. ${f.message}`))],
      })),
    });
  }
  if (story.acceptanceCriteria.length > 0) {
    content.push(heading('Acceptance criteria'), {
      type: 'taskList',
      attrs: { localId: 'rugged-acceptance' },
      content: story.acceptanceCriteria.map((c, i) => ({ type: 'taskItem', attrs: { localId: `rugged-ac-${i + 1}`, state: c.done ? 'DONE' : 'TODO' }, content: text(c.text) })),
    });
  }
  const notes = [`lines ${story.excerpt.lines[0]}-${story.excerpt.lines[1]}`];
  if (story.excerpt.redactions > 0) notes.push(`${story.excerpt.redactions} secret${story.excerpt.redactions === 1 ? '' : 's'} redacted`);
  content.push(heading(`Code (${notes.join(', ')})`), code(story.excerpt.text, story.excerpt.language));
  content.push(paragraph(text('Rugged reads the data below; keep it when editing this issue.')), code(storyData(story), 'json'));
  return { type: 'doc', version: 1, content };
}

/** The parts of a description Rugged reads back: its data, the quoted code and the criteria. */
export function documentParts(doc: unknown): { data?: string; excerpt?: string; language?: string; criteria: { text: string; checked: boolean }[] } {
  const nodes = doc && typeof doc === 'object' && Array.isArray((doc as AdfDocument).content) ? (doc as AdfDocument).content : [];
  const blocks = nodes.filter((n) => n.type === 'codeBlock');
  const dataBlock = [...blocks].reverse().find((b) => b.attrs?.language === 'json');
  const excerptBlock = blocks.filter((b) => b !== dataBlock).at(-1);
  const criteria: { text: string; checked: boolean }[] = [];
  for (const list of nodes.filter((n) => n.type === 'taskList')) {
    for (const item of list.content ?? []) if (item.type === 'taskItem') criteria.push({ text: plainText(item).trim(), checked: item.attrs?.state === 'DONE' });
  }
  return {
    ...(dataBlock ? { data: plainText(dataBlock) } : {}),
    ...(excerptBlock ? { excerpt: plainText(excerptBlock), language: typeof excerptBlock.attrs?.language === 'string' ? excerptBlock.attrs.language : '' } : {}),
    criteria,
  };
}

function plainText(node: AdfNode): string {
  return (node.text ?? '') + (node.content ?? []).map(plainText).join('');
}
