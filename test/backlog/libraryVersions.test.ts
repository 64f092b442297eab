// A story proposes no test that passes before the fix: where the installed library already stops
// the attack (jsonwebtoken 9 refuses unsigned tokens in verify), the story says so instead.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { installedVersions, jsonwebtokenRefusesUnsigned, versionText } from '../../server/src/backlog/story/libraryVersions';
import { buildStory } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import { run } from '../../server/src/cli/main';
import { FIXED_NOW, findingsOf, removeDir, tempDir } from './helpers';

const VERIFY = [
  "const express = require('express');",
  "const jwt = require('jsonwebtoken');",
  'const router = express.Router();',
  "router.get('/me', (req, res) => {",
  "  const claims = jwt.verify(String(req.headers.authorization).slice(7), process.env.JWT_KEY);",
  '  res.json(claims);',
  '});',
  'module.exports = router;',
  '',
].join('\n');
const PATH = 'src/routes/me.js';

function storyWith(libraries: Record<string, string> | undefined): Story {
  return buildStory({ text: VERIFY, path: PATH, selection: { startLine: 4, endLine: 7 }, findings: findingsOf(VERIFY, PATH), rules: allRules, now: FIXED_NOW, toolVersion: 't', ...(libraries ? { libraries } : {}) });
}

describe('installed library versions', () => {
  it('reads node_modules, then the lockfile, else keeps the range package.json declares, never as a version', () => {
    const pkg = JSON.stringify({ dependencies: { jsonwebtoken: '^8.5.1', express: '~4.18.0', left: 'latest' }, devDependencies: { mocha: '10' } });
    assert.deepEqual(installedVersions(pkg, undefined), { mocha: '=10', jsonwebtoken: '^8.5.1', express: '~4.18.0' });
    const manifests: Record<string, string> = { express: JSON.stringify({ version: '4.18.3' }) };
    assert.equal(installedVersions(pkg, undefined, (name) => manifests[name]).express, '4.18.3', 'node_modules shows what runs');
    assert.equal(versionText('jsonwebtoken', '^9.0.2'), 'jsonwebtoken declared ^9.0.2');
    assert.equal(versionText('jsonwebtoken', '=9.0.2'), 'jsonwebtoken declared 9.0.2');
    assert.equal(versionText('jsonwebtoken', '9.0.2'), 'jsonwebtoken 9.0.2 (installed)');
    const asked: string[] = [];
    installedVersions(JSON.stringify({ dependencies: { '../../etc': '1.0.0', '@scope/pkg': '^1.0.0' } }), undefined, (name) => (asked.push(name), undefined));
    assert.deepEqual(asked, ['@scope/pkg'], 'no name outside node_modules is read');
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/jsonwebtoken': { version: '9.0.2' }, 'node_modules/a/node_modules/jsonwebtoken': { version: '8.0.0' } } });
    assert.equal(installedVersions(pkg, lock).jsonwebtoken, '9.0.2');
    const v1 = JSON.stringify({ lockfileVersion: 1, dependencies: { jsonwebtoken: { version: '8.5.1' } } });
    assert.equal(installedVersions(undefined, v1).jsonwebtoken, '8.5.1');
    assert.deepEqual(installedVersions('not json', '{'), {});
  });

  it('knows jsonwebtoken 9 refuses unsigned tokens and 8 does not always', () => {
    assert.equal(jsonwebtokenRefusesUnsigned('9.0.0'), true);
    assert.equal(jsonwebtokenRefusesUnsigned('^9.0.2'), true, 'every version a ^9 range admits');
    assert.equal(jsonwebtokenRefusesUnsigned('8.5.1'), false);
  });

  it('proposes no alg-none test for verify without algorithms on jsonwebtoken 9, and says why', () => {
    const story = storyWith({ jsonwebtoken: '9.0.2' });
    assert.equal(story.testSkeleton, undefined);
    assert.match(story.testNote ?? '', /jsonwebtoken 9\.0\.2 \(installed\) already refuses unsigned/);
    const test = story.acceptanceCriteria.find((c) => c.kind === 'test')!;
    assert.match(test.text, /^No failing test is proposed: jsonwebtoken 9\.0\.2/);
    assert.ok(!story.acceptanceCriteria.some((c) => /fails before the fix and passes after/.test(c.text)), 'no criterion promises a failing test');
  });

  it('never calls a version read from a package.json range installed', () => {
    const note = storyWith({ jsonwebtoken: '^9.0.2' }).testNote ?? '';
    assert.match(note, /jsonwebtoken declared \^9\.0\.2 already refuses unsigned/);
    assert.doesNotMatch(note, /installed/);
  });

  it('names the version and the empty-key hole on jsonwebtoken 8, and an unread version as unknown', () => {
    assert.match(storyWith({ jsonwebtoken: '8.5.1' }).testNote ?? '', /8\.5\.1 \(installed\).*CVE-2022-23540/);
    assert.match(storyWith(undefined).testNote ?? '', /could not be read/);
  });

  it('reads the version from the project when the story is raised, and writes no test', async () => {
    const root = tempDir('jwt-version');
    after(() => removeDir(root));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', dependencies: { jsonwebtoken: '^9.0.0' } }));
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/jsonwebtoken': { version: '9.0.2' } } }));
    mkdirSync(join(root, 'src/routes'), { recursive: true });
    writeFileSync(join(root, PATH), VERIFY);
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
    assert.equal(await run(['story', PATH, '--lines', '4-7', '--yes', '--write-test', '--format', 'json'], io, { today: '2025-06-01' }), 0, stderr);
    const story = (JSON.parse(stdout) as { story: Story }).story;
    assert.match(story.testNote ?? '', /9\.0\.2/);
    assert.match(stderr, /no security test skeleton for this story: jsonwebtoken 9\.0\.2/);
    assert.equal(existsSync(join(root, 'test/security')), false);
  });
});
