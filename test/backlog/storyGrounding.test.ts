// Stories true for the code and the library versions at hand: a JWT check that jsonwebtoken 9
// already guards is hardening unless its key is committed; a script echoed to its sender is
// reflected (and hard to deliver through a JSON-only route); an express-session secret opens no
// session alone; a traversal says what its call does with the file and names the best file in
// reach; a `$where` in a read is no tampering; blind XXE is no Critical.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory, type StoryInput } from '../../server/src/backlog/story/story';
import type { Story } from '../../server/src/backlog/story/types';
import type { WorkspaceFacts } from '../../server/src/backlog/story/workspaceFacts';
import { FIXED_NOW, findingsOf } from './helpers';

function story(path: string, lines: string[], overrides: Partial<StoryInput> = {}): Story {
  const text = lines.join('\n') + '\n';
  return buildStory({ text, path, findings: findingsOf(text, path), rules: allRules, now: FIXED_NOW, toolVersion: 't', ...overrides });
}

const criteria = (s: Story) => s.acceptanceCriteria.map((c) => c.text).join('\n');

const VERIFY = [
  "const express = require('express');",
  "const jwt = require('jsonwebtoken');",
  "const { SIGNING_KEY } = require('../security');",
  'const router = express.Router();',
  "router.get('/partner/orders', (req, res) => {",
  "  const partner = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), SIGNING_KEY);",
  '  res.json({ partner: partner.sub });',
  '});',
  'module.exports = router;',
];
const COMMITTED_KEY: WorkspaceFacts = { secretsUsed: [{ name: 'SIGNING_KEY', path: 'src/security.js', line: 5, what: 'The JWT signing key' }] };

describe('a jwt.verify without an algorithms list', () => {
  it('with jsonwebtoken 9 and a string key is hardening: no forgery "without any credentials", likelihood low, criteria that pin the list', () => {
    const s = story('src/routes/admin.js', VERIFY, { libraries: { jsonwebtoken: '9.0.2' } });
    assert.equal(s.findings[0].ruleId, 'session/no-unverified-jwt');
    assert.doesNotMatch(`${s.narrative} ${s.title}`, /without any credentials/);
    // The "so that" is a harm, under the condition the goal states; why it holds today is the risk's reason.
    assert.match(s.narrative, /once a key change or a library downgrade lets a token's header choose its algorithm, so that every check written like this one would take my made-up token/);
    assert.doesNotMatch(s.harm, /jsonwebtoken|installed|pinning/);
    assert.match(s.title, /^Keep token forgery shut/, 'the title claims no attack the risk denies');
    assert.equal(s.risk.likelihood, 1);
    assert.notEqual(s.risk.severity, 'High');
    assert.match(s.risk.rationale, /lowered because jsonwebtoken 9\.0\.2 \(installed\) derives the accepted algorithms from the string key/);
    assert.match(criteria(s), /pins `algorithms: \['HS256'\]`/);
    assert.doesNotMatch(criteria(s), /what remains is algorithm confusion/);
  });

  it('promises administrators only where the check reads a role', () => {
    const plain = story('src/routes/admin.js', VERIFY, { libraries: { jsonwebtoken: '9.0.2' } });
    assert.doesNotMatch(`${plain.narrative} ${plain.title}`, /administrator/);
    const roled = VERIFY.map((line) => line.replace("res.json({ partner: partner.sub });", "if (partner.role !== 'admin') return res.sendStatus(403); res.json({ partner: partner.sub });"));
    assert.match(story('src/routes/admin.js', roled, { libraries: { jsonwebtoken: '9.0.2' } }).narrative, /as any user's, administrators included/);
  });

  it('names a committed verifying key as the way in, and asks to move and rotate it', () => {
    const s = story('src/routes/admin.js', VERIFY, { libraries: { jsonwebtoken: '9.0.2' }, workspace: COMMITTED_KEY });
    assert.match(s.narrative, /^As anyone with a copy of the source code/);
    assert.match(s.harm, /`SIGNING_KEY`, written in src\/security\.js:5: anyone with the source can mint an admin token/);
    assert.match(s.acceptanceCriteria[0].text, /`SIGNING_KEY` moves out of src\/security\.js:5 into a secret store or the environment and the committed value is rotated/);
    assert.equal(s.risk.severity, 'High');
    assert.match(s.risk.rationale, /the way in is the committed key/);
    assert.deepEqual(s.stride, ['S', 'E']);
  });

  it('before jsonwebtoken 9 keeps the forgery story the rule tells', () => {
    const s = story('src/routes/admin.js', VERIFY, { libraries: { jsonwebtoken: '8.5.1' } });
    assert.match(s.harm, /without any credentials/);
    assert.equal(s.risk.likelihood, 2);
  });

  it('a jwt.decode story links the committed key the fix would verify with', () => {
    const decode = [...VERIFY];
    decode[5] = "  const partner = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));";
    decode[6] = "  if (!partner || partner.role !== 'admin') return res.status(403).end();\n  res.json({ ok: true });";
    const s = story('src/routes/admin.js', decode, { libraries: { jsonwebtoken: '9.0.2' }, workspace: COMMITTED_KEY });
    assert.match(s.findings[0].message, /does not check the signature/);
    assert.match(criteria(s), /not the committed `SIGNING_KEY` \(src\/security\.js:5\).*rotated, or after this fix anyone with the source still mints tokens/);
    assert.deepEqual(s.ownsSecrets, [{ path: 'src/security.js', line: 5, name: 'SIGNING_KEY' }]);
    assert.equal(s.dependsOn, undefined);
  });
});

describe('one committed key, one piece of work', () => {
  const DECODE = [...VERIFY];
  DECODE[5] = "  const partner = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));";
  DECODE[6] = "  if (!partner || partner.role !== 'admin') return res.status(403).end();\n  res.json({ ok: true });";
  const OWNED: WorkspaceFacts = { ...COMMITTED_KEY, secretOwners: [{ path: 'src/security.js', line: 5, id: 'TASK-7', title: 'Act as any user on the user list' }] };

  it('the first story that needs the key moved asks for it and owns it, with a test that signs a token with the committed key', () => {
    const s = story('src/routes/admin.js', VERIFY, { libraries: { jsonwebtoken: '9.0.2' }, workspace: COMMITTED_KEY, mountPrefix: '/rest/admin' });
    assert.deepEqual(s.ownsSecrets, [{ path: 'src/security.js', line: 5, name: 'SIGNING_KEY' }]);
    assert.equal(s.testNote, undefined);
    const code = s.testSkeleton?.code ?? '';
    assert.match(code, /refuses a token signed with the committed SIGNING_KEY/);
    assert.match(code, /readFileSync\(join\(ROOT, "src\/security\.js"\)/);
    assert.match(criteria(s), /signed with the committed `SIGNING_KEY` \(read from src\/security\.js, never copied into the test\)/);
  });

  it('a later story depends on the owner instead of repeating its criterion, and is rated for its own fix', () => {
    const verify = story('src/routes/admin.js', VERIFY, { libraries: { jsonwebtoken: '9.0.2' }, workspace: OWNED });
    const decode = story('src/routes/admin.js', DECODE, { libraries: { jsonwebtoken: '9.0.2' }, workspace: OWNED });
    for (const s of [verify, decode]) {
      assert.doesNotMatch(criteria(s), /rotated|never from the source/, criteria(s));
      assert.equal(s.ownsSecrets, undefined);
      assert.equal(s.dependsOn?.length, 1);
      assert.equal(s.dependsOn[0].id, 'TASK-7');
      assert.match(s.dependsOn[0].why ?? '', /moves the committed `SIGNING_KEY` \(src\/security\.js:5\) out of the source and rotates it/);
      assert.doesNotMatch(s.testSkeleton?.code ?? '', /committedKey/);
    }
    // Without the key in its story, a missing algorithms list under jsonwebtoken 9 is hardening.
    assert.equal(verify.risk.likelihood, 1);
    assert.match(verify.risk.rationale, /only the key forges one, and moving the committed `SIGNING_KEY` out of the source is TASK-7's work/);
  });
});

const TODOS = [
  "const express = require('express');",
  'const router = express.Router();',
  "router.post('/', (req, res) => {",
  '  items.push(req.body.text);',
  "  res.send('<p>Added: ' + req.body.text + '</p>');",
  '});',
  'module.exports = router;',
];
const JSON_ONLY: WorkspaceFacts = { app: { bodyParsers: ['json'], sessionCookieHttpOnly: true, cors: false } };

describe('server-side XSS', () => {
  it('echoed to the sender of a JSON-only route is reflected, unlikely, and no session theft behind an httpOnly cookie', () => {
    const s = story('src/routes/todos.js', TODOS, { workspace: JSON_ONLY, mountPrefix: '/todos' });
    assert.equal(s.findings[0].ruleId, 'unsafe-api/no-server-side-xss');
    assert.match(s.risk.rationale, /only the person who sends the request sees the answer: the value is also saved, but no page of this file shows it back as HTML; the route reads/);
    assert.match(s.risk.rationale, /httpOnly, so a script could not carry the session away/);
    assert.doesNotMatch(`${s.narrative} ${s.title}`, /hijack|everyone/i);
    assert.equal(s.risk.likelihood, 1);
    assert.match(s.risk.rationale, /parses only JSON bodies \(express\.json\): a browser sends a JSON body only from a script, whose answer goes to that script and is never shown as a page/);
    assert.ok(s.testSkeleton);
    assert.doesNotMatch(s.testSkeleton.code, /READ_BACK/, 'no page is invented to read the value back');
  });

  it('stays unlikely on a route that checks no login: anyone can send it, but still only to themselves', () => {
    const app = ["const express = require('express');", "const todos = require('./routes/todos');", 'const app = express();', 'app.use(express.json());', "app.use('/todos', todos);", 'app.listen(3001);', ''].join('\n');
    const s = story('src/routes/todos.js', TODOS, {
      workspace: JSON_ONLY,
      mountPrefix: '/todos',
      mount: { path: 'src/app.js', text: app },
      choices: { prerequisites: 'with a user account' },
    });
    assert.equal(s.authentication?.state, 'unguarded', 'the route checks no login');
    assert.equal(s.risk.likelihood, 1, s.risk.rationale);
    assert.doesNotMatch(s.risk.rationale, /raised because/);
    // The attacker is not the sender: an open route does not make "any anonymous visitor" the actor.
    assert.doesNotMatch(`${s.actor} ${s.narrative}`, /anonymous/);
    const unasked = story('src/routes/todos.js', TODOS, { workspace: JSON_ONLY, mountPrefix: '/todos', mount: { path: 'src/app.js', text: app } });
    assert.match(unasked.narrative, /^As an attacker who talks a signed-in user into sending my markup, /);
  });

  it('keeps its likelihood when a form can deliver it, and speaks of hijacking when the cookie is readable', () => {
    const s = story('src/routes/todos.js', TODOS, { workspace: { app: { bodyParsers: ['json', 'urlencoded'], sessionCookieHttpOnly: false, cors: false } } });
    assert.equal(s.risk.likelihood, 3);
    assert.match(s.goal, /^hijack /);
  });

  it('reads the value back on a page of the app that shows it as HTML', () => {
    const lines = [...TODOS.slice(0, 6), "router.get('/list', (req, res) => res.send('<ul>' + items.join('') + '</ul>'));", 'module.exports = router;'];
    const s = story('src/routes/todos.js', lines, { workspace: JSON_ONLY, mountPrefix: '/todos', selection: { startLine: 3, endLine: 6 } });
    assert.ok(s.testSkeleton);
    assert.match(s.testSkeleton.code, /const READ_BACK = "\/todos\/list";/);
  });
});

describe('a committed secret', () => {
  const app = (what: string) => [
    "const express = require('express');",
    what,
    'const app = express();',
    "app.use(session({ secret: 'keyboard-cat-todo-2019', resave: false, saveUninitialized: true }));",
    'app.listen(3001);',
  ];

  it('for express-session opens no session alone: low impact, no database or API boilerplate', () => {
    const s = story('src/app.js', app("const session = require('express-session');"), { choices: { ruleId: 'session/no-hardcoded-secret' } });
    assert.equal(s.findings[0].ruleId, 'session/no-hardcoded-secret');
    assert.match(s.harm, /the secret alone opens no session/);
    assert.doesNotMatch(s.harm, /database|quota/);
    assert.equal(s.risk.impact, 1);
    assert.equal(s.risk.severity, 'Low');
    assert.match(s.risk.rationale, /signs random session ids/);
    // A title names the loss, never in the attacker's first person.
    assert.match(s.title, /^Turn stolen session ids into working cookies/);
    assert.doesNotMatch(s.title, /\bI\b/);
  });

  it('for cookie-session lets anyone write a session, and still speaks of no database', () => {
    const s = story('src/app.js', app("const session = require('cookie-session');"), { choices: { ruleId: 'session/no-hardcoded-secret' } });
    assert.match(s.harm, /carries the session data itself/);
    assert.doesNotMatch(s.harm, /database|quota/);
    assert.equal(s.risk.impact, 3);
  });
});

const FILES = (call: string) => [
  "const express = require('express');",
  "const fs = require('fs');",
  "const path = require('path');",
  'const router = express.Router();',
  "const FTP = path.join(__dirname, '..', '..', 'ftp');",
  "router.get('/ftp/:file', (req, res) => {",
  `  ${call}`,
  '});',
  'module.exports = router;',
];

describe('a path traversal', () => {
  it('through a read says read, and a committed key in reach raises the impact and names it in the title', () => {
    const workspace: WorkspaceFacts = { filesWorthReading: [{ path: 'todos.db', holds: 'the SQLite database' }, { path: 'src/security.js', holds: 'the JWT signing key' }], appRoot: '' };
    const s = story('src/routes/files.js', FILES('res.sendFile(path.join(FTP, req.params.file));'), { workspace, choices: { asset: 'confidential documents' } });
    assert.equal(s.findings[0].ruleId, 'unsafe-api/no-path-traversal');
    assert.doesNotMatch(`${s.goal} ${s.harm}`, /overwrite/);
    assert.deepEqual(s.stride, ['I']);
    assert.equal(s.risk.impact, 3);
    assert.match(s.risk.rationale, /`\.\.\/src\/security\.js` from the served folder reaches the JWT signing key in src\/security\.js/);
    assert.match(s.title, /the JWT signing key in src\/security\.js/);
    assert.match(s.technique ?? '', /`\.\.\/src\/security\.js`/);
  });

  it('reaches a SQLite database the code names, relative to where the app runs', () => {
    const s = story('src/routes/files.js', FILES('res.download(path.join(FTP, req.params.file));'), { workspace: { filesWorthReading: [{ path: 'todos.db', holds: 'the SQLite database' }], appRoot: '' } });
    assert.equal(s.risk.impact, 3);
    assert.match(s.risk.rationale, /`\.\.\/todos\.db` from the served folder reaches the SQLite database todos\.db/);
    // Its test asks for the named file too, and compares the answer with the file itself.
    assert.match(criteria(s), /sends `\.\.\/\.\.\/[^`]*etc\/passwd`, then `\.\.\/todos\.db`, as `file` to `GET \/ftp\/:file` and passes: .*todos\.db included/);
    assert.ok(s.testSkeleton);
    assert.match(s.testSkeleton.code, /const NAMED_FILE = join\(process\.env\.PROJECT_ROOT \|\| process\.cwd\(\), "todos\.db"\);/);
    assert.match(s.testSkeleton.code, /const NAMED_PATH = "\.\.\/todos\.db";/);
  });

  it('says why the file in reach hurts: the plaintext passwords a database file holds, the tokens a committed key mints and the story that moves it', () => {
    const database: WorkspaceFacts = {
      filesWorthReading: [{ path: 'todos.db', holds: 'the SQLite database' }],
      sqlTables: [{ name: 'users', columns: ['id', 'name', 'password'], plaintext: ['password'] }],
      appRoot: '',
    };
    const db = story('src/routes/files.js', FILES('res.sendFile(path.join(FTP, req.params.file));'), { workspace: database });
    assert.match(db.narrative, /so that I download todos\.db whole, with the plaintext passwords in users\.password, and sign in as those users, here and wherever they reused the password\.$/);
    const key: WorkspaceFacts = {
      filesWorthReading: [{ path: 'src/security.js', holds: 'the JWT signing key' }],
      secretOwners: [{ path: 'src/security.js', line: 5, id: 'TASK-8', title: 'Act as any user' }],
      appRoot: '',
    };
    const k = story('src/routes/files.js', FILES('res.sendFile(path.join(FTP, req.params.file));'), { workspace: key });
    assert.match(k.narrative, /so that I take the JWT signing key and sign tokens with any claims, administrator included, .*; moving it out of the source is TASK-8's work\.$/);
    assert.doesNotMatch(`${db.harm} ${k.harm}`, /leave the intended folder and read/, 'the "so that" is the loss, not the read');
  });

  it('with nothing valuable known says what any readable file means for the app, not a list of guesses', () => {
    const s = story('src/routes/files.js', FILES('res.sendFile(path.join(FTP, req.params.file));'), { workspace: { filesWorthReading: [], appRoot: '' } });
    assert.match(s.harm, /I learn from the application's own source code where its other weaknesses are/);
    assert.doesNotMatch(s.harm, /\.env|database|key/);
  });

  it('through a write says overwrite and through unlink says delete; nothing in reach keeps the impact', () => {
    const write = story('src/routes/files.js', FILES('fs.writeFile(path.join(FTP, req.params.file), req.body.text, () => res.end());'), { workspace: { filesWorthReading: [] } });
    assert.match(write.goal, /^overwrite /);
    assert.deepEqual(write.stride, ['T']);
    assert.equal(write.risk.impact, 2);
    const remove = story('src/routes/files.js', FILES('fs.unlink(path.join(FTP, req.params.file), () => res.end());'));
    assert.match(remove.goal, /^delete /);
    assert.doesNotMatch(remove.harm, /overwrite/);
  });
});

describe('a $where injection', () => {
  const lists = (query: string) => [
    "const express = require('express');",
    "const { List } = require('../db');",
    'const router = express.Router();',
    "router.get('/lists', async (req, res) => {",
    `  res.json(await List.${query}({ $where: "this.owner == '" + req.query.owner + "'" }${query === 'updateMany' ? ', { shared: true }' : ''}));`,
    '});',
    'module.exports = router;',
  ];

  it('in a read is information disclosure only', () => {
    const s = story('src/routes/todos.js', lists('find'));
    assert.equal(s.findings[0].ruleId, 'sql/no-mongo-where-from-input');
    assert.deepEqual(s.stride, ['I']);
  });

  it('in a write keeps tampering', () => {
    assert.ok(story('src/routes/todos.js', lists('updateMany')).stride.includes('T'));
  });

  it('in a read whose answer lists what it found hands over every document at once, not one character at a time', () => {
    const inline = story('src/routes/todos.js', lists('find'));
    assert.match(inline.narrative, /in one request/);
    assert.doesNotMatch(inline.narrative, /character/);
    const held = [
      "const { List } = require('../db');",
      "const router = require('express').Router();",
      "router.get('/lists', async (req, res) => {",
      "  const found = await List.find({ $where: \"this.owner == '\" + req.query.owner + \"'\" });",
      '  res.json(found);',
      '});',
      'module.exports = router;',
    ];
    assert.match(story('src/routes/todos.js', held).narrative, /in one request/);
  });

  it('in a read whose answer only counts leaves guessing one character per request', () => {
    const counted = [
      "const { List } = require('../db');",
      "const router = require('express').Router();",
      "router.get('/lists', async (req, res) => {",
      "  const found = await List.find({ $where: \"this.owner == '\" + req.query.owner + \"'\" });",
      '  res.json({ lists: found.length });',
      '});',
      'module.exports = router;',
    ];
    const s = story('src/routes/todos.js', counted);
    assert.equal(s.findings[0]?.ruleId, 'sql/no-mongo-where-from-input');
    assert.match(s.narrative, /one character per request/);
  });
});

describe('XXE', () => {
  const importer = (answer: string) => [
    "const express = require('express');",
    "const libxml = require('libxmljs2');",
    'const router = express.Router();',
    "router.post('/orders/import', express.text({ type: 'application/xml' }), (req, res) => {",
    '  const doc = libxml.parseXml(req.body, { noent: true });',
    `  ${answer}`,
    '});',
    'module.exports = router;',
  ];

  it('whose answer only counts is blind: not "sent back to me", High at most', () => {
    const s = story('src/routes/files.js', importer("res.json({ orders: doc.find('//order').length });"));
    assert.equal(s.findings[0].ruleId, 'unsafe-api/no-xml-external-entities');
    assert.doesNotMatch(s.harm, /sends it back/);
    assert.match(s.harm, /does not carry the parsed text/);
    assert.equal(s.risk.severity, 'High');
    assert.match(s.risk.rationale, /blind/);
  });

  it('whose answer only counts gets a test with the count as oracle, sending the document as the raw body the route parses', () => {
    const s = story('src/routes/files.js', importer("res.json({ orders: doc.find('//order').length });"));
    assert.equal(s.testNote, undefined);
    const code = s.testSkeleton?.code ?? '';
    assert.match(code, /writeFileSync\(ENTITY_FILE, "<order\/>"\)/);
    assert.match(code, /headers: \{ 'content-type': "application\/xml" \}, body: PAYLOAD/);
    assert.match(code, /assert\.equal\(answer, expected, "the answer counts the <order\/> that only the file named by the external entity holds/);
    assert.match(criteria(s), /as the request body \(`application\/xml`\) to `POST \/orders\/import` and passes: the request is refused \(4xx\), or it answers exactly as for the same document without the entity/);
  });

  it('whose answer echoes the document keeps the seed and its rating', () => {
    const s = story('src/routes/files.js', importer('res.send(doc.toString());'));
    assert.match(s.harm, /sends it back to me/);
    assert.equal(s.risk.severity, 'Critical');
  });
});

describe('a stored-script goal chosen on code that only echoes the script to its sender', () => {
  it('is told as reflected in Rugged\'s words, and rated so, while the person\'s own words are kept', () => {
    const s = story('src/routes/todos.js', TODOS, { workspace: JSON_ONLY, mountPrefix: '/todos', choices: { goalId: 't-stored-script' } });
    assert.doesNotMatch(s.narrative, /everyone who opens/);
    assert.match(s.harm, /would run in that user's session of this site/);
    assert.match(s.risk.rationale, /only the person who sends the request sees the answer/);
    assert.equal(s.risk.likelihood, 1);
    assert.doesNotMatch(criteria(s), /reads the page back/);
    const typed = story('src/routes/todos.js', TODOS, { workspace: JSON_ONLY, mountPrefix: '/todos', choices: { goalId: 't-stored-script', harm: 'I act in their sessions' } });
    assert.equal(typed.harm, 'I act in their sessions');
  });
});

describe('a secret compared with request input and read from the environment', () => {
  const deluxe = (check: string[] = [], key = 'process.env.DELUXE_API_KEY') => [
    "const express = require('express');",
    'const router = express.Router();',
    ...check,
    "router.get('/deluxe', (req, res) => {",
    `  if (req.headers['x-api-key'] === ${key}) return res.json({ deluxe: true });`,
    '  res.status(403).end();',
    '});',
    'module.exports = router;',
  ];

  it('with no default and no start-up check says an unset variable lets a request without the header in, and asks to refuse to start', () => {
    const s = story('src/routes/users.js', deluxe());
    assert.equal(s.findings[0].ruleId, 'session/no-timing-unsafe-comparison');
    assert.match(s.narrative, /while `DELUXE_API_KEY` is unset where the app runs, a request without the `x-api-key` header matches it \(`undefined === undefined`\)/);
    assert.match(criteria(s), /[Tt]he app refuses to start when `DELUXE_API_KEY` is unset or empty, and the key is compared with crypto\.timingSafeEqual/);
    assert.doesNotMatch(criteria(s), /[Ww]ebhook/, 'no webhook here');
    assert.equal(s.risk.likelihood, 2);
    assert.match(s.risk.rationale, /nothing refuses to start without it/);
    assert.match(s.testSkeleton?.code ?? '', /delete process\.env\["DELUXE_API_KEY"\];[\s\S]*got in while DELUXE_API_KEY is unset/);
  });

  it('keeps the timing story when the variable has a default, or the app checks it at start-up (here or in another file)', () => {
    for (const s of [
      story('src/routes/users.js', deluxe([], "(process.env.DELUXE_API_KEY || 'dev-only')")),
      story('src/routes/users.js', deluxe(["if (!process.env.DELUXE_API_KEY) throw new Error('DELUXE_API_KEY is not set');"])),
      story('src/routes/users.js', deluxe(), { workspace: { envGuarded: ['DELUXE_API_KEY'] } }),
    ]) {
      assert.doesNotMatch(s.narrative, /unset/);
      assert.equal(s.risk.likelihood, 1);
      assert.doesNotMatch(s.testSkeleton?.code ?? '', /process\.env\[/);
    }
  });
});

describe('a shell command built from a request value', () => {
  const exporter = (command: string) => [
    "const express = require('express');",
    "const { exec } = require('child_process');",
    'const router = express.Router();',
    "router.post('/exports', (req, res) => {",
    `  exec(${command}, (err) => res.json({ ok: !err }));`,
    '});',
    'module.exports = router;',
  ];

  it('asks for the value to be checked too where it is part of a file name, since execFile alone still lets ../ out of the folder', () => {
    for (const command of ['`tar czf exports/orders-${req.body.month}.tgz exports/orders`', "'zip -r /tmp/' + req.body.month + '.zip /var/todos'"]) {
      const s = story('src/routes/admin.js', exporter(command));
      assert.equal(s.findings[0]?.ruleId, 'unsafe-api/no-shell-command-from-input');
      assert.match(criteria(s), /`month` is checked against the shape it must have .* `\.\.\/`/, command);
      // Inside a word the value is never read as an option.
      assert.doesNotMatch(criteria(s), /read as options/, command);
    }
  });

  it('does not where the value is only an argument', () => {
    const s = story('src/routes/admin.js', exporter("'ping -c 1 ' + req.body.month"));
    assert.equal(s.findings[0]?.ruleId, 'unsafe-api/no-shell-command-from-input');
    assert.doesNotMatch(criteria(s), /shape it must have/);
    assert.match(criteria(s), /read as options/);
  });
});

describe('code an attacker runs in the server', () => {
  const EVAL = [
    "const express = require('express');",
    'const router = express.Router();',
    "router.post('/bulk-close', (req, res) => {",
    '  const keep = eval(req.body.filter);',
    '  res.json({ keep: Boolean(keep) });',
    '});',
    'module.exports = router;',
  ];
  const REMEMBER = [
    "const express = require('express');",
    "const serialize = require('node-serialize');",
    'const router = express.Router();',
    "router.get('/remember', (req, res) => {",
    "  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());",
    '  res.json({ hello: profile.name });',
    '});',
    'module.exports = router;',
  ];
  const HOLDS: WorkspaceFacts = {
    sqlTables: [{ name: 'users', columns: ['id', 'name', 'password'], plaintext: ['password'] }],
    filesWorthReading: [{ path: 'src/app.js', holds: 'the express-session secret' }, { path: 'config/keys.js', holds: 'the JWT signing key' }],
  };

  it('names what the process holds as the loss (its database column, a committed key that opens something alone), never "every right and secret of it"', () => {
    for (const lines of [EVAL, REMEMBER]) {
      const s = story('src/routes/admin.js', lines, { workspace: HOLDS });
      assert.match(s.findings[0].ruleId, /no-eval-like|no-unsafe-deserialization/);
      assert.match(s.harm, /^I copy what the server process holds: the plaintext passwords in users\.password and the JWT signing key in config\/keys\.js, and sign in as those users/);
      assert.doesNotMatch(s.narrative, /every right|with every .*secret/);
      // An express-session secret opens nothing alone: it is not named as a loss.
      assert.doesNotMatch(s.harm, /express-session/);
    }
  });

  it('with no fact about the workspace says what any server process holds', () => {
    const s = story('src/routes/admin.js', EVAL, { workspace: {} });
    assert.match(s.harm, /the databases it connects to, the secrets in its environment and every file it may read/);
  });
});

describe('a JWT read with jwt.decode', () => {
  it('says what the route answers to the role it checks, from its own query, instead of "without any credentials"', () => {
    const s = story('src/routes/admin.js', [
      "const express = require('express');",
      "const jwt = require('jsonwebtoken');",
      'const router = express.Router();',
      "router.get('/users', async (req, res) => {",
      "  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));",
      "  if (!claims || claims.role !== 'admin') return res.status(403).end();",
      "  const [users] = await sequelize.query('SELECT id, email, role FROM Users');",
      '  res.json(users);',
      '});',
      'module.exports = router;',
    ]);
    assert.equal(s.findings[0].ruleId, 'session/no-unverified-jwt');
    // The loss is what the route that trusts the token answers (groundJwtDecode.ts), not the forgery again.
    assert.match(s.harm, /^I read every user's id, email and role$/);
    assert.doesNotMatch(s.narrative, /without any credentials/);
  });
});
