// A story as a Backlog.md task file, and back. Front matter holds only Backlog.md's own keys
// (its CLI drops unknown ones when it edits a task); Rugged's data lives in a marked body section
// that Backlog.md keeps, as JSON whose `<`, `>` and `@` are escaped so nothing in it can fake a
// section marker or ping anyone, while reading it back gives exactly what was written. The JSON
// block sits between its own markers, so it is found by them, never by guessing which fenced block
// of the section it is: the quoted code before it may hold anything that looks like a fence.
import { Document, parse as parseYaml, Scalar } from 'yaml';
import { fencedBlocks, isJsonInfo } from './fencedBlocks';
import { parseTracking } from './trackingSection';
import { codeBlock, guardCode, inertMarkdown, inlineCode } from '../../story/markdownSafety';
import { ordinalOf } from '../../story/risk';
import { STRIDE } from '../../story/stride';
import { STORY_SCHEMA_VERSION, type Story, type StoredStory } from '../../story/types';

export const SECTION_BEGIN = '<!-- SECTION:ABUSER_STORY:BEGIN -->';
export const SECTION_END = '<!-- SECTION:ABUSER_STORY:END -->';
export const DESCRIPTION_BEGIN = '<!-- SECTION:DESCRIPTION:BEGIN -->';
export const DESCRIPTION_END = '<!-- SECTION:DESCRIPTION:END -->';
export const AC_BEGIN = '<!-- AC:BEGIN -->';
export const AC_END = '<!-- AC:END -->';
/** Around the JSON block inside the Abuser Story section. Quoted code is guarded (guardCode), so it cannot hold these. */
export const DATA_BEGIN = '<!-- RUGGED:STORY-DATA:BEGIN -->';
export const DATA_END = '<!-- RUGGED:STORY-DATA:END -->';

export interface TaskMeta {
  /** `TASK-7`. */
  id: string;
  status: string;
  /** Backlog.md's format: `YYYY-MM-DD HH:MM`. */
  createdDate: string;
}

/** Backlog.md writes dates as local `YYYY-MM-DD HH:MM`. */
export function backlogDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/**
 * Where the story's data goes: inline in the Abuser Story section (remote trackers, whose item is
 * one text), or in a sidecar file whose path (relative to the backlog folder) the section names.
 */
export type DataPlacement = { sidecar: string } | undefined;

/** `.rugged/task-7.json`: the sidecar of task `TASK-7`, relative to the backlog folder. */
export function sidecarPath(id: string): string {
  return `.rugged/${id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.json`;
}

/** The sidecar file's text: the same escaped JSON the inline block holds. */
export function renderSidecar(story: Story): string {
  return `${encodeStoryData(story)}\n`;
}

export function renderTaskFile(story: Story, meta: TaskMeta, data?: DataPlacement): string {
  const frontMatter = new Document({
    id: meta.id,
    title: story.title,
    status: meta.status,
    assignee: [],
    created_date: meta.createdDate,
    labels: story.labels,
    priority: story.priority,
    // Backlog.md has three priorities; the ordinal keeps Critical above High on a sorted board.
    ordinal: ordinalOf(story.risk),
    // Backlog.md's own link: the platform stories this one relies on.
    dependencies: story.dependsOn?.map((d) => d.id) ?? [],
  });
  // Unquoted, a date-time could be read as a timestamp by other YAML parsers; Backlog.md quotes it.
  const created = frontMatter.get('created_date', true);
  if (created instanceof Scalar) created.type = Scalar.QUOTE_SINGLE;
  return `---\n${frontMatter.toString({ lineWidth: 0 })}---\n\n${renderTaskBody(story, data)}`;
}

/** The Markdown body; also what a remote tracker adapter sends as the item's description. */
export function renderTaskBody(story: Story, data?: DataPlacement): string {
  const criteria = story.acceptanceCriteria.map((c, i) => `- [${c.done ? 'x' : ' '}] #${i + 1} ${c.text}`);
  return [
    '## Description',
    '',
    DESCRIPTION_BEGIN,
    renderDescription(story),
    DESCRIPTION_END,
    '',
    '## Acceptance Criteria',
    AC_BEGIN,
    ...criteria,
    AC_END,
    '',
    '## Abuser Story',
    '',
    SECTION_BEGIN,
    renderDetails(story, data),
    SECTION_END,
    '',
  ].join('\n');
}

export function renderDescription(story: Story): string {
  const stride = story.stride.map((s) => `${STRIDE[s].name} (${STRIDE[s].property.toLowerCase()})`).join(', ');
  const lines = [story.narrative, ''];
  lines.push(`STRIDE: ${stride}.${story.asset ? ` Asset at risk: ${story.asset}.` : ''}`);
  // What `backlog task view` shows is the description: the entry point, the risk and the findings
  // belong here, in one line each, so the board answers "where, how bad, why" without the data block.
  const ep = story.entryPoint;
  const place = `${ep.symbol ? `${inlineCode(ep.symbol)} in ` : ''}${inlineCode(`${ep.path}:${ep.lines[0]}-${ep.lines[1]}`)}`;
  lines.push('', story.platform ? `Entry point: the whole application (a platform control, done once for every route)${evidenceText(story)}.` : `Entry point: ${place}${ep.permalink ? ` (${ep.permalink})` : ''}.`);
  lines.push(`Risk: ${story.risk.severity} (likelihood ${story.risk.likelihood} x impact ${story.risk.impact}): ${inertMarkdown(riskReason(story.risk.rationale))}.`);
  if (story.findings.length > 0) {
    lines.push(`Findings: ${story.findings.map((f) => `${inlineCode(f.ruleId)} line ${f.lines[0]} (${f.fingerprint.slice(0, 8)})`).join(', ')}.`);
  }
  // The view shows no other section of Rugged's, so the sibling stories are named here too.
  if (story.raisedWith?.length) lines.push(`Raised together with: ${siblingsText(story.raisedWith)}.`);
  return lines.join('\n');
}

/** The clause of the rationale that says why, without the arithmetic: "request input was traced to this code". */
function riskReason(rationale: string): string {
  const parts = rationale.replace(/^Highest of \d+ linked findings, from [^:]+: /, '').split(/;\s+(?=(?:likelihood|impact) \d|\d x \d)/i);
  // Every level the code moved says why (a likelihood lowered, an impact raised); else the first clause.
  const because = parts.map((p) => /(?:raised|confirmed|lowered|capped|kept|set) because (.*)$/s.exec(p)?.[1]).filter((b): b is string => Boolean(b));
  return (because.length > 0 ? because.join('; ') : parts[0]).replace(/[.\s]+$/, '');
}

/** "; evidence: `src/app.js:9` reads form bodies (urlencoded), ...": where a platform story's rating comes from. */
function evidenceText(story: Story): string {
  if (!story.platformEvidence?.length) return '';
  return `; evidence: ${story.platformEvidence.map((e) => `${inlineCode(`${e.path}:${e.line}`)} ${inertMarkdown(e.what)}`).join(', ')}`;
}

export function renderDetails(story: Story, data?: DataPlacement): string {
  const ep = story.entryPoint;
  const where = [inlineCode(ep.path)];
  if (ep.symbol) where.push(`in ${inlineCode(ep.symbol)}`);
  where.push(`lines ${ep.lines[0]}-${ep.lines[1]}`);
  if (ep.commit) where.push(`at commit ${inlineCode(ep.commit)}`);
  const entry = story.platform ? `the whole application${evidenceText(story)}` : `${where.join(', ')}${ep.permalink ? ` ([permalink](${ep.permalink}))` : ''}`;
  const out: string[] = [`**Entry point:** ${entry}.`];
  // How the attack works and what else the findings allow: kept out of the narrative's one goal.
  if (story.technique) out.push('', `**How:** by ${story.technique}.`);
  if (story.relatedGoals?.length) out.push('', `**Related goals in these findings:** ${story.relatedGoals.join('; ')}.`);
  if (story.raisedWith?.length) out.push('', `**Raised together with:** ${siblingsText(story.raisedWith)} (one story per attacker goal in the same code).`);
  if (ep.uncommitted) out.push('The quoted code had uncommitted changes when the story was raised; the permalink shows the committed version.');
  out.push('');
  out.push(`**Risk:** ${story.risk.severity}, likelihood ${story.risk.likelihood} x impact ${story.risk.impact} (${story.risk.method}). ${inertMarkdown(story.risk.rationale)}`);
  out.push('');
  if (story.findings.length > 0) {
    out.push('**Findings:**', '');
    for (const f of story.findings) {
      const refs = inertMarkdown([...f.cwe, ...f.owasp].join(', '));
      const lines = f.lines[1] > f.lines[0] ? `lines ${f.lines[0]}-${f.lines[1]}` : `line ${f.lines[0]}`;
      out.push(`- ${inlineCode(f.ruleId)}${refs ? ` (${refs})` : ''}: ${f.severity}, ${f.confidence} confidence, ${lines}. ${f.message}`);
    }
    out.push('');
  }
  if (story.testSkeleton) {
    const t = story.testSkeleton;
    out.push(`**Security test** (${inlineCode(t.path)}, ${t.framework}; run it against the started app with \`BASE_URL\`):`, '', codeBlock(guardCode(t.code), 'js'), '');
  }
  if (story.testNote) out.push(`**Security test:** none proposed. ${story.testNote}.`, '');
  // An open route matters only where the story assumed a login; a guard or an unknown is always worth saying.
  if (story.authentication && (story.authentication.state !== 'unguarded' || story.authentication.assumed)) out.push(`**Authentication:** ${authenticationText(story.authentication)}`, '');
  if (story.loginTest) out.push(`**Login test:** ${story.loginTest.criterion}.`, '', codeBlock(guardCode(story.loginTest.code), 'js'), '');
  if (story.missingLogin) out.push('**Routes that check no login:**', '', ...story.missingLogin.routes.map((r) => `- ${inlineCode(`${r.method} ${r.path}`)} (${r.file ? `${r.file}:${r.line}` : `line ${r.line}`})${r.does ? `: ${r.does}` : ''}`), '');
  for (const d of story.dependsOn ?? []) if (d.why) out.push(`**Depends on ${d.id}** (${inertMarkdown(d.title)}): ${d.why}.`, '');
  const notRaised = new Set(story.platformNotRaised?.map((n) => n.control));
  const left = story.platformControls?.filter((c) => !notRaised.has(c)) ?? [];
  if (left.length > 0) {
    const platform = (story.dependsOn ?? []).filter((d) => !d.why);
    const links = platform.length ? ` See ${platform.map((d) => `${d.id} (${inertMarkdown(d.title)})`).join(', ')}.` : '';
    out.push(`**Left to a platform story** (site-wide, not part of this fix): ${left.join('; ')}.${links}`, '');
  }
  if (story.platformNotRaised?.length) {
    out.push('**Site-wide controls not raised** (the code shows them unneeded, or cannot show whether they are):', '', ...story.platformNotRaised.map((n) => `- ${inertMarkdown(n.control)}: ${inertMarkdown(n.reason)}.`), '');
  }
  if (story.platform) {
    out.push('**Platform story:** raised once for the whole site; the stories that rely on it list it in their dependencies.', '');
    out.push(...dataLines(story, data));
    return out.join('\n');
  }
  const notes = [`lines ${story.excerpt.lines[0]}-${story.excerpt.lines[1]}`];
  if (story.excerpt.redactions > 0) notes.push(`${story.excerpt.redactions} secret${story.excerpt.redactions === 1 ? '' : 's'} redacted`);
  if (story.excerpt.truncated) notes.push('cut to the first lines');
  // Guarded again here (it is idempotent) so no caller can put a marker into the quoted code.
  out.push(`**Code** (${notes.join(', ')}):`, '', codeBlock(guardCode(story.excerpt.text), story.excerpt.language), '');
  out.push(...dataLines(story, data));
  return out.join('\n');
}

/** What Rugged read about the route's login check, in one sentence. */
function authenticationText(auth: NonNullable<Story['authentication']>): string {
  const route = inlineCode(auth.route);
  if (auth.state === 'guarded') return `${route} is guarded by ${inertMarkdown(auth.guard ?? 'a check')} at ${inlineCode(auth.where ?? '?')}.`;
  if (auth.state === 'unknown') return `whether ${route} checks a login is unknown: ${inertMarkdown(auth.reason ?? 'its middleware could not be read')}.`;
  const assumed = auth.assumed ? `, although the story assumed it is meant for ${inertMarkdown(auth.assumed)}` : '';
  return `nothing on ${route}, its router or where it is mounted checks a login${assumed}.`;
}

/** `TASK-3 (Take over user accounts in POST /login)`: the tracker id once known, else the story key. */
export function siblingsText(siblings: NonNullable<Story['raisedWith']>): string {
  return siblings.map((s) => `${s.id ?? s.key} (${inertMarkdown(s.title)})`).join(', ');
}

/** The machine data inline, or one line naming the sidecar file that holds it. */
function dataLines(story: Story, data: DataPlacement): string[] {
  if (data) return [`Rugged keeps this story's data in ${inlineCode(data.sidecar)} in the backlog folder; keep that file with the task.`];
  return ['Rugged reads the data below; keep it when editing this task.', '', DATA_BEGIN, codeBlock(encodeStoryData(story), 'json'), DATA_END];
}

/** JSON with `<`, `>`, `&` and `@` as \u escapes: inert in any renderer, identical once parsed. */
export function encodeStoryData(story: Story): string {
  const data: Omit<Story, 'excerpt'> & { excerpt: Omit<Story['excerpt'], 'text'> } = { ...story, excerpt: { ...story.excerpt } };
  delete (data.excerpt as Partial<Story['excerpt']>).text;
  const json = JSON.stringify(data, null, 2).replace(/[<>&@]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // Lists of plain values on one line. JSON strings never hold a raw line break, so a bracket
  // followed by one is always structure, never text.
  return json.replace(/\[\n\s+([^[\]{}]*?)\n\s*\]/g, (_whole, items: string) => `[${items.replace(/,\n\s+/g, ', ')}]`);
}

export interface ParseOptions {
  /** Absolute path of the file, stored as `location`. */
  location: string;
  /** Statuses that mean the work is finished (Backlog.md: the last configured status, usually Done). */
  doneStatuses: readonly string[];
  /** The file lies in Backlog.md's completed/ folder. */
  completed?: boolean;
  /** The text of the task's sidecar data file, when it has one; it wins over an inline block. */
  sidecar?: string;
}

/**
 * Reads a task file. Returns undefined for tasks that are not abuser stories (no Rugged section
 * and no `abuser-story` label); a damaged Rugged section gives a StoredStory with `problem` set.
 */
export function parseTaskFile(text: string, options: ParseOptions): StoredStory | undefined {
  const normalised = text.replace(/\r\n?/g, '\n');
  const fm = /^---\n([\s\S]*?)\n---(?:\n|$)/.exec(normalised);
  if (!fm) return undefined;
  let front: Record<string, unknown>;
  try {
    const parsed: unknown = parseYaml(fm[1]);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    front = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const body = normalised.slice(fm[0].length);
  const labels = Array.isArray(front.labels) ? front.labels.map(String) : [];
  const section = sectionBetween(body, SECTION_BEGIN, SECTION_END);
  if (section === undefined && !labels.includes('abuser-story')) return undefined;

  const status = typeof front.status === 'string' ? front.status : '';
  const acceptanceCriteria = readCriteria(body);
  const stored: StoredStory = {
    id: scalarText(front.id),
    title: scalarText(front.title),
    status,
    done: Boolean(options.completed) || options.doneStatuses.some((s) => s.toLowerCase() === status.toLowerCase()),
    labels,
    ...(typeof front.priority === 'string' ? { priority: front.priority } : {}),
    location: options.location,
    acceptanceCriteria,
    ...readDecisions(front, body),
  };
  if (section === undefined) return stored;
  const data = options.sidecar !== undefined ? readSidecar(options.sidecar, section) : readStoryData(section);
  if (typeof data === 'string') return { ...stored, problem: data };
  // The task file is the truth for what people change with Backlog.md: title, status, checked boxes.
  data.acceptanceCriteria = data.acceptanceCriteria.map((criterion, index) => {
    const match = acceptanceCriteria.find((c) => c.text === criterion.text) ?? acceptanceCriteria.find((c) => c.index === index + 1);
    return { ...criterion, done: match ? match.checked : criterion.done };
  });
  return { ...stored, story: data };
}

/**
 * The Rugged data and the acceptance criteria of a story body as renderTaskBody wrote it, for
 * remote trackers that keep the body as the item's description. `story` is absent when the body
 * has no Rugged section; `problem` says what is wrong with a damaged one.
 */
export function readStoryBody(body: string): { story?: Story; problem?: string; acceptanceCriteria: StoredStory['acceptanceCriteria'] } {
  const normalised = body.replace(/\r\n?/g, '\n');
  const acceptanceCriteria = readCriteria(normalised);
  const section = sectionBetween(normalised, SECTION_BEGIN, SECTION_END);
  if (section === undefined) return { acceptanceCriteria };
  const data = readStoryData(section);
  return typeof data === 'string' ? { problem: data, acceptanceCriteria } : { story: data, acceptanceCriteria };
}

/** Owner (front matter) and risk decisions (the Risk Tracking section), which people edit. */
function readDecisions(front: Record<string, unknown>, body: string): Pick<StoredStory, 'assignee' | 'tracking'> {
  const assignee = (Array.isArray(front.assignee) ? front.assignee : [front.assignee]).filter((a) => typeof a === 'string' && a.trim() !== '').map(String);
  const tracking = parseTracking(body);
  return { ...(assignee.length > 0 ? { assignee } : {}), ...(tracking ? { tracking } : {}) };
}

function sectionBetween(body: string, begin: string, end: string): string | undefined {
  const lines = body.split('\n');
  const start = lines.findIndex((l) => l.trim() === begin);
  if (start < 0) return undefined;
  const stop = lines.findIndex((l, i) => i > start && l.trim() === end);
  if (stop < 0) return undefined;
  return lines.slice(start + 1, stop).join('\n');
}

function readCriteria(body: string): StoredStory['acceptanceCriteria'] {
  const section = sectionBetween(body, AC_BEGIN, AC_END);
  if (section === undefined) return [];
  const out: StoredStory['acceptanceCriteria'] = [];
  for (const line of section.split('\n')) {
    const match = /^\s*- \[([ xX])\] (?:#(\d+) )?(.*)$/.exec(line);
    if (match) out.push({ index: match[2] ? Number(match[2]) : out.length + 1, text: match[3].trim(), checked: match[1] !== ' ' });
  }
  return out;
}

/** The Story from a sidecar file, with the excerpt from the task's section. */
function readSidecar(text: string, section: string): Story | string {
  return storyFromJson(text, section, 'the sidecar data file');
}

/** The Story from the section's data block, or a sentence saying what is wrong. */
function readStoryData(section: string): Story | string {
  const json = dataBlockText(section);
  if (json === undefined) return 'the Abuser Story section has no JSON data block and no sidecar data file';
  return storyFromJson(json, section, 'the JSON data block of the Abuser Story section');
}

function storyFromJson(json: string, section: string, where: string): Story | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return `${where} does not parse (${(error as Error).message})`;
  }
  const problem = shapeProblem(value);
  if (problem) return problem;
  const story = value as Story;
  return { ...story, excerpt: { ...story.excerpt, text: readExcerpt(section) } };
}

/**
 * The JSON between the data markers. Stories written before the markers existed have the JSON as
 * the last closed json block of the section, found with the fences tracked, so a fence line inside
 * the quoted code is read as the code it is.
 */
function dataBlockText(section: string): string | undefined {
  const lines = section.split('\n');
  const begin = lines.findIndex((l) => l.trim() === DATA_BEGIN);
  if (begin >= 0) {
    const end = lines.findIndex((l, i) => i > begin && l.trim() === DATA_END);
    const inside = lines.slice(begin + 1, end < 0 ? undefined : end).join('\n');
    return fencedBlocks(inside).find((b) => isJsonInfo(b.info) && b.closeLine >= 0)?.body;
  }
  return fencedBlocks(section)
    .filter((b) => isJsonInfo(b.info) && b.closeLine >= 0)
    .at(-1)?.body;
}

function shapeProblem(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return 'the data block is not an object';
  const v = value as Record<string, unknown>;
  if (typeof v.schema !== 'number' || v.schema > STORY_SCHEMA_VERSION) return `the data block has schema ${String(v.schema)}, newer than this Rugged understands`;
  if (typeof v.fingerprint !== 'string' || !v.fingerprint) return 'the data block has no fingerprint';
  const ep = v.entryPoint as Record<string, unknown> | undefined;
  if (!ep || typeof ep.path !== 'string' || !Array.isArray(ep.lines)) return 'the data block has no entry point';
  if (!Array.isArray(v.findings) || !Array.isArray(v.acceptanceCriteria) || !Array.isArray(v.stride)) return 'the data block lacks findings, acceptance criteria or STRIDE';
  if (!v.risk || typeof v.risk !== 'object') return 'the data block has no risk rating';
  if (!v.excerpt || typeof v.excerpt !== 'object') return 'the data block has no excerpt description';
  return undefined;
}

/** The first fenced block after the **Code** line. */
function readExcerpt(section: string): string {
  const codeLine = section.split('\n').findIndex((l) => l.startsWith('**Code**'));
  if (codeLine < 0) return '';
  return fencedBlocks(section).find((b) => b.openLine > codeLine)?.body ?? '';
}

/** A front-matter scalar as text; a missing value, a list or a map where a scalar belongs reads as empty. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
