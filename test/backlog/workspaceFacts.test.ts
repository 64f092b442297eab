// What a story learns from the rest of the workspace: a committed key imported from another module
// (by the name the story's file uses), files worth reading found by name alone, a SQLite file the
// code names, the app's body parsers and session cookie; and a raised story that uses them.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultConfig } from '../../server/src/config/load';
import { gatherWorkspaceFacts } from '../../server/src/backlog/useCases/workspaceFacts';
import { draftStory } from '../../server/src/backlog/useCases/raiseStory';
import { appFactsOf } from '../../server/src/backlog/story/workspaceFacts';
import { findingsOf, removeDir, tempDir } from './helpers';

const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'facts', dependencies: { express: '^4.19.2', jsonwebtoken: '^9.0.2', sqlite3: '^5.1.7' } }),
  'src/security.js': [
    "const jwt = require('jsonwebtoken');",
    "const SIGNING_KEY = 'jbk_live_8f3a9c2e71d64b05a9e1c7f2d3b4a5e6';",
    "function issue(user) { return jwt.sign({ sub: user.id }, SIGNING_KEY, { algorithm: 'HS256' }); }",
    'module.exports = { SIGNING_KEY, issue };',
  ].join('\n'),
  'src/db.js': "const sqlite3 = require('sqlite3');\nmodule.exports = new sqlite3.Database(process.env.DB || 'notes.db');\n",
  'src/app.js': [
    "const express = require('express');",
    "const session = require('express-session');",
    'const app = express();',
    'app.use(express.json());',
    "app.use(session({ secret: process.env.SESSION_SECRET, cookie: { secure: true } }));",
    "app.use('/api', require('./routes/admin'));",
    'app.listen(3005);',
  ].join('\n'),
  'src/routes/admin.js': [
    "const express = require('express');",
    "const jwt = require('jsonwebtoken');",
    "const { SIGNING_KEY: KEY } = require('../security');",
    'const router = express.Router();',
    "router.get('/orders', (req, res) => {",
    "  const partner = jwt.verify(req.headers.authorization, KEY);",
    '  res.json({ partner: partner.sub });',
    '});',
    'module.exports = router;',
  ].join('\n'),
  'config/.env': 'NOT_READ=1\n',
  'keys/server.key': 'not read either\n',
  '.env.example': 'EXAMPLE=1\n',
};

describe('workspace facts', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));
  const project = () => {
    const root = tempDir('facts');
    roots.push(root);
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };

  it('finds a committed key imported under another name, files worth reading by name, a named SQLite file and the app set-up', () => {
    const root = project();
    const file = join(root, 'src/routes/admin.js');
    const text = FILES['src/routes/admin.js'];
    const facts = gatherWorkspaceFacts({ root, base: root, file, text, findings: findingsOf(text, file), rules: allRules, config: defaultConfig() });
    assert.deepEqual(facts.secretsUsed, [{ name: 'KEY', path: 'src/security.js', line: 2, what: 'The JWT signing key' }]);
    const files = Object.fromEntries((facts.filesWorthReading ?? []).map((f) => [f.path, f.holds]));
    assert.deepEqual(files, { 'src/security.js': 'the JWT signing key', 'config/.env': 'the environment file', 'keys/server.key': 'a private key', 'notes.db': 'the SQLite database' });
    assert.deepEqual(facts.app, { bodyParsers: ['json'], sessionCookieHttpOnly: true, cors: false });
    assert.equal(facts.appRoot, '');
  });

  it('make the raised JWT story name the committed key in the other module', async () => {
    const root = project();
    const draft = await draftStory({ root, file: join(root, 'src/routes/admin.js'), selection: { startLine: 5, endLine: 8 }, rules: allRules, toolVersion: 't', platformStories: false });
    assert.match(draft.story.harm, /`KEY`, written in src\/security\.js:2: anyone with the source can mint an admin token/);
    assert.match(draft.story.acceptanceCriteria[0].text, /moves out of src\/security\.js:2/);
  });

  it('read the session cookie as not httpOnly only when it is set off, and a urlencoded parser from bodyParser', () => {
    assert.deepEqual(appFactsOf(["const session = require('express-session');\napp.use(bodyParser.urlencoded({ extended: false }));\napp.use(session({ cookie: { httpOnly: false } }));"]), {
      bodyParsers: ['urlencoded'],
      sessionCookieHttpOnly: false,
      cors: false,
    });
  });
});
