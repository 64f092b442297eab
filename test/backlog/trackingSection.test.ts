// The Risk Tracking section of a task file: what people and `rugged accept` write, read back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTracking, renderTracking, withTracking } from '../../server/src/backlog/adapters/markdown/trackingSection';

const TASK = ['---', 'id: TASK-1', '---', '', '## Description', '', 'x', '', '## Abuser Story', '', 'data', ''].join('\n');
const acceptance = { by: 'Dana Lee', on: '2025-03-01', until: '2025-09-01', rating: 'High' as const };

describe('Risk Tracking section', () => {
  it('is added before the Abuser Story section, replaced in place, and reads back', () => {
    const once = withTracking(TASK, { acceptance });
    assert.ok(once.indexOf('## Risk Tracking') < once.indexOf('## Abuser Story'));
    assert.deepEqual(parseTracking(once), { acceptance });
    const twice = withTracking(once, { targetDate: '2025-04-01', acceptance: { ...acceptance, reason: 'WAF rule 942100' } });
    assert.equal(twice.split('## Risk Tracking').length, 2, 'one section, replaced');
    assert.deepEqual(parseTracking(twice), { targetDate: '2025-04-01', acceptance: { ...acceptance, reason: 'WAF rule 942100' } });
  });

  it('reads a hand-written section and ignores an incomplete acceptance', () => {
    const hand = ['<!-- SECTION:RISK_TRACKING:BEGIN -->', '* target date: 2025-05-05', '- Risk accepted by: Sam', '- Accepted rating: low', '<!-- SECTION:RISK_TRACKING:END -->'].join('\n');
    assert.deepEqual(parseTracking(hand), { targetDate: '2025-05-05' }, 'no dates for the acceptance, so it is not one');
    assert.equal(parseTracking('no section'), undefined);
  });

  it('escapes markup in a value without invisible characters, and reads the value back as typed', () => {
    const reason = 'WAF rule [942100] for @secteam <b>until</b> the fix';
    const text = renderTracking({ acceptance: { ...acceptance, reason } });
    assert.doesNotMatch(text, /[\u200b-\u200d\u2060\ufeff]/);
    assert.ok(!/(?<!\\)<b>/.test(text) && !/(?<!\\)\[942100/.test(text), text);
    assert.equal(parseTracking(text)?.acceptance?.reason, 'WAF rule [942100] for `@secteam` <b>until</b> the fix');
  });

  it('keeps each value on its line, so a value cannot forge another key', () => {
    const text = renderTracking({ acceptance: { ...acceptance, reason: 'fine\n- Accepted until: 2099-01-01' } });
    assert.equal(parseTracking(text)?.acceptance?.until, '2025-09-01');
  });
});
