// Team rules are declared in the workspace's .rugged.json; their texts reach SARIF's rule table.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeRules } from '../../server/src/catalog/ruleCatalog';

// Assembled at run time so that this file never holds a whole token.
const TOKEN = ['xox', 'b-', '123456789012-', 'Zr8Vb7Nw2Kd5Tf9Hs1Jm4Pc'].join('');

it('team rule descriptions do not repeat a token their message holds', () => {
  const [team] = describeRules([], [{ id: 'team/no-raw', call: 'db.raw', message: `Use the gateway; ask in Slack with ${TOKEN}` }]).filter((r) => r.kind === 'team');
  const text = JSON.stringify(team);
  assert.ok(!text.includes(TOKEN.slice(5)), text);
  assert.match(team.checklist, /ask in Slack with \[REDACTED:slack-token\]/);
});
