// Two stories of one backlog never share a title: a board lists them side by side, and a product
// owner who sees the same line twice cannot tell which one to plan. Two injections into one route
// (or two handlers in a file without routes) give the same loss and place, so the title then says
// what tells them apart: the request field the attack enters through, else the line it starts on.
import { storyTitle } from './storyTitle';
import type { Story } from './types';

const LOCATIONS: Readonly<Record<string, string>> = {
  query: 'query parameter',
  body: 'field',
  params: 'path segment',
  headers: 'header',
  cookies: 'cookie',
};

/** The story's title, or one that no title in `taken` (compared without case) already has. */
export function distinctTitle(story: Story, taken: ReadonlySet<string>): string {
  const used = new Set([...taken].map(normalised));
  if (!used.has(normalised(story.title))) return story.title;
  const where = story.entryPoint.symbol ?? story.entryPoint.path.slice(story.entryPoint.path.lastIndexOf('/') + 1);
  const suffix = ` in ${where}`;
  const head = story.title.endsWith(suffix) ? story.title.slice(0, -suffix.length) : story.goal;
  for (const hint of hintsOf(story)) {
    const title = storyTitle([head, story.goal], `${where} ${hint}`, story.asset ?? '');
    if (!used.has(normalised(title))) return title;
  }
  // Same field, same line: only the order they were raised in is left to tell them apart.
  for (let n = 2; ; n++) {
    const title = storyTitle([head, story.goal], `${where} (story ${n})`, story.asset ?? '');
    if (!used.has(normalised(title))) return title;
  }
}

/** What sets this story apart, most telling first: the request fields its findings name, then its first line. */
function hintsOf(story: Story): string[] {
  const fields = new Set<string>();
  for (const finding of story.findings) {
    for (const m of finding.message.matchAll(/\breq\.(query|body|params|headers|cookies)\.([\w-]+)/g)) fields.add(`through the ${m[2]} ${LOCATIONS[m[1]]}`);
  }
  const line = story.findings[0]?.lines[0] ?? story.entryPoint.lines[0];
  return [...fields, `at line ${line}`];
}

function normalised(title: string): string {
  return title.trim().toLowerCase();
}
