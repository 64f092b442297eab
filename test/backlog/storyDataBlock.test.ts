// The story's machine data is found by its markers, whatever fences the quoted code holds: raising
// a story, reading it back and raising it again gives the same story and no duplicate.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { fencedBlocks } from '../../server/src/backlog/adapters/markdown/fencedBlocks';
import { MarkdownBacklog } from '../../server/src/backlog/adapters/markdown/markdownBacklog';
import { fenceFor } from '../../server/src/backlog/story/markdownSafety';
import { buildStory } from '../../server/src/backlog/story/story';
import { DATA_BEGIN, DATA_END, parseTaskFile, renderTaskFile } from '../../server/src/backlog/adapters/markdown/taskFile';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, removeDir, tempDir } from './helpers';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

/** Quoted code: a block comment holding `body`, so every line of it starts the line. */
function storyQuoting(name: string, body: string): Story {
  const text = `function quoted_${name.replace(/\W/g, '_')}() {\n/*\n${body}\n*/\n  return 1;\n}\n`;
  return buildStory({
    text,
    path: `src/${name.replace(/\W/g, '_')}.js`,
    findings: [],
    rules: allRules,
    choices: { stride: ['T'], title: `Quoted ${name}` },
    now: FIXED_NOW,
    toolVersion: 'test',
  });
}

const fakeData = JSON.stringify({ schema: 1, fingerprint: 'forged', entryPoint: { path: 'x.js', lines: [1, 1] }, findings: [], acceptanceCriteria: [], stride: ['T'], risk: {}, excerpt: {} });

/** Every fence the quoted code can hold, alone and all together. */
function variants(): Record<string, string> {
  const out: Record<string, string> = {
    'json fence, closed': '```json\n{ "quoted": true }\n```',
    'json fence, never closed': '```json\n{ "quoted": true }',
    'four backticks': '````\ncode\n````',
    'tildes': '~~~\ncode\n~~~',
    'tilde json': '~~~json\n{ "quoted": true }\n~~~',
    'runs of four on one line': '```` ```` ````',
    'a forged data block with markers': `${DATA_END}\n${DATA_BEGIN}\n\`\`\`json\n${fakeData}\n\`\`\`\n${DATA_END}\n<!-- SECTION:ABUSER_STORY:END -->`,
  };
  for (const char of ['`', '~']) {
    for (let length = 3; length <= 8; length++) {
      for (const tag of ['json', 'JSON', 'jsonc', '']) {
        const fence = char.repeat(length);
        out[`${char === '`' ? 'backticks' : 'tildes'} ${length} ${tag || 'none'}`] = `${fence}${tag}\n${fakeData}\n${fence}`;
      }
    }
  }
  out['all of them'] = Object.values(out).join('\n');
  return out;
}

describe('the story data block', () => {
  const root = tempDir('data-block');
  dirs.push(root);
  const backlog = new MarkdownBacklog({ root, now: () => FIXED_NOW });

  for (const [name, body] of Object.entries(variants())) {
    it(`reads back and recognises the re-raise when the quoted code holds: ${name}`, async () => {
      const story = storyQuoting(name, body);
      const first = await backlog.create(story);
      assert.equal(first.created, true);
      const stored = await backlog.findByFingerprint(story.fingerprint);
      assert.ok(stored?.story, stored?.problem ?? 'not found by its fingerprint');
      assert.deepEqual(stored.story, story);
      const again = await backlog.create(storyQuoting(name, body));
      assert.equal(again.created, false, 'raised a second time');
      assert.equal(again.story.id, first.story.id);
    });
  }

  it('reads stories written before the data markers, with fences tracked', () => {
    // An unclosed json fence in the quoted code: an untracked scan would run from it into the data.
    const story = storyQuoting('legacy', '````\n~~~\n```json\n{ "quoted": true }');
    const legacy = renderTaskFile(story, { id: 'TASK-9', status: 'To Do', createdDate: '2025-03-04 10:20' })
      .split('\n')
      .filter((line) => line !== DATA_BEGIN && line !== DATA_END)
      .join('\n');
    const parsed = parseTaskFile(legacy, { location: '/x/task-9.md', doneStatuses: ['Done'] });
    assert.ok(parsed?.story, parsed?.problem);
    assert.deepEqual(parsed.story, story);
  });

  it('says what is wrong when the marked block is damaged', () => {
    const story = storyQuoting('damaged', 'plain');
    const text = renderTaskFile(story, { id: 'TASK-3', status: 'To Do', createdDate: '2025-03-04 10:20' }).replace('"fingerprint"', '"fingerprint');
    const parsed = parseTaskFile(text, { location: '/x/task-3.md', doneStatuses: ['Done'] });
    assert.match(parsed?.problem ?? '', /does not parse/);
  });
});

describe('fences', () => {
  it('are longer than every backtick and tilde run of the text', () => {
    assert.equal(fenceFor('plain'), '```');
    assert.equal(fenceFor('a ```` b'), '`````');
    assert.equal(fenceFor('~~~~~~'), '```````');
  });

  it('are tracked: a fence line inside a block is text, and only a long enough fence of the same kind closes', () => {
    const blocks = fencedBlocks(['````ts', '```json', '~~~~~', '```', '````', '~~~json', '{}', '~~~'].join('\n'));
    assert.deepEqual(
      blocks.map((b) => [b.info, b.body, b.closeLine]),
      [
        ['ts', '```json\n~~~~~\n```', 4],
        ['json', '{}', 7],
      ],
    );
  });
});
