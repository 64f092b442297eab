// The harm speaks of this code's asset: the one the person names, else the table, collection, cookie
// or folder the code names, else the seed's; and a prerequisite describes the attacker instead of
// being glued to the seed's actor.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import { assetFromCode, harmAfterGoal, withAddition } from '../../server/src/backlog/story/storyAsset';
import { GOAL_CATALOGUE } from '../../server/src/backlog/story/stride';
import type { Story } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const SEARCH = { startLine: 6, endLine: 10 };

function story(overrides: Partial<StoryInput> = {}): Story {
  return buildStory({ text: SHOP_TEXT, path: SHOP_PATH, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules, selection: SEARCH, now: FIXED_NOW, toolVersion: 't', ...overrides });
}

describe('the asset of a story', () => {
  it('is read from the code: tables, collections, cookies and folders', () => {
    assert.equal(assetFromCode("db.query(`SELECT * FROM orders o JOIN customers c ON c.id = o.cid WHERE ${x}`)", 'sql/no-string-built-query'), 'the orders and customers tables');
    assert.equal(assetFromCode("db.collection('lists').find({ $where: w })", 'sql/no-mongo-where-from-input'), 'the lists collection');
    assert.equal(assetFromCode("res.cookie('sid', id)", 'session/no-insecure-session-cookie', 'sid'), 'the sessions carried by the sid cookie');
    assert.equal(assetFromCode("res.sendFile(path.join(__dirname, '..', 'exports', req.params.file))", 'unsafe-api/no-path-traversal'), 'the files in the exports folder and everything else the server can read');
    assert.equal(assetFromCode('eval(req.body.x)', 'unsafe-api/no-eval-like'), undefined, 'nothing to name: the seed speaks');
  });

  it('from the code reaches the goal and the harm instead of "every customer record"', () => {
    const s = story();
    assert.equal(s.asset, 'the products table');
    assert.match(s.goal, /the products table/);
    assert.match(s.harm, /the products table/);
    assert.doesNotMatch(s.narrative, /customer record|\{asset\}/);
  });

  it('the person gives replaces the code\'s in the goal, the harm and the title', () => {
    const s = story({ choices: { asset: "every user's todos" } });
    assert.equal(s.asset, 'every user\'s todos');
    assert.match(s.harm, /every user's todos/);
    assert.match(s.goal, /every user's todos/);
    assert.match(s.title, /^Read or change every user's todos in /);
  });

  it('placeholders in seeds and catalogue goals are only ever {asset}, and every seed used in the exercise names it', () => {
    const texts = [...allRules.flatMap((r) => [r.meta.abuserStory.goal, r.meta.abuserStory.harm]), ...GOAL_CATALOGUE.flatMap((g) => [g.goal, g.harm])];
    for (const text of texts) for (const m of text.matchAll(/\{[^}]*\}/g)) assert.ok(m[0] === '{asset}' || /^\{["{$]/.test(m[0]) || m[0].includes(':'), `${m[0]} in ${text}`);
    for (const id of ['sql/no-string-built-query', 'sql/no-mongo-where-from-input', 'unsafe-api/no-path-traversal', 'unsafe-api/no-shell-command-from-input', 'session/no-unverified-jwt']) {
      const seed = allRules.find((r) => r.id === id)!.meta.abuserStory;
      assert.ok(seed.harm.includes('{asset}'), `${id}'s harm names no asset`);
    }
  });
});

describe('a prerequisite', () => {
  it('replaces the seed\'s actor instead of being appended to it', () => {
    const s = story({ choices: { prerequisites: 'with a staff account' } });
    assert.match(s.narrative, /^As an attacker with a staff account, I want to /);
    assert.doesNotMatch(s.narrative, /anonymous internet user/);
    assert.equal(s.actor, 'attacker');
    assert.equal(s.prerequisites, 'with a staff account');
  });

  it('that starts with a verb becomes a "who" clause, and never follows any seed actor', () => {
    assert.match(story({ choices: { prerequisites: 'has a staff account' } }).narrative, /^As an attacker who has a staff account, /);
    for (const rule of allRules) {
      const actor = rule.meta.abuserStory.actor;
      const s = buildStory({ text: SHOP_TEXT, path: SHOP_PATH, findings: findingsOf(SHOP_TEXT, SHOP_PATH), rules: allRules.map((r) => (r.id === 'sql/no-string-built-query' ? { ...r, meta: { ...r.meta, abuserStory: { ...r.meta.abuserStory, actor } } } : r)), selection: SEARCH, choices: { prerequisites: 'with a staff account' }, now: FIXED_NOW, toolVersion: 't' });
      assert.ok(!s.narrative.includes(`${actor} with a staff account`), `${rule.id}: ${s.narrative}`);
    }
  });

  it('qualifies an actor the person typed', () => {
    assert.match(story({ choices: { actor: 'former employee', prerequisites: 'with an old VPN account' } }).narrative, /^As a former employee with an old VPN account, /);
  });
});

describe('a narrative names its asset once', () => {
  it('puts what the code adds first, and refers back to the asset in the harm', () => {
    const asset = withAddition('attachments and the server configuration files', 'the SQLite database todos.db');
    assert.equal(asset, 'the SQLite database todos.db, as well as attachments and the server configuration files');
    assert.equal(harmAfterGoal(`I leave the intended folder and read ${asset}, and any other file`, `read ${asset}`, asset), 'I leave the intended folder and read them, and any other file');
    assert.equal(harmAfterGoal('I run my own commands on the todo server', 'take over the todo server', 'the todo server'), 'I run my own commands on it');
    assert.equal(harmAfterGoal("I copy every user's todos", "read every user's todos", "every user's todos"), 'I copy them');
    assert.equal(
      harmAfterGoal('I run my own commands on the shop server and its files, read its secrets', 'take over the shop server and its files', 'the shop server and its files'),
      'I run my own commands on it, read its secrets',
      'a harm that says "its" of the asset keeps to "it"',
    );
    // An "it" that is the parser's or a file's does not make a two-part asset singular.
    const services = 'server files and internal services reachable from the API';
    assert.equal(
      harmAfterGoal(`the parser reads ${services} for me while it parses, or I learn it one fact at a time`, `read ${services}`, services),
      'the parser reads them for me while it parses, or I learn it one fact at a time',
    );
    // A goal that did not name the asset leaves the harm to name it.
    assert.equal(harmAfterGoal('I copy the todos', 'run a query', 'the todos'), 'I copy the todos');
  });
});
