import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { runRuleTests } from '../../test/ruleTester';
import rule from './no-path-traversal';

const CJS = "const fs = require('fs');\nconst path = require('path');\nconst DIR = path.join(__dirname, 'uploads');\n";
/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.get('/files/:name', (req, res) => {\n  ${body}\n});\n`;

runRuleTests(rule, {
  valid: [
    // The root option in a variable confines the name just as inline.
    "const express = require('express');\nconst path = require('path');\nconst app = express();\napp.get('/view/*', (req, res) => {\n  const options = { root: path.join(__dirname, 'public'), dotfiles: 'deny' };\n  res.sendFile(req.params[0], options);\n});\n",
    // Upload middleware chose where the temporary file lives; the client did not.
    "const fs = require('fs');\nexports.upload = (req, res) => {\n  const uploaded = req.files.files[0];\n  fs.unlink(uploaded.path, () => res.sendStatus(400));\n};\n",
    "const fs = require('fs');\nexports.upload = (req, res) => {\n  fs.readFile(req.file.path, (err, data) => res.send(data));\n};\n",
    // The same paths handed to a helper first: the upload object or its temp path crosses the call.
    "const fs = require('fs');\nconst removeUpload = (file) => { fs.unlink(file.path, () => {}); };\nconst readSvg = (filepath) => fs.readFileSync(filepath, 'utf8');\nexports.upload = (req, res) => {\n  removeUpload(req.file);\n  res.send(readSvg(req.file.path));\n};\n",
    // The stored path copied into a variable first, with a fallback for older middleware's field name.
    "const fs = require('fs');\nrouter.post('/docs', async (ctx) => {\n  const upload = ctx.request.files.document;\n  const stored = upload.filepath || upload.path;\n  ctx.body = await fs.promises.readFile(stored);\n});\n",
    // The stored path copied out, then handed to a generic helper that deletes it (nothing to report at the call).
    "const { unlink } = require('fs/promises');\nconst unlinkSafe = async (target) => { try { await unlink(target); } catch {} };\nrouter.post('/docs', async (ctx) => {\n  const upload = ctx.request.files.document;\n  const stored = upload.filepath || upload.path;\n  await unlinkSafe(stored);\n});\n",
    // The stored path read by a helper that takes the upload, then opened by another helper.
    "const fsp = require('fs/promises');\nconst storedPath = (file) => { const upload = file; return upload.filepath; };\nconst sniff = async (target) => (await fsp.open(target, 'r')).close();\nrouter.post('/docs', async (ctx) => {\n  const files = [ctx.request.files.document];\n  await Promise.all(files.map(async (file) => sniff(storedPath(file))));\n});\n",
    // Destructured from the upload: still where the middleware stored it.
    "const fs = require('fs');\nexports.upload = (req, res) => {\n  const { file: { path: stored } } = req;\n  const { tempFilePath } = req.files.avatar;\n  fs.unlinkSync(stored);\n  fs.unlinkSync(tempFilePath);\n  res.end();\n};\n",
    // The safe versions: a root the file must stay under, a containment check, an allowlist, one name only.
    CJS + route('res.sendFile(req.params.name, { root: DIR });'),
    CJS + route("const full = path.resolve(DIR, req.params.name);\n  if (!full.startsWith(DIR + path.sep)) return res.sendStatus(403);\n  res.sendFile(full);"),
    CJS + route("if (!/^[\\w-]+\\.pdf$/.test(req.params.name)) return res.sendStatus(400);\n  res.download(path.join(DIR, req.params.name));"),
    CJS + route("fs.readFile(path.join(DIR, path.basename(req.params.name)), (err, data) => res.send(data));"),
    CJS + "const FILES = { terms: 'terms.pdf', privacy: 'privacy.pdf' };\n" + route('res.sendFile(path.join(DIR, FILES[req.params.name]));'),
    // Paths of unknown origin or constants.
    CJS + 'function read(file) {\n  return fs.readFileSync(path.join(DIR, file));\n}\n',
    CJS + "const config = fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8');\n",
    // A command-line tool reads the files its user names.
    CJS + "const input = fs.readFileSync(path.resolve(process.cwd(), process.argv[2]), 'utf8');\n",
    // Not the file system.
    "const storage = require('./storage');\n" + route('storage.readFile(req.params.name).then((data) => res.send(data));'),
    "const _ = require('lodash');\n" + route('res.send(_.truncate(req.query.text));'),
    "const downloader = require('./downloader');\n" + route('downloader.download(req.query.url).then(() => res.sendStatus(202));'),
    // Guards from the engine's guard model.
    CJS + route("const full = path.join(DIR, req.params.name);\n  const rel = path.relative(DIR, full);\n  if (rel.startsWith('..') || path.isAbsolute(rel)) return res.sendStatus(403);\n  fs.readFile(full, (err, data) => res.send(data));"),
    CJS + route("const name = req.params.name;\n  if (!/^[\\w-]+\\.pdf$/.test(name)) return res.sendStatus(400);\n  fs.readFile(path.join(DIR, name), (err, data) => res.send(data));"),
  ],
  invalid: [
    {
      name: "a variable that may hold the client's own upload name is still input",
      code: "const fs = require('fs');\nrouter.post('/docs', async (ctx) => {\n  const upload = ctx.request.files.document;\n  const stored = upload.filepath || upload.originalFilename;\n  ctx.body = await fs.promises.readFile(stored);\n});\n",
      errors: [{ messageId: 'inputAsPath', line: 5 }],
    },
    {
      name: "a helper given the upload still reads the client's own name from it",
      code: "const fs = require('fs');\nconst keep = (file) => fs.writeFileSync('/srv/uploads/' + file.originalname, file.buffer);\nexports.upload = (req, res) => {\n  keep(req.file);\n  res.end();\n};\n",
      errors: [{ messageId: 'taintedPath', line: 2 }],
    },
    {
      name: "the client's own upload name handed to a generic helper is reported at the call (near miss of the stored path)",
      code: "const { unlink } = require('fs/promises');\nconst unlinkSafe = async (target) => { try { await unlink(target); } catch {} };\nrouter.post('/docs', async (ctx) => {\n  const upload = ctx.request.files.document;\n  await unlinkSafe(upload.originalFilename);\n});\n",
      errors: [{ messageId: 'inputAsPath', line: 5, column: 20 }],
    },
    {
      name: "a helper that takes the upload and returns the client's own name still gives input (near miss of the stored path)",
      code: "const fsp = require('fs/promises');\nconst clientName = (file) => { const upload = file; return upload.originalFilename; };\nconst sniff = async (target) => (await fsp.open(target, 'r')).close();\nrouter.post('/docs', async (ctx) => {\n  const files = [ctx.request.files.document];\n  await Promise.all(files.map(async (file) => sniff(clientName(file))));\n});\n",
      errors: [{ messageId: 'inputAsPath', line: 6 }],
    },
    {
      name: "the client's own upload name is still input (near miss of the middleware's path)",
      code: "const fs = require('fs');\nconst path = require('path');\nexports.upload = (req, res) => {\n  fs.writeFile(path.join('/srv/uploads', req.file.originalname), req.file.buffer, () => res.end());\n};\n",
      errors: [
        {
          messageId: 'taintedPath',
          line: 4,
          severity: 'error',
          suggestions: [
            {
              title: 'Keep only the file name with `path.basename` (drops directories and `..`)',
              output: "const fs = require('fs');\nconst path = require('path');\nexports.upload = (req, res) => {\n  fs.writeFile(path.join('/srv/uploads', path.basename(req.file.originalname)), req.file.buffer, () => res.end());\n};\n",
            },
          ],
        },
      ],
    },
    {
      name: 'options held in a variable without root do not confine the name',
      code: "const express = require('express');\nconst app = express();\napp.get('/view/*', (req, res) => {\n  const options = { dotfiles: 'deny' };\n  res.sendFile(req.params[0], options);\n});\n",
      errors: [{ messageId: 'inputAsPath', line: 5, severity: 'error' }],
    },
    {
      name: 'res.sendFile of a joined path: root option or basename',
      code: "const path = require('path');\n" + route("res.sendFile(path.join(__dirname, 'uploads', req.params.name));"),
      errors: [
        {
          messageId: 'taintedPath',
          line: 3,
          column: 16,
          severity: 'error',
          confidence: 'high',
          data: { sink: 'res.sendFile', source: 'req.params.name' },
          suggestions: [
            {
              title: "Serve the name relative to `root: path.join(__dirname, 'uploads')`, which refuses `..` (send the name, not a joined path)",
              output: "const path = require('path');\n" + route("res.sendFile(req.params.name, { root: path.join(__dirname, 'uploads') });"),
            },
            {
              title: 'Keep only the file name with `path.basename` (drops directories and `..`)',
              output: "const path = require('path');\n" + route("res.sendFile(path.join(__dirname, 'uploads', path.basename(req.params.name)));"),
            },
          ],
        },
      ],
    },
    {
      name: 'res.download of a template path: basename with the path module added',
      code: "const express = require('express');\nconst EXPORT_DIR = '/srv/exports';\n" + route('res.download(`${EXPORT_DIR}/${req.query.file}`);'),
      errors: [
        {
          messageId: 'taintedPath',
          line: 4,
          column: 16,
          suggestions: [
            {
              output: "const express = require('express');\nconst path = require('path');\nconst EXPORT_DIR = '/srv/exports';\n" + route('res.download(`${EXPORT_DIR}/${path.basename(req.query.file)}`);'),
            },
          ],
        },
      ],
    },
    {
      name: 'a stream of the request path itself',
      code: CJS + route('fs.createReadStream(req.query.file).pipe(res);'),
      errors: [{ messageId: 'inputAsPath', line: 5, column: 23, data: { sink: 'fs.createReadStream', source: 'req.query.file' }, suggestions: [] }],
    },
    {
      name: 'fs/promises in a Next.js-style handler with path.resolve',
      filename: 'doc.ts',
      code: "import { readFile } from 'node:fs/promises';\nimport path from 'node:path';\nconst ROOT = '/srv/docs';\nexport default async function handler(req, res) {\n  res.send(await readFile(path.resolve(ROOT, req.query.doc), 'utf8'));\n}\n",
      errors: [
        {
          messageId: 'taintedPath',
          line: 5,
          column: 27,
          data: { sink: 'fs.readFile' },
          suggestions: [{ output: "import { readFile } from 'node:fs/promises';\nimport path from 'node:path';\nconst ROOT = '/srv/docs';\nexport default async function handler(req, res) {\n  res.send(await readFile(path.resolve(ROOT, path.basename(req.query.doc)), 'utf8'));\n}\n" }],
        },
      ],
    },
    {
      name: 'fs-extra remove of a body field, through a variable',
      code: "const fse = require('fs-extra');\nconst path = require('path');\nconst TMP = '/tmp/jobs';\napp.post('/jobs/cleanup', async (req, res) => {\n  const target = path.join(TMP, req.body.id);\n  await fse.remove(target);\n  res.sendStatus(204);\n});\n",
      errors: [{ messageId: 'taintedPath', line: 6, column: 20, data: { sink: 'fs.remove', source: 'req.body.id' }, suggestions: [] }],
    },
    {
      name: 'a truthiness check is not a containment check',
      code: CJS + route("if (req.query.file) {\n    res.send(fs.readFileSync('/srv/data/' + req.query.file));\n  }"),
      errors: [{ messageId: 'taintedPath', line: 6, column: 30, suggestions: [] }],
    },
    {
      name: 'promisified readFile',
      code: CJS + "const util = require('util');\nconst readFile = util.promisify(fs.readFile);\n" + route('readFile(req.params.name).then((data) => res.send(data));'),
      errors: [{ messageId: 'inputAsPath', line: 7, column: 12, suggestions: [] }],
    },
    {
      name: 'copyFile: only the destination comes from the request',
      code: CJS + "app.post('/backup', (req, res) => {\n  fs.copyFileSync('/srv/app/db.sqlite', path.join(DIR, req.body.target));\n  res.sendStatus(201);\n});\n",
      errors: [
        {
          messageId: 'taintedPath',
          line: 5,
          column: 41,
          suggestions: [{ output: CJS + "app.post('/backup', (req, res) => {\n  fs.copyFileSync('/srv/app/db.sqlite', path.join(DIR, path.basename(req.body.target)));\n  res.sendStatus(201);\n});\n" }],
        },
      ],
    },
    {
      name: 'startsWith(root) without the separator also admits a sibling such as uploads-old: a warning',
      code: CJS + route("const full = path.resolve(DIR, req.params.name);\n  if (!full.startsWith(DIR)) return res.sendStatus(403);\n  fs.readFile(full, (err, data) => res.send(data));"),
      errors: [{ messageId: 'taintedPath', line: 7, column: 15, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'a containment check after the read is no guard',
      code: CJS + route("const full = path.resolve(DIR, req.params.name);\n  fs.readFile(full, (err, data) => res.send(data));\n  if (!full.startsWith(DIR + path.sep)) return res.sendStatus(403);"),
      errors: [{ messageId: 'taintedPath', line: 6, column: 15, severity: 'error', confidence: 'high' }],
    },
    {
      name: 'a containment check on another path is no guard',
      code: CJS + route("const full = path.resolve(DIR, req.params.name);\n  const other = path.resolve(DIR, req.query.other);\n  if (!other.startsWith(DIR + path.sep)) return res.sendStatus(403);\n  fs.readFile(full, (err, data) => res.send(data));"),
      errors: [{ messageId: 'taintedPath', line: 8, column: 15, severity: 'error', confidence: 'high' }],
    },
    {
      name: 'a request parameter handed to a helper of the same file is followed to the read inside it, and the fix stays in the helper',
      code: CJS + 'function load(name) {\n  return fs.readFileSync(path.join(DIR, name));\n}\n' + route('res.send(load(req.params.name));'),
      errors: [
        {
          messageId: 'taintedPath',
          line: 5,
          column: 26,
          severity: 'error',
          suggestions: [{ output: CJS + 'function load(name) {\n  return fs.readFileSync(path.join(DIR, path.basename(name)));\n}\n' + route('res.send(load(req.params.name));') }],
        },
      ],
    },
  ],
  todo: [
    {
      kind: 'missed',
      reason: 'a path built with a path function inside a string method chain loses its origin',
      code: CJS + route("res.sendFile(path.resolve(DIR, req.params.name).toLowerCase());"),
    },
  ],
});

test("a helper in another module that deletes the request's upload by its stored path is not fed input; one that uses the client's name is", () => {
  const options = { rules: [rule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false };
  const helpers = [
    "import fs from 'fs';",
    'export const removeTemp = ({ req }) => fs.unlinkSync(req.file.tempFilePath);',
    "export const removeNamed = ({ req }) => fs.unlinkSync('/srv/uploads/' + req.file.name);",
  ].join('\n');
  const summary = analyze(helpers, '/app/uploads.js', { ...options, summarize: true }).summary;
  assert.ok(summary);
  const handlers = [
    "import { removeTemp, removeNamed } from './uploads';",
    "app.post('/a', (req, res) => { removeTemp({ req, depth: req.query.depth }); res.end(); });",
    "app.post('/b', (req, res) => { removeNamed({ req, depth: req.query.depth }); res.end(); });",
  ].join('\n');
  const result = analyze(handlers, '/app/routes.js', { ...options, importedSummaries: { './uploads': summary.functions } });
  assert.deepEqual(result.findings.map((f) => f.range.start.line), [3]);
});
