// The default thread count of `rugged scan`: the main thread keeps a core, and a worker gets
// enough files to pay for its start; otherwise the scan stays in one thread.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultJobs, FILES_PER_WORKER } from '../../server/src/cli/defaultJobs';

describe('defaultJobs', () => {
  it('keeps a two-core machine in one thread however many files there are', () => {
    assert.equal(defaultJobs(2, 10), 1);
    assert.equal(defaultJobs(2, 100_000), 1);
  });

  it('leaves one core to the main thread on larger machines', () => {
    assert.equal(defaultJobs(4, 10_000), 3);
    assert.equal(defaultJobs(16, 100_000), 15);
  });

  it('starts a worker only for every FILES_PER_WORKER files, and none below two', () => {
    assert.equal(defaultJobs(16, FILES_PER_WORKER * 2 - 1), 1);
    assert.equal(defaultJobs(16, FILES_PER_WORKER * 2), 2);
    assert.equal(defaultJobs(16, FILES_PER_WORKER * 5 + 10), 5);
  });

  it('answers one thread for a single core or no files', () => {
    assert.equal(defaultJobs(1, 5000), 1);
    assert.equal(defaultJobs(8, 0), 1);
  });
});
