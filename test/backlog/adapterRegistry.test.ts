// The adapter registry: `backlog.tracker` picks the backlog, "markdown" when unset, and a name it
// does not know is refused with a BacklogError that names it, never replaced by the default.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BacklogError } from '../../server/src/backlog/backlog';
import { DEFAULT_TRACKER, openBacklog, TRACKER_NAMES } from '../../server/src/backlog/adapters/registry';

const root = '/project';
const configFile = '/project/.rugged.json';

function refusal(tracker: string): BacklogError {
  try {
    openBacklog({ root, settings: { directory: 'backlog', tracker }, configFile });
  } catch (error) {
    assert.ok(error instanceof BacklogError, String(error));
    return error;
  }
  assert.fail(`tracker ${JSON.stringify(tracker)} was accepted`);
}

describe('backlog adapter registry', () => {
  it('opens the Backlog.md backlog when no tracker is configured, and when "markdown" is', () => {
    assert.equal(DEFAULT_TRACKER, 'markdown');
    assert.equal(openBacklog({ root, settings: { directory: 'security/backlog' } }).description, 'Backlog.md in security/backlog/');
    assert.equal(openBacklog({ root, settings: { directory: 'backlog', tracker: 'markdown' } }).description, 'Backlog.md in backlog/');
    assert.equal(openBacklog({ root, settings: { directory: 'backlog' }, directoryOverride: 'other' }).description, 'Backlog.md in other/');
  });

  it('refuses an unknown tracker with a message that names it and the known ones', () => {
    const error = refusal('azure-boards');
    assert.equal(error.code, 'invalid-config');
    assert.equal(error.target, configFile);
    assert.equal(error.message, `Unknown backlog tracker "azure-boards" in backlog.tracker (${configFile}); known trackers: ${TRACKER_NAMES.join(', ')}. No story is read or written until it is fixed.`);
  });

  it('looks names up as data: prototype names are unknown trackers too', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'Markdown', '']) assert.match(refusal(name).message, /^Unknown backlog tracker /, name);
  });

  it('quotes at most a bounded part of a long name', () => {
    const message = refusal('x'.repeat(10_000)).message;
    assert.ok(message.length < 300, `${message.length} characters`);
  });

  it('knows the trackers the configuration schema allows', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../server/schema/rugged.schema.json'), 'utf8')) as {
      properties: { backlog: { properties: { tracker: { enum: string[]; default: string } } } };
    };
    const tracker = schema.properties.backlog.properties.tracker;
    assert.deepEqual([...tracker.enum].sort(), [...TRACKER_NAMES].sort());
    assert.equal(tracker.default, DEFAULT_TRACKER);
  });
});
