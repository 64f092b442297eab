// "What the scan cannot see" is about this app: the features its code and dependencies hold that no
// rule judges, with where they show, apart from those a rule does check; the limits every scan has
// are said once. Checked on fixtures and on the three example apps, whose reports must differ.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { workspaceBlindSpots } from '../../server/src/backlog/story/blindSpots';
import { evidenceReport } from '../../server/src/backlog/story/report';
import { renderMarkdown } from '../../server/src/backlog/story/reportMarkdown';
import { renderHtml } from '../../server/src/backlog/story/reportHtml';
import { computeResidualRisk } from '../../server/src/backlog/story/residualRisk';
import { scannerCoverage } from '../../server/src/backlog/story/scannerCoverage';
import { run } from '../../server/src/cli/main';
import { removeDir, tempDir } from './helpers';

const coverage = scannerCoverage(allRules, new Set());

const UPLOAD_APP = [
  "const express = require('express');",
  "const multer = require('multer');",
  "const { WebSocketServer } = require('ws');",
  'const app = express();',
  "app.post('/avatar', multer().single('file'), (req, res) => res.sendStatus(204));",
  "app.get('/go', (req, res) => res.redirect(req.query.to));",
  "app.patch('/users/:userId', async (req, res) => { await User.update(req.body, { where: { id: req.params.userId } }); res.sendStatus(204); });",
  "app.post('/fetch', async (req, res) => res.send(await fetch(req.body.url)));",
  "app.post('/login', (req, res) => { console.log('login', req.body.password); res.sendStatus(204); });",
  'app.listen(3000);',
].join('\n');
const UPLOAD_PACKAGE = JSON.stringify({ dependencies: { express: '^4.19.0', multer: '^1.4.5', ws: '^8.0.0' } });

describe('blind spots of a workspace', () => {
  it('names each feature of this code that no rule checks, with where it shows', () => {
    const b = workspaceBlindSpots(UPLOAD_PACKAGE, [{ path: 'src/app.js', text: UPLOAD_APP }], coverage);
    const unchecked = new Map(b.unchecked.map((w) => [w.name, w.evidence.join(' | ')]));
    assert.match(unchecked.get('Unrestricted file upload') ?? '', /package\.json depends on multer/);
    assert.match(unchecked.get('Cross-site WebSocket hijacking') ?? '', /depends on ws/);
    const partial = new Map((b.partial ?? []).map((w) => [w.name, w.evidence.join(' | ')]));
    assert.match(partial.get('Missing authorization and insecure direct object references (IDOR)') ?? '', /src\/app\.js:7 PATCH \/users\/:userId takes a record id/);
    assert.match(unchecked.get('Mass assignment') ?? '', /src\/app\.js:7 writes the whole request body/);
    assert.match(unchecked.get('Server-side request forgery (SSRF)') ?? '', /src\/app\.js:8/);
    assert.match(unchecked.get('Brute force and missing rate limits') ?? '', /src\/app\.js:9 POST \/login accepts credentials/);
    assert.match(unchecked.get('Sensitive data in logs') ?? '', /src\/app\.js:9 logs a credential/);
    assert.match(unchecked.get('Vulnerable or outdated dependencies') ?? '', /3 dependencies \(express, multer, ws\)/);
    assert.match(unchecked.get('Cross-site request forgery (CSRF)') ?? '', /src\/app\.js:5 reads multipart form bodies/);
    // A rule looks for open redirects: listed as checked, never as a blind spot.
    assert.deepEqual(b.checked.map((w) => [w.name, w.rules]), [['Open redirect', ['unsafe-api/no-open-redirect']]]);
    assert.ok(!unchecked.has('Open redirect'));
    // Nothing here brings GraphQL or XML: they are not claimed as present.
    assert.ok(b.notSeen.includes('GraphQL query abuse (depth, batching, per-field authorization)'));
    assert.ok(!b.notSeen.includes('Business logic flaws'), 'the generic limits are said once, elsewhere');
    assert.deepEqual(b.unknownControls.map((u) => u.control), ['HTTPS with HSTS']);
  });

  it('says what the stories look for in part, and never that missing logins are not looked for', () => {
    const files = [
      { path: 'src/app.js', text: "const express = require('express');\nconst app = express();\napp.use('/admin', require('./routes/admin'));\napp.listen(3000);\n" },
      {
        path: 'src/routes/admin.js',
        text: [
          "const router = require('express').Router();",
          "router.delete('/users/:id', (req, res) => db.run('DELETE FROM users WHERE id = ?', [req.params.id], () => res.end()));",
          "router.post('/notes', (req, res) => db.run('INSERT INTO notes (owner, text) VALUES (?, ?)', [req.body.owner, req.body.text], () => res.end()));",
          "router.get('/health', requireAdmin, (req, res) => res.json({ ok: true }));",
          'module.exports = router;',
        ].join('\n'),
      },
      {
        path: 'src/routes/products.js',
        text: [
          "const router = require('express').Router();",
          "router.get('/products/:id', (req, res) => db.get('SELECT name, price FROM products WHERE id = ?', [req.params.id], (e, row) => res.json(row)));",
          'module.exports = router;',
        ].join('\n'),
      },
    ];
    const b = workspaceBlindSpots(undefined, files, coverage);
    const partial = new Map((b.partial ?? []).map((w) => [w.name, w]));
    const login = partial.get('Missing authentication on a critical function');
    assert.deepEqual(login?.evidence, ['src/routes/admin.js:2 DELETE /admin/users/:id checks no login', 'src/routes/admin.js:3 POST /admin/notes checks no login']);
    assert.match(login?.how ?? '', /raises a missing-login story/);
    const idor = partial.get('Missing authorization and insecure direct object references (IDOR)')?.evidence.join(' | ') ?? '';
    assert.match(idor, /POST \/admin\/notes lets the request name the owner \(`body\.owner`\)/);
    assert.match(idor, /DELETE \/admin\/users\/:id takes a record id/);
    // A read of a record everyone may see by its id (a product) is nobody's to protect.
    assert.doesNotMatch(idor, /products/);
    assert.ok(!b.notSeen.includes('Missing authentication on a critical function'), b.notSeen.join('; '));
    assert.ok(!b.unchecked.some((w) => w.name === 'Missing authentication on a critical function'));

    const risk = computeResidualRisk({ stories: [], files: [], today: '2025-06-01', rules: allRules });
    const md = renderMarkdown(evidenceReport({ risk, projectName: 'app', notChecked: [], coverage, blindSpots: b }, new Map()));
    assert.match(md, /### Looked for in part[\s\S]*- Missing authentication on a critical function \(CWE-306\): found src\/routes\/admin\.js:2 DELETE \/admin\/users\/:id checks no login, and no story covers it \(it may be meant to be open to anyone: decide, and raise a story if not\); [^\n]*No story on it yet\. How: no rule reports it;/);
  });

  it('leaves out what the code already handles: a rate limiter, helmet', () => {
    const text = `${UPLOAD_APP}\napp.use(require('helmet')());\nconst rateLimit = require('express-rate-limit');`;
    const b = workspaceBlindSpots(UPLOAD_PACKAGE, [{ path: 'src/app.js', text }], coverage);
    const names = b.unchecked.map((w) => w.name);
    assert.ok(!names.includes('Brute force and missing rate limits'));
    assert.ok(!names.includes('Missing security headers (HSTS, CSP, clickjacking)'));
    assert.deepEqual(b.unknownControls, []);
  });

  it('moves a class to "not checked" when its rules are turned off', () => {
    const off = scannerCoverage(allRules, new Set(['unsafe-api/no-open-redirect']));
    const b = workspaceBlindSpots(UPLOAD_PACKAGE, [{ path: 'src/app.js', text: UPLOAD_APP }], off);
    assert.ok(b.unchecked.some((w) => w.name === 'Open redirect'));
    assert.deepEqual(b.checked, []);
  });

  it('renders the app-specific parts and the generic limits once, in Markdown and HTML', () => {
    const blindSpots = workspaceBlindSpots(UPLOAD_PACKAGE, [{ path: 'src/app.js', text: UPLOAD_APP }], coverage);
    const risk = computeResidualRisk({ stories: [], files: [], today: '2025-06-01', rules: allRules });
    const report = evidenceReport({ risk, projectName: 'app', notChecked: [], coverage, blindSpots }, new Map());
    const md = renderMarkdown(report);
    const section = md.slice(md.indexOf('## What the scan cannot see'));
    assert.match(section, /### In this code, and no rule looks for it[\s\S]*- Unrestricted file upload \(CWE-434\): package\.json depends on multer\. Review: /);
    assert.match(section, /### In this code, and a rule looks for it[\s\S]*- Open redirect: src\/app\.js:6 redirects to a target from the request; checked by unsafe-api\/no-open-redirect\./);
    assert.match(section, /### Controls the code cannot show[\s\S]*HTTPS with HSTS: unknown, the app answers plain HTTP \(src\/app\.js:10/);
    assert.equal(section.match(/Business logic/g)?.length, 1);
    const html = renderHtml(report);
    assert.match(html, /<h3>In this code, and no rule looks for it<\/h3>/);
    assert.match(html, /Unrestricted file upload \(CWE-434\): package\.json depends on multer/);
  });
});

/** The report's blind-spot section for a copy of an example app, with its exercise backlog. */
async function reportOf(app: string, roots: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const root = tempDir(`blind-${app}`);
  roots.push(root);
  const examples = resolve(__dirname, '..', '..', 'examples');
  cpSync(join(examples, app), root, { recursive: true });
  cpSync(join(examples, 'abuser-stories-exercise', app, 'backlog'), join(root, 'backlog'), { recursive: true });
  const io = { stdout: { write: (t: string) => (stdout += t), isTTY: false }, stderr: { write: (t: string) => (stderr += t), isTTY: false }, cwd: root, env: {} };
  const code = await run(['report', '--format', 'md'], io, { today: '2026-12-07' });
  assert.equal(code, 0, stderr);
  return stdout.slice(stdout.indexOf('## What the scan cannot see'));
}

describe('blind spots of the example apps', () => {
  const roots: string[] = [];
  after(() => roots.forEach(removeDir));

  it('differ per app and name what each holds', async () => {
    const [shop, todo, juice] = await Promise.all(['express-shop', 'todo-notes', 'juice-bar-api'].map((app) => reportOf(app, roots)));
    assert.notEqual(shop, todo);
    assert.notEqual(todo, juice);
    assert.match(juice, /XML external entities \(XXE\): package\.json depends on libxmljs2; checked by unsafe-api\/no-xml-external-entities/);
    assert.match(juice, /Open redirect: src\/routes\/files\.js:14 redirects to a target from the request; checked by/);
    assert.match(todo, /Unsafe deserialisation: package\.json depends on node-serialize; checked by unsafe-api\/no-unsafe-deserialization/);
    assert.match(shop, /IDOR\)[^\n]*src\/routes\/orders\.js:16 DELETE \/orders\/:id takes a record id/);
    // Rugged looks for missing logins in part: never listed as not looked for, and the stories on them are named.
    for (const text of [shop, todo, juice]) {
      assert.doesNotMatch(text.slice(text.indexOf('### Not looked for')), /Missing authentication/);
      assert.match(text, /### Looked for in part[\s\S]*- Missing authentication on a critical function \(CWE-306\): found [^\n]*Stories on it: TASK-\d+/);
    }
    assert.match(shop, /CSRF\)[^\n]*src\/routes\/account\.js:36 POST \/account\/logout reads req\.cookies\.sid/);
    for (const text of [shop, todo, juice]) assert.match(text, /HTTPS with HSTS: unknown, the app answers plain HTTP \(src\/app\.js:\d+/);
  });
});
