// The port a story's HTTP test calls by default is the one the app listens on, read from its
// `listen(...)` (the review found every test defaulting to 3000 while the apps listen on 3001/3002).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { listenPort } from '../../server/src/backlog/story/listenPort';
import { findAppPort } from '../../server/src/backlog/useCases/appPort';
import { testSkeleton } from '../../server/src/backlog/story/testSkeleton';
import { removeDir, tempDir } from './helpers';

describe('the port an app listens on by default', () => {
  it('reads a literal port, directly, behind an environment variable or through a constant', () => {
    assert.equal(listenPort('app.listen(process.env.PORT || 3001);'), 3001);
    assert.equal(listenPort('app.listen(process.env.PORT ?? 3002, () => {});'), 3002);
    assert.equal(listenPort("server.listen(8080, '0.0.0.0');"), 8080);
    assert.equal(listenPort('const PORT = Number(process.env.PORT || 4000);\napp.listen(PORT, () => log(PORT));'), 4000);
  });

  it('reads nothing where the port is not a literal', () => {
    assert.equal(listenPort('app.listen(config.port);'), undefined);
    assert.equal(listenPort('const port = pickPort();\napp.listen(port);'), undefined);
    assert.equal(listenPort('module.exports = app;'), undefined);
  });

  const root = tempDir('app-port');
  after(() => removeDir(root));

  it('finds the entry file from package.json main, else the usual entries, and never leaves the project', () => {
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'src/app.js'), 'app.listen(process.env.PORT || 3002);\n');
    writeFileSync(join(root, 'boot.js'), 'app.listen(5005);\n');
    assert.equal(findAppPort(root, '{ "main": "boot.js" }'), 5005);
    assert.equal(findAppPort(root, '{ "scripts": { "start": "node boot.js" } }'), 5005);
    assert.equal(findAppPort(root, undefined), 3002);
    mkdirSync(join(root, 'inner'));
    assert.equal(findAppPort(join(root, 'inner'), '{ "main": "../boot.js" }'), undefined);
  });
});

describe('the example apps of the abuser-stories exercise', () => {
  it('listen on the ports their package.json and entry files say', () => {
    const examples = resolve(__dirname, '..', '..', 'examples');
    const pkg = (app: string) => readFileSync(join(examples, app, 'package.json'), 'utf8');
    assert.equal(findAppPort(join(examples, 'todo-notes'), pkg('todo-notes')), 3001);
    assert.equal(findAppPort(join(examples, 'juice-bar-api'), pkg('juice-bar-api')), 3002);
    assert.equal(findAppPort(join(examples, 'express-shop'), pkg('express-shop')), 3000);
  });
});

describe("the HTTP test's BASE_URL default", () => {
  const target = { key: 'AS-PORT', title: 'read every order', ruleId: 'unsafe-api/no-path-traversal', message: '', method: 'GET', route: '/files', field: { location: 'query' as const, name: 'name' }, file: 'src/routes/files.js' };

  it('is the port the app listens on, and 3000 when it is unknown', () => {
    assert.match(testSkeleton({ ...target, port: 3001 }, 'node:test')!.code, /process\.env\.BASE_URL \|\| 'http:\/\/localhost:3001'/);
    assert.match(testSkeleton(target, 'node:test')!.code, /process\.env\.BASE_URL \|\| 'http:\/\/localhost:3000'/);
  });
});
