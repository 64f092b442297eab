// The wait before an open document is analysed again, chosen from the file's size and the pace of
// typing: asserted from the inputs (line counts, edit times), never by waiting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { debounceDelay, FAST_TYPING_GAP_MS, MAX_DEBOUNCE_MS, MIN_DEBOUNCE_MS, SMALL_FILE_LINES, TypingPace } from '../../server/src/lsp/editDebounce';

describe('debounceDelay', () => {
  test('a small file typed at a normal pace waits the minimum', () => {
    assert.equal(MIN_DEBOUNCE_MS, 75);
    assert.equal(debounceDelay(1), MIN_DEBOUNCE_MS);
    assert.equal(debounceDelay(SMALL_FILE_LINES - 1), MIN_DEBOUNCE_MS);
    assert.equal(debounceDelay(SMALL_FILE_LINES), MIN_DEBOUNCE_MS);
  });

  test('larger files wait longer, growing with their size, never past the bound', () => {
    assert.equal(debounceDelay(2_000), 125);
    assert.equal(debounceDelay(3_000), 175);
    assert.ok(debounceDelay(5_248) > debounceDelay(2_893));
    assert.equal(debounceDelay(20_000), MAX_DEBOUNCE_MS);
    assert.equal(debounceDelay(1_000_000), MAX_DEBOUNCE_MS);
    assert.ok(MAX_DEBOUNCE_MS <= 400);
  });

  test('fast typing waits half as long again as the gap between keys; a slow pace changes nothing', () => {
    assert.equal(debounceDelay(100, 100), 150);
    assert.equal(debounceDelay(100, 200), 300);
    assert.equal(debounceDelay(100, FAST_TYPING_GAP_MS), MIN_DEBOUNCE_MS, 'a gap this long is not fast typing');
    assert.equal(debounceDelay(100, 1_000), MIN_DEBOUNCE_MS);
    assert.equal(debounceDelay(3_000, 20), 175, 'a large file keeps its own wait when the pace asks for less');
    assert.equal(debounceDelay(20_000, 200), MAX_DEBOUNCE_MS);
  });
});

describe('TypingPace', () => {
  const uri = 'file:///a.js';

  test('the first edit of a burst gets the size-based wait; quick edits after it stretch the wait', () => {
    const pace = new TypingPace();
    assert.equal(pace.delayFor(uri, 100, 0), MIN_DEBOUNCE_MS);
    assert.equal(pace.delayFor(uri, 100, 120), 180);
    assert.equal(pace.delayFor(uri, 100, 220), 165, 'the gap is smoothed: (120 + 100) / 2 = 110');
  });

  test('one slow keystroke in a burst does not end it; a long pause does', () => {
    const pace = new TypingPace();
    pace.delayFor(uri, 100, 0);
    pace.delayFor(uri, 100, 100);
    // 100 then 300: smoothed to 200, still a burst.
    assert.equal(pace.delayFor(uri, 100, 400), 300);
    assert.equal(pace.delayFor(uri, 100, 5_000), MIN_DEBOUNCE_MS, 'after a pause the next edit starts a new burst');
    assert.equal(pace.delayFor(uri, 100, 5_600), MIN_DEBOUNCE_MS, 'a gap of 600 ms is not fast typing');
  });

  test('documents are paced apart, and a closed one is forgotten', () => {
    const pace = new TypingPace();
    pace.delayFor(uri, 100, 0);
    assert.equal(pace.delayFor('file:///b.js', 100, 50), MIN_DEBOUNCE_MS, 'an edit in another file is not a quick keystroke in this one');
    assert.equal(pace.size, 2);
    pace.forget(uri);
    pace.forget('file:///b.js');
    assert.equal(pace.size, 0);
  });
});
