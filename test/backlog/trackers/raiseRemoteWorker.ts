// Run as a separate process by the tracker tests: raises the story in a JSON file into the tracker
// the JSON settings name, at the same moment as a sibling, and prints what it got as JSON.
import { readFileSync } from 'node:fs';
import { openBacklog } from '../../../server/src/backlog/adapters/registry';
import type { TrackerAccess } from '../../../server/src/backlog/backlog';
import type { BacklogSettings } from '../../../server/src/config/load';
import type { Story } from '../../../server/src/backlog/story/types';

async function main(): Promise<void> {
  const [settingsJson, accessJson, storyFile] = process.argv.slice(2);
  const story = JSON.parse(readFileSync(storyFile, 'utf8')) as Story;
  const backlog = openBacklog({ root: process.cwd(), settings: JSON.parse(settingsJson) as BacklogSettings, access: JSON.parse(accessJson) as TrackerAccess });
  const result = await backlog.create(story);
  process.stdout.write(JSON.stringify({ id: result.story.id, created: result.created }));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
});
