// A story's title names the business loss and where it happens, never the technique or its payload,
// and a long one loses whole clauses from its end, never words inside a parenthesis or a code span.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import { impersonal, lossOf, storyTitle, TITLE_MAX } from '../../server/src/backlog/story/storyTitle';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const LONG_ROUTE = 'GET /api/v2/customers/:customerId/orders';

/** What a board reader must never see in a title. */
function assertReadable(title: string, context: string): void {
  assert.ok(title.length <= TITLE_MAX, `${context}: ${title.length} characters: ${title}`);
  assert.ok(!title.includes('`'), `${context}: a payload or code span in ${title}`);
  assert.ok(!title.includes('…'), `${context}: cut mid-phrase: ${title}`);
  assert.equal((title.match(/\(/g) ?? []).length, (title.match(/\)/g) ?? []).length, `${context}: cut inside a parenthesis: ${title}`);
  assert.doesNotMatch(title, /[,;:]\s*in /, `${context}: cut at a comma: ${title}`);
  assert.doesNotMatch(title, /\s(?:and|or|by|to|the|a|of)\s+in\s/, `${context}: a dangling word before the place: ${title}`);
  assert.doesNotMatch(title, /\sby\s/, `${context}: names the technique: ${title}`);
}

describe('story titles', () => {
  it('keep the loss before " by " and drop the technique', () => {
    assert.equal(lossOf('read or change the orders table by putting my own SQL into a query'), 'read or change the orders table');
    assert.equal(storyTitle(['read or change the orders table by putting my own SQL into a query'], 'GET /orders', 'x'), 'Read or change the orders table in GET /orders');
  });

  it('drop whole clauses from the end, never inside a parenthesis or a quoted payload', () => {
    const goal = 'take over the todo server (its files, its database, its keys) and the mail relay, and every service behind it';
    const title = storyTitle([goal], 'POST /export', 'the todo server');
    assert.equal(title, 'Take over the todo server (its files, its database, its keys) in POST /export');
    assertReadable(title, 'parenthesis');
    const quoted = storyTitle(['send `a, b, c and d` to every customer, and then to every supplier of the shop'], LONG_ROUTE, 'mail');
    assert.equal(quoted, 'Send `a, b, c and d` in GET /api/v2/customers/:customerId/orders', 'the commas inside the code span are no clause boundaries');
  });

  it('fall back to a shorter wording of the same goal, then to the asset, never to a cut word', () => {
    const long = 'read or change the product catalogue and the customer tables in the same database';
    assert.equal(storyTitle([long, 'read or change the products table'], 'GET /products/search', 'x'), 'Read or change the product catalogue in GET /products/search');
    assert.equal(storyTitle(["recover customers' passwords, reused on their mail and bank accounts, from the stored hashes"], 'POST /account/register', 'x'), "Recover customers' passwords in POST /account/register", 'an aside ends at its comma');
    assert.equal(storyTitle(['readorchangeeverythingthereisinthewholewideworldofthisshopandeverymoreofit'], 'GET /x', 'customer data'), 'Customer data at risk in GET /x');
  });

  it('built from every rule seed, alone and two at a time, name a loss and the place and are never cut mid-phrase', () => {
    const seeds = allRules.filter((r) => r.meta.abuserStory).map((r) => r.meta.abuserStory);
    for (const [i, seed] of seeds.entries()) {
      const goals = [seed.goal.split('{asset}').join(seed.asset), seed.goal.split('{asset}').join('the orders table')];
      assertReadable(storyTitle(goals, LONG_ROUTE, seed.asset), `seed ${i} (${seed.goal})`);
      const next = seeds[(i + 1) % seeds.length];
      const combined = `${goals[0]}, and to ${next.goal.split('{asset}').join(next.asset)}`;
      assertReadable(storyTitle([combined], LONG_ROUTE, seed.asset), `seeds ${i} and ${i + 1}`);
    }
  });

  it('of a real story name the asset the person gave and the full route', () => {
    const findings = findingsOf(SHOP_TEXT, SHOP_PATH);
    const story = buildStory({
      text: SHOP_TEXT,
      path: SHOP_PATH,
      findings,
      rules: allRules,
      selection: { startLine: 6, endLine: 10 },
      mountPrefix: '/products',
      choices: { asset: 'the product catalogue and the customer tables in the same database' },
      now: FIXED_NOW,
      toolVersion: 't',
    });
    assert.equal(story.title, 'Read or change the product catalogue in GET /products/search');
  });
});

describe('a title in the team\'s words', () => {
  it('turns the attacker\'s first person into "an attacker"', () => {
    assert.equal(storyTitle(['run my own code in the todo server by sending JavaScript'], 'POST /admin/bulk-close', 'the todo server'), "Run an attacker's code in the todo server in POST /admin/bulk-close");
    assert.equal(impersonal('turn a session id I learned elsewhere into a cookie'), 'turn a session id an attacker learned elsewhere into a cookie');
    assert.equal(impersonal('read other customers\' orders'), "read other customers' orders", 'a loss in the third person stays as it is');
  });
});
