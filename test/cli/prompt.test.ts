// The story prompt when its input ends: silence is not consent. The prompter itself, and
// `rugged story` in-process on a fake terminal whose input ends before or during the questions.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { run } from '../../server/src/cli/main';
import { createPrompter, InputEnded } from '../../server/src/cli/prompt';
import { tempProject } from './helpers';

/** A terminal's input that delivers these lines, then ends. */
function terminalInput(lines: string[]): PassThrough & { isTTY: boolean } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  input.end(lines.map((line) => `${line}\n`).join(''));
  return input;
}

describe('createPrompter', () => {
  it('an empty line takes the default; the end of the input is no answer at all', async () => {
    let shown = '';
    const prompter = createPrompter(terminalInput(['', 'n']), { write: (s: string) => (shown += s) });
    assert.equal(await prompter.ask('Title', 'Proposed'), 'Proposed');
    assert.equal(await prompter.confirm('Raise?', true), false);
    await assert.rejects(prompter.confirm('Raise?', true), InputEnded);
    await assert.rejects(prompter.ask('Title', 'Proposed'), InputEnded);
    prompter.close();
    assert.match(shown, /Raise\? \[Y\/n\]: \nTitle \[Proposed\]: \n$/, 'each unanswered question line is ended');
  });

  it('a failing input counts as ended, not as yes', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const prompter = createPrompter(input, { write: () => undefined });
    const answer = prompter.confirm('Raise?', true);
    input.destroy(new Error('EIO'));
    await assert.rejects(answer, InputEnded);
    prompter.close();
  });
});

describe('rugged story on a terminal whose input ends', () => {
  const cleanups: (() => void)[] = [];
  after(() => cleanups.forEach((remove) => remove()));

  for (const [when, answers] of [
    ['before the first answer', []],
    ['after some answers, before the confirmation', ['T', '', '']],
  ] as const) {
    it(`writes nothing and says so when it ends ${when}`, async () => {
      const made = tempProject({ 'src/a.js': "app.get('/', (req) => db.query('SELECT * FROM t WHERE id = ' + req.query.id));\n" });
      cleanups.push(made.remove);
      let stdout = '';
      let stderr = '';
      const code = await run(['story', 'src/a.js'], {
        stdout: { write: (s: string) => (stdout += s), isTTY: true },
        stderr: { write: (s: string) => (stderr += s), isTTY: true },
        stdin: terminalInput([...answers]),
        cwd: made.root,
        env: {},
      });
      assert.equal(code, 0, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /\nrugged: no answer \(the input ended\); not raised, nothing written\.\n$/);
      assert.equal(existsSync(join(made.root, 'backlog')), false, 'no backlog folder, no story');
    });
  }
});
