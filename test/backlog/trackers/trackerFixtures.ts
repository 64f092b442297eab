// Stories and helpers the tracker tests share: a story whose quoted code holds fake secrets (so
// redaction can be checked in what is sent), and a second process raising the same story.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../../rules/index';
import type { TrackerAccess } from '../../../server/src/backlog/backlog';
import { buildStory } from '../../../server/src/backlog/story/story';
import type { Story } from '../../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from '../helpers';

/** The search route and the fake credentials below it (lines 6-21). */
export function shopStory(): Story {
  return buildStory({
    text: SHOP_TEXT,
    path: SHOP_PATH,
    selection: { startLine: 6, endLine: 21 },
    findings: findingsOf(SHOP_TEXT, SHOP_PATH),
    rules: allRules,
    now: FIXED_NOW,
    toolVersion: 'test',
  });
}

export const FAKE_SECRETS = ['AKIAQWERTYUIOPASDFGH', 'hunter2-correct-horse'];

export interface WorkerResult {
  id: string;
  created: boolean;
}

/** Raises `story` from a separate process (tsx), as a second editor or a CI job would. */
export function raiseInChild(dir: string, label: string, settings: Record<string, unknown>, access: TrackerAccess, story: Story): Promise<WorkerResult> {
  const file = join(dir, `${label}.json`);
  writeFileSync(file, JSON.stringify(story));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'raiseRemoteWorker.ts'), JSON.stringify(settings), JSON.stringify(access), file],
      { cwd: join(__dirname, '../../..') },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as WorkerResult);
      },
    );
  });
}
