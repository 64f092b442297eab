// Reads a rule's Markdown page into headings, sections and tagged code examples, and checks its
// shape against the house layout. Only what the checks need: no Markdown library.
import type { RuleModule } from '../../server/src/engine/api';

export interface Heading {
  level: number;
  text: string;
  /** 1-based line in the doc. */
  line: number;
}

export interface CodeExample {
  /** The fence's language: js, ts, jsx or tsx. */
  language: string;
  expectation: 'incorrect' | 'correct';
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The H2 section it sits in. */
  section: string;
}

export interface CodeBlock {
  info: string;
  code: string;
  line: number;
  section: string;
}

export interface ParsedDoc {
  headings: Heading[];
  /** Body text of each H2 section (without the heading line), keyed by heading text. */
  sections: Map<string, string>;
  blocks: CodeBlock[];
}

const EXECUTABLE_LANGUAGES = new Set(['js', 'ts', 'jsx', 'tsx']);
const JS_LIKE_LANGUAGES = new Set([...EXECUTABLE_LANGUAGES, 'javascript', 'typescript', 'mjs', 'cjs']);

/**
 * Headings in the order the house style fixes; `Options` may be left out, and so may `Recognised
 * guards`, which rules that report input write to say which checks on it they honour.
 */
export const REQUIRED_SECTIONS = ['Checklist item', 'Why it matters', 'Incorrect', 'Correct', 'Quick fix', 'Options', 'Recognised guards', 'Known limitations', 'When not to use it', 'Measured precision', 'References'];
const OPTIONAL_SECTIONS = new Set(['Options', 'Recognised guards']);

export function parseDoc(markdown: string): ParsedDoc {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const headings: Heading[] = [];
  const sections = new Map<string, string>();
  const blocks: CodeBlock[] = [];
  let section = '';
  let sectionLines: string[] = [];
  let fence: { marker: string; info: string; line: number; body: string[] } | undefined;
  const closeSection = () => {
    if (section) sections.set(section, sectionLines.join('\n'));
  };

  lines.forEach((line, index) => {
    if (fence) {
      if (line.trim().startsWith(fence.marker) && line.trim().replace(/[`~]/g, '') === '' && line.trim().length >= fence.marker.length) {
        blocks.push({ info: fence.info, code: fence.body.join('\n') + '\n', line: fence.line, section });
        fence = undefined;
      } else fence.body.push(line);
      sectionLines.push(line);
      return;
    }
    const opening = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(line);
    if (opening) {
      fence = { marker: opening[1], info: opening[2].trim(), line: index + 1, body: [] };
      sectionLines.push(line);
      return;
    }
    const heading = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      headings.push({ level: heading[1].length, text: heading[2], line: index + 1 });
      if (heading[1].length <= 2) {
        closeSection();
        section = heading[1].length === 2 ? heading[2] : '';
        sectionLines = [];
        return;
      }
    }
    sectionLines.push(line);
  });
  closeSection();
  return { headings, sections, blocks };
}

/** The executable examples: fences tagged `js incorrect`, `ts correct`, `tsx incorrect`... */
export function examplesOf(doc: ParsedDoc): CodeExample[] {
  const out: CodeExample[] = [];
  for (const block of doc.blocks) {
    const [language, expectation] = block.info.split(/\s+/);
    if (!EXECUTABLE_LANGUAGES.has(language) || (expectation !== 'incorrect' && expectation !== 'correct')) continue;
    out.push({ language, expectation, code: block.code, line: block.line, section: block.section });
  }
  return out;
}

function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The structure of the page: headings, checklist text, tagged examples, references. */
export function docProblems(doc: ParsedDoc, rule: RuleModule, readsOptions: boolean): string[] {
  const problems: string[] = [];
  const h1 = doc.headings.filter((h) => h.level === 1);
  const expectedTitle = `${rule.id}: ${rule.meta.title}`;
  if (h1.length !== 1 || h1[0].line !== firstHeadingLine(doc)) problems.push(`the page must open with exactly one H1 "# ${expectedTitle}"`);
  else if (h1[0].text !== expectedTitle) problems.push(`H1 is "${h1[0].text}"; expected "${expectedTitle}" (id and metadata title)`);

  const h2 = doc.headings.filter((h) => h.level === 2).map((h) => h.text);
  const expected = REQUIRED_SECTIONS.filter((s) => !OPTIONAL_SECTIONS.has(s) || h2.includes(s));
  if (h2.join(' | ') !== expected.join(' | ')) problems.push(`H2 headings are [${h2.join(' | ')}]; expected [${expected.join(' | ')}]`);
  if (readsOptions && !h2.includes('Options')) problems.push('the rule reads context.options, so the page needs an "## Options" section');

  const checklist = doc.sections.get('Checklist item');
  if (checklist !== undefined && normaliseSpace(checklist) !== normaliseSpace(rule.meta.checklist)) {
    problems.push(`"## Checklist item" must be the metadata checklist verbatim:\n  doc:  ${normaliseSpace(checklist)}\n  meta: ${normaliseSpace(rule.meta.checklist)}`);
  }
  for (const s of REQUIRED_SECTIONS) {
    const body = doc.sections.get(s);
    if (body !== undefined && normaliseSpace(body) === '') problems.push(`"## ${s}" is empty`);
  }

  const examples = examplesOf(doc);
  if (!examples.some((e) => e.expectation === 'incorrect' && e.section === 'Incorrect')) problems.push('"## Incorrect" needs at least one ```js incorrect (or ts/jsx/tsx) example');
  if (!examples.some((e) => e.expectation === 'correct' && e.section === 'Correct')) problems.push('"## Correct" needs at least one ```js correct (or ts/jsx/tsx) example');
  for (const block of doc.blocks) {
    const [language, tag] = block.info.split(/\s+/);
    if (!JS_LIKE_LANGUAGES.has(language)) continue;
    const wanted = block.section === 'Incorrect' ? 'incorrect' : block.section === 'Correct' ? 'correct' : undefined;
    if (wanted && (tag !== wanted || !EXECUTABLE_LANGUAGES.has(language))) {
      problems.push(`line ${block.line}: a code block under "## ${block.section}" must be tagged \`js ${wanted}\` (or ts/jsx/tsx) so it is executed`);
    }
  }

  const references = doc.sections.get('References') ?? '';
  for (const cwe of rule.meta.cwe) {
    const number = cwe.replace(/^CWE-/, '');
    if (!references.includes(cwe) && !references.includes(`cwe.mitre.org/data/definitions/${number}.html`)) problems.push(`"## References" does not mention ${cwe}`);
  }
  for (const url of rule.meta.references) if (!references.includes(url)) problems.push(`"## References" does not link ${url} from the metadata`);
  return problems;
}

function firstHeadingLine(doc: ParsedDoc): number {
  return doc.headings[0]?.line ?? 0;
}
