// A selection with two attacker goals raised into each remote tracker: one create per story, each
// item naming the other (the first by the second's story key, since these trackers cannot rewrite
// an item to add a number; the second by the first's number), and a second raise creating nothing.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Story } from '../../../server/src/backlog/story/types';
import { run } from '../../../server/src/cli/main';
import { git, initRepo, removeDir, tempDir } from '../helpers';
import { GitHubStandIn } from './githubStandIn';
import { GitLabStandIn } from './gitlabStandIn';
import { JiraStandIn } from './jiraStandIn';
import type { StandInServer } from './standInServer';

/** A login route whose query is built from the request (line 5) and whose tokens are signed with a literal key (line 7). */
const LOGIN_TEXT = [
  "const jwt = require('jsonwebtoken');",
  "const pool = new (require('pg').Pool)();",
  "const router = require('express').Router();",
  "router.post('/login', async (req, res) => {",
  '  const result = await pool.query("SELECT id FROM users WHERE name = \'" + req.body.name + "\'");',
  '  const user = result.rows[0];',
  "  res.json({ token: jwt.sign({ id: user.id }, 'k3ep-this-s3cret-jwt-signing-key') });",
  '});',
  'module.exports = router;',
  '',
].join('\n');

interface Tracker {
  name: string;
  standIn: StandInServer;
  settings(url: string): Record<string, unknown>;
  env: Record<string, string>;
  /** The text of every item the stand-in holds. */
  bodies(): string[];
}

const github = new GitHubStandIn({ token: 'ghp_splitToken0123456789abcdefghijklmnop', repository: 'acme/shop', visibility: 'private' });
const gitlab = new GitLabStandIn('glpat-splitToken0123456789', 'acme%2Fshop');
const jira = new JiraStandIn('dev@example.com', 'jira-split-token-0123456789', 'SEC', ['Security team']);

const TRACKERS: Tracker[] = [
  { name: 'GitHub', standIn: github, settings: (url) => ({ tracker: 'github', repository: 'acme/shop', apiUrl: url }), env: { GITHUB_TOKEN: 'ghp_splitToken0123456789abcdefghijklmnop' }, bodies: () => github.issues.map((i) => i.body) },
  { name: 'GitLab', standIn: gitlab, settings: (url) => ({ tracker: 'gitlab', project: 'acme/shop', apiUrl: `${url}/api/v4` }), env: { GITLAB_TOKEN: 'glpat-splitToken0123456789' }, bodies: () => gitlab.issues.map((i) => i.description) },
  {
    name: 'Jira Cloud',
    standIn: jira,
    settings: (url) => ({ tracker: 'jira', deployment: 'cloud', baseUrl: url, projectKey: 'SEC', issueType: 'Bug', securityLevel: 'Security team' }),
    env: { JIRA_EMAIL: 'dev@example.com', JIRA_API_TOKEN: 'jira-split-token-0123456789' },
    bodies: () => jira.issues.map((i) => JSON.stringify(i.fields.description)),
  },
];

const dirs: string[] = [];
after(async () => {
  dirs.forEach(removeDir);
  for (const tracker of TRACKERS) await tracker.standIn.stop();
});

async function raise(root: string, env: Record<string, string>): Promise<{ code: number; stderr: string; stories: { id: string; created: boolean; story: Story }[] }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s), isTTY: false }, stderr: { write: (s: string) => (stderr += s), isTTY: false }, cwd: root, env };
  const code = await run(['story', 'src/login.js', '--lines', '4-8', '--yes', '--format', 'json'], io, { today: '2025-06-01' });
  return { code, stderr, stories: code === 0 ? (JSON.parse(stdout) as { stories: { id: string; created: boolean; story: Story }[] }).stories : [] };
}

describe('two attacker goals raised into a remote tracker', () => {
  for (const tracker of TRACKERS) {
    it(`${tracker.name}: one create per story, each naming the other, nothing created again`, async () => {
      await tracker.standIn.start();
      const root = tempDir(`split-${tracker.name.replace(/\W+/g, '-').toLowerCase()}`);
      dirs.push(root);
      mkdirSync(join(root, 'src'));
      writeFileSync(join(root, 'package.json'), '{ "name": "shop", "private": true }\n');
      writeFileSync(join(root, '.rugged.json'), JSON.stringify({ backlog: tracker.settings(tracker.standIn.url) }));
      writeFileSync(join(root, 'src/login.js'), LOGIN_TEXT);
      initRepo(root);
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', 'Login');
      const env = { ...tracker.env, GITHUB_API_URL: tracker.standIn.url };

      const first = await raise(root, env);
      assert.equal(first.code, 0, first.stderr);
      assert.deepEqual(first.stories.map((s) => s.created), [true, true]);
      const creates = () => tracker.standIn.requests.filter((r) => r.method === 'POST' && !/search|remotelink|notes|comments/i.test(r.path)).length;
      assert.equal(creates(), 2, 'one create per story');
      const [sql, secret] = first.stories.map((s) => s.story);
      const bodies = tracker.bodies();
      assert.equal(bodies.length, 2);
      assert.ok(bodies.some((b) => b.includes(`Raised together with ${secret.key}`) || b.includes(`Raised together with:** ${secret.key}`)), 'the SQL story names the secret story');
      // Filed second, it knows the first one's number.
      const sqlId = first.stories[0].id;
      assert.ok(bodies.some((b) => b.includes(`Raised together with ${sqlId} (`) || b.includes(`Raised together with:** ${sqlId} (`)), `the secret story names the SQL story as ${sqlId}`);
      assert.deepEqual(secret.raisedWith, [{ key: sql.key, title: sql.title, id: sqlId }]);
      assert.ok(bodies.every((b) => !b.includes('k3ep-this-s3cret')), 'no secret reaches the tracker');

      const again = await raise(root, env);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(again.stories.map((s) => [s.id, s.created]), first.stories.map((s) => [s.id, false]));
      assert.equal(creates(), 2, 'nothing created again');
    });
  }
});
