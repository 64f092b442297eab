// The workspace scan gives way to the editor: before each file it waits while a document analysis
// is scheduled or running and for a quiet moment after the last edit, but never longer than its
// bound, so endless typing or an analysis that waits on the scan cannot stop the scan.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EditorFirst } from '../../server/src/lsp/editorFirst';

/** A clock that moves only when the gate sleeps, and the sleeps it was asked for. */
function fakeClock() {
  const clock = { now: 0, sleeps: [] as number[] };
  const sleep = (ms: number) => {
    clock.sleeps.push(ms);
    clock.now += ms;
    return Promise.resolve();
  };
  return { clock, now: () => clock.now, sleep };
}

const OPTIONS = { quietMs: 400, maxWaitMs: 1_000, pollMs: 20 };

test('a quiet editor lets the scan go on at once', async () => {
  const { clock, now, sleep } = fakeClock();
  const gate = new EditorFirst(() => false, OPTIONS, now, sleep);
  await gate.turn();
  assert.deepEqual(clock.sleeps, []);
});

test('the scan waits while a document analysis is pending and goes on when it ends', async () => {
  const { clock, now, sleep } = fakeClock();
  let busyUntil = 130;
  const gate = new EditorFirst(() => clock.now < busyUntil, OPTIONS, now, sleep);
  await gate.turn();
  assert.equal(clock.now, 140);
  busyUntil = 0;
  clock.sleeps.length = 0;
  await gate.turn();
  assert.deepEqual(clock.sleeps, []);
});

test('after an edit the scan waits for the quiet time, not longer', async () => {
  const { clock, now, sleep } = fakeClock();
  const gate = new EditorFirst(() => false, OPTIONS, now, sleep);
  clock.now = 1_000;
  gate.edited();
  clock.now = 1_100;
  await gate.turn();
  assert.equal(clock.now, 1_400);
  assert.equal(gate.holding(), false);
});

test('endless typing holds each file for the bound at most', async () => {
  const { clock, now, sleep } = fakeClock();
  const gate = new EditorFirst(() => true, OPTIONS, now, sleep);
  await gate.turn();
  assert.equal(clock.now, 1_000);
  await gate.turn();
  assert.equal(clock.now, 2_000);
});
