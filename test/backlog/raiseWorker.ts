// Run as a separate process by markdownBacklog.test.ts: raises the stories in a JSON file into a
// workspace at the same moment as its siblings, and prints the ids it got as JSON. It loads only
// the backlog, not the parser, so that starting several of them stays cheap.
import { readFileSync } from 'node:fs';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import type { Story } from '../../server/src/backlog/story/types';

async function main(): Promise<void> {
  const [root, storiesFile] = process.argv.slice(2);
  const stories = JSON.parse(readFileSync(storiesFile, 'utf8')) as Story[];
  const backlog = new MarkdownBacklog({ root });
  const ids: string[] = [];
  for (const story of stories) ids.push((await backlog.create(story)).story.id);
  process.stdout.write(JSON.stringify(ids));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
});
