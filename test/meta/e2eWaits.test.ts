// The end-to-end suite must hold on a busy machine, so its waits follow the workbench's state,
// never the clock. These checks keep the ways that broke it before out of test/e2e/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const E2E = join(__dirname, '..', 'e2e');
const sources = readdirSync(E2E)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({ name, lines: readFileSync(join(E2E, name), 'utf8').split('\n') }));

/** `file:line  text` for every line of the given files that matches `pattern`. */
function hits(pattern: RegExp, files = sources): string[] {
  return files.flatMap(({ name, lines }) =>
    lines.flatMap((line, index) => (pattern.test(line) ? [`test/e2e/${name}:${index + 1}  ${line.trim()}`] : [])),
  );
}

describe('end-to-end waits', () => {
  it('reads the end-to-end sources', () => {
    assert.ok(sources.some(({ name }) => name === 'ui.ts'), 'test/e2e/ui.ts not found');
    assert.ok(sources.some(({ name }) => name.endsWith('.test.ts')), 'no test file in test/e2e/');
  });

  it('never sleeps for a fixed time', () => {
    assert.deepEqual(hits(/waitForTimeout\s*\(/), [], 'wait for a state (a widget, a focused input, a file), not for time');
  });

  it('uses timers only in the polling helpers and the process deadlines', () => {
    // ui.ts paces `eventually` and `retryUntil`; codeServer.ts bounds starting and stopping code-server.
    const allowed = new Set(['ui.ts', 'codeServer.ts']);
    const found = hits(/\bset(Timeout|Interval)\s*\(/, sources.filter(({ name }) => !allowed.has(name)));
    assert.deepEqual(found, [], 'poll with eventually() or repeat an action with retryUntil() from ui.ts');
  });

  it('drives the workbench from test files only through Workbench steps', () => {
    // A raw key press or click can arrive before the widget it is meant for has focus or listens;
    // the steps in ui.ts wait for that state and repeat an action that was lost.
    const tests = sources.filter(({ name }) => name.endsWith('.test.ts'));
    const found = hits(/\.(keyboard|mouse)\.|\.(click|dblclick|press|type|fill)\s*\(/, tests);
    assert.deepEqual(found, [], 'add a step to test/e2e/ui.ts that waits for its target and checks its effect');
  });
});
