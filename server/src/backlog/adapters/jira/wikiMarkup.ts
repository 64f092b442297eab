// A story as a Jira Data Center description (REST v2 takes wiki markup, not Atlassian Document
// Format), and read back from one. Text a workspace wrote is escaped wherever Jira would read it as
// markup (wikiEscape.ts), so a title or a finding's message cannot become a link, a macro or a
// table. Code sits in {noformat} or {code} blocks, which Jira shows verbatim up to their closing
// tag: the excerpt goes into whichever of the two it does not contain, and the data block is JSON
// whose braces are written as \u escapes, so no closing tag can appear inside it. Criteria are a list marked (/) when done and
// (x) while open; ticking one in Jira means changing its mark, which Rugged reads back.
import { STRIDE } from '../../story/stride';
import type { Story } from '../../story/types';
import { siblingsSentence, storyData } from '../storyText';
import { escapeWiki, unescapeWiki } from './wikiEscape';

export interface DescriptionParts {
  data?: string;
  excerpt?: string;
  language?: string;
  criteria: { text: string; checked: boolean }[];
}

const DATA_OPEN = '{code:language=json|title=Rugged data}';
const CRITERIA_HEADING = 'h3. Acceptance criteria';
const DONE = '(/)';
const OPEN = '(x)';

export function storyWiki(story: Story): string {
  const ep = story.entryPoint;
  const stride = story.stride.map((s) => `${STRIDE[s].name} (${STRIDE[s].property.toLowerCase()})`).join(', ');
  const where = [ep.path, ep.symbol ? `in ${ep.symbol}` : '', `lines ${ep.lines[0]}-${ep.lines[1]}`, ep.commit ? `at commit ${ep.commit}` : ''].filter(Boolean).join(', ');
  const lines: string[] = [
    escapeWiki(story.narrative),
    '',
    escapeWiki(`STRIDE: ${stride}.${story.asset ? ` Asset at risk: ${story.asset}.` : ''}`),
    '',
    ...(siblingsSentence(story) ? [escapeWiki(siblingsSentence(story)!), ''] : []),
    'h3. Entry point',
    `${escapeWiki(`${where}.`)}${ep.permalink && isPlainUrl(ep.permalink) ? ` [Permalink|${ep.permalink}]` : ''}`,
    '',
    'h3. Risk',
    escapeWiki(`${story.risk.severity}, likelihood ${story.risk.likelihood} x impact ${story.risk.impact} (${story.risk.method}). ${story.risk.rationale}`),
  ];
  if (story.findings.length > 0) {
    lines.push('', 'h3. Findings');
    for (const f of story.findings) {
      const tags = f.cwe.length + f.owasp.length > 0 ? ` (${[...f.cwe, ...f.owasp].join(', ')})` : '';
      lines.push(`* ${escapeWiki(`${f.ruleId}${tags}: ${f.severity}, ${f.confidence} confidence, line ${f.lines[0]}. ${f.message}`)}`);
    }
  }
  if (story.acceptanceCriteria.length > 0) {
    lines.push('', CRITERIA_HEADING);
    for (const c of story.acceptanceCriteria) lines.push(`* ${c.done ? DONE : OPEN} ${escapeWiki(c.text)}`);
  }
  const notes = [`lines ${story.excerpt.lines[0]}-${story.excerpt.lines[1]}`];
  if (story.excerpt.redactions > 0) notes.push(`${story.excerpt.redactions} secret${story.excerpt.redactions === 1 ? '' : 's'} redacted`);
  lines.push('', `h3. ${escapeWiki(`Code (${notes.join(', ')})`)}`, ...verbatimBlock(story.excerpt.text, story.excerpt.language));
  lines.push('', escapeWiki('Rugged reads the data below; keep it when editing this issue.'), DATA_OPEN, braceFreeJson(storyData(story)), '{code}');
  return lines.join('\n');
}

/** The parts Rugged reads back: the data block, the quoted code and the criteria with their marks. */
export function wikiParts(description: unknown): DescriptionParts {
  const text = typeof description === 'string' ? description.replace(/\r\n/g, '\n') : '';
  const parts: DescriptionParts = { criteria: [] };
  const dataStart = text.lastIndexOf(`${DATA_OPEN}\n`);
  if (dataStart >= 0) {
    const body = text.slice(dataStart + DATA_OPEN.length + 1);
    const end = body.indexOf('\n{code}');
    if (end >= 0) parts.data = body.slice(0, end);
  }
  const beforeData = dataStart >= 0 ? text.slice(0, dataStart) : text;
  const excerpt = /\n\{(noformat|code)(?::language=([a-z0-9+-]*))?\}\n([\s\S]*?)\n\{\1\}\n?/g;
  for (const match of beforeData.matchAll(excerpt)) {
    parts.excerpt = match[3];
    parts.language = match[2] ?? '';
  }
  const criteriaAt = beforeData.indexOf(`${CRITERIA_HEADING}\n`);
  if (criteriaAt >= 0) {
    for (const line of beforeData.slice(criteriaAt + CRITERIA_HEADING.length + 1).split('\n')) {
      const item = /^\* \((\/|x|on|off|y|n)\) ?(.*)$/.exec(line);
      if (!item) break;
      parts.criteria.push({ text: unescapeWiki(item[2]).trim(), checked: item[1] === '/' || item[1] === 'y' || item[1] === 'on' });
    }
  }
  return parts;
}

/** Code shown verbatim: {noformat} unless the code itself holds that tag, then {code}. */
function verbatimBlock(code: string, language: string): string[] {
  const lang = /^[a-z0-9+-]{1,20}$/.test(language) ? language : '';
  if (!code.includes('{noformat}')) return ['{noformat}', code, '{noformat}'];
  if (!code.includes('{code}')) return [lang ? `{code:language=${lang}}` : '{code}', code, '{code}'];
  // Holds both closing tags: the braces of the tags are broken, which Jira shows almost as written.
  return ['{noformat}', code.replace(/\{(noformat|code)\}/g, '{ $1 }'), '{noformat}'];
}

/** The same JSON with every brace inside strings written as \u escapes: no '{code}' can appear. */
function braceFreeJson(json: string): string {
  return json.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => literal.replace(/\{/g, '\\u007b').replace(/\}/g, '\\u007d'));
}

function isPlainUrl(url: string): boolean {
  return /^https?:\/\/[^\s|\][{}]+$/.test(url);
}
