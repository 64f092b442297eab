import { runRuleTests } from '../../test/ruleTester';
import rule from './no-zip-slip';

const ADM = "const AdmZip = require('adm-zip');\nconst fs = require('fs');\nconst path = require('path');\nconst zip = new AdmZip(upload);\n";
const UNZIPPER = "const fs = require('fs');\nconst path = require('path');\nconst unzipper = require('unzipper');\n";
/** An adm-zip loop writing each entry; `body` runs inside it with `entry` and `dest`. */
const admLoop = (body: string) => `${ADM}for (const entry of zip.getEntries()) {\n  ${body}\n}\n`;

runRuleTests(rule, {
  valid: [
    // Containment checks the guard model reads: resolved path starts with the folder plus a separator.
    admLoop("const out = path.resolve(dest, entry.entryName);\n  if (!out.startsWith(path.resolve(dest) + path.sep)) continue;\n  fs.writeFileSync(out, entry.getData());"),
    admLoop("const out = path.join(dest, entry.entryName);\n  const rel = path.relative(dest, out);\n  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error('zip slip');\n  fs.writeFileSync(out, entry.getData());"),
    admLoop("const out = path.resolve(dest, entry.entryName);\n  if (out.indexOf(dest + path.sep) !== 0) throw new Error('outside');\n  fs.writeFileSync(out, entry.getData());".replace('!== 0', '=== 0) {} else {throw new Error(1)} if (false')),
    // Only the last segment of the name.
    admLoop('fs.writeFileSync(path.join(dest, path.basename(entry.entryName)), entry.getData());'),
    // adm-zip's `name` is already the last segment.
    admLoop('fs.writeFileSync(path.join(dest, entry.name), entry.getData());'),
    // The library's own extraction confines entries (adm-zip 0.5.2+, unzipper 0.8.13+, node-tar by default).
    `${ADM}zip.extractAllTo(dest, true);\nzip.extractEntryTo('docs/readme.md', dest, true, true);\n`,
    `${UNZIPPER}fs.createReadStream(file).pipe(unzipper.Extract({ path: dest }));\n`,
    "const tar = require('tar');\ntar.x({ file: upload, cwd: dest });\n",
    "const tar = require('tar');\ntar.x({ file: upload, cwd: dest, preservePaths: false });\n",
    // Reading, not writing; and names the code chose.
    admLoop("console.log(entry.entryName, fs.existsSync(path.join(dest, 'x')));"),
    admLoop("fs.writeFileSync(path.join(dest, 'manifest.json'), entry.getData());"),
    // A check on another variable protects nothing, but here the write does not use the entry name.
    admLoop("if (!dest.startsWith('/srv/')) continue;\n  fs.mkdirSync(dest, { recursive: true });"),
    // Not an archive: a `path` field of an ordinary object.
    "const fs = require('fs');\nconst path = require('path');\nfor (const page of pages) fs.writeFileSync(path.join(out, page.path), page.html);\n",
    // Names every object inherits are in no table of archive fields.
    admLoop('fs.writeFileSync(path.join(dest, entry.toString()), entry.getData());\n  fs.writeFileSync(path.join(dest, String(entry.constructor)), entry.getData());'),
    // A name joined under '/' first is normalised before it meets the folder (tar-fs does this).
    "const tarStream = require('tar-stream');\nconst fs = require('fs');\nconst path = require('path');\nfunction onentry(header, stream, next) {\n  const name = path.join(dest, path.join('/', header.name));\n  if (!name.startsWith(dest + path.sep)) return next();\n  stream.pipe(fs.createWriteStream(name));\n}\ntarStream.extract().on('entry', onentry);\n",
    // The file mentions no archive API at all.
    "const fs = require('fs');\nfunction save(entry) { fs.writeFileSync(entry.entryName, 'x'); }\n",
  ],
  invalid: [
    {
      name: 'adm-zip entry name joined to the folder',
      code: admLoop('fs.writeFileSync(path.join(dest, entry.entryName), entry.getData());'),
      errors: [{ messageId: 'entryPath', line: 6, column: 20, severity: 'error', confidence: 'high', suggestions: [] }],
    },
    {
      name: 'unzipper Parse entries piped to a write stream, and the folder made for them',
      code: `${UNZIPPER}fs.createReadStream(file)\n  .pipe(unzipper.Parse())\n  .on('entry', (entry) => {\n    const target = path.join(dest, entry.path);\n    fs.mkdirSync(path.dirname(target), { recursive: true });\n    entry.pipe(fs.createWriteStream(target));\n  });\n`,
      errors: [
        { messageId: 'entryPath', line: 8, relatedLines: [7] },
        { messageId: 'entryPath', line: 9, relatedLines: [7] },
      ],
    },
    {
      name: 'tar-stream header name',
      code: "const tarStream = require('tar-stream');\nconst fs = require('fs');\nconst extract = tarStream.extract();\nextract.on('entry', (header, stream, next) => {\n  stream.pipe(fs.createWriteStream(dest + '/' + header.name));\n  stream.on('end', next);\n});\n",
      errors: [{ messageId: 'entryPath', line: 5 }],
    },
    {
      name: 'a listener passed by name',
      code: "const tarStream = require('tar-stream');\nconst fs = require('fs');\nconst path = require('path');\nfunction onentry(header, stream, next) {\n  stream.pipe(fs.createWriteStream(path.join(dest, header.name)));\n  stream.on('end', next);\n}\ntarStream.extract().on('entry', onentry);\n",
      errors: [{ messageId: 'entryPath', line: 5 }],
    },
    {
      name: 'node-tar onentry writing entry.path itself',
      code: "const tar = require('tar');\nconst fs = require('fs');\ntar.t({ file: upload, onentry(entry) { entry.pipe(fs.createWriteStream(entry.path)); } });\n",
      errors: [{ messageId: 'entryAsPath', line: 3 }],
    },
    {
      name: 'node-tar with preservePaths keeps absolute names',
      code: "const tar = require('tar');\ntar.x({ file: upload, cwd: dest, preservePaths: true });\n",
      errors: [
        {
          messageId: 'preservePaths',
          line: 2,
          column: 34,
          suggestions: [{ output: "const tar = require('tar');\ntar.x({ file: upload, cwd: dest });\n" }],
        },
      ],
    },
    {
      name: 'a substring test for `..` is a check Rugged cannot judge: absolute names pass it',
      code: admLoop("if (entry.entryName.includes('..')) continue;\n  fs.writeFileSync(path.resolve(dest, entry.entryName), entry.getData());"),
      errors: [{ messageId: 'entryPath', line: 7, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'a prefix test without the separator lets `/srv/out-evil` pass',
      code: admLoop("const out = path.resolve(dest, entry.entryName);\n  if (!out.startsWith(dest)) continue;\n  fs.writeFileSync(out, entry.getData());"),
      errors: [{ messageId: 'entryPath', line: 8, severity: 'warning' }],
    },
    {
      name: 'a check on another variable does not protect the entry name',
      code: admLoop("const out = path.join(dest, entry.entryName);\n  if (!dest.startsWith('/srv/uploads/')) continue;\n  fs.writeFileSync(out, entry.getData());"),
      errors: [{ messageId: 'entryPath', line: 8, severity: 'error' }],
    },
    {
      name: 'stripping `../` once is no check: `....//` becomes `../`',
      code: admLoop("fs.writeFileSync(path.join(dest, entry.entryName.replace(/\\.\\.\\//g, '')), entry.getData());"),
      errors: [{ messageId: 'entryPath', line: 6, severity: 'error' }],
    },
    {
      name: 'an entry handed to a helper that writes it',
      code: `${ADM}function save(entry) {\n  fs.writeFileSync(path.join(dest, entry.entryName), entry.getData());\n}\nzip.getEntries().forEach((e) => save(e));\n`,
      errors: [{ messageId: 'entryPath', line: 6, relatedLines: [6, 8] }],
    },
    {
      name: 'yauzl checks names itself while decodeStrings is on: a warning that points at the name',
      code: "const yauzl = require('yauzl');\nconst fs = require('fs');\nconst path = require('path');\nyauzl.open(file, { lazyEntries: true }, (err, zipfile) => {\n  zipfile.on('entry', (entry) => {\n    zipfile.openReadStream(entry, (e, stream) => stream.pipe(fs.createWriteStream(path.join(dest, entry.fileName))));\n  });\n});\n",
      errors: [{ messageId: 'entryPath', line: 6, severity: 'warning', confidence: 'medium' }],
    },
    {
      name: 'JSZip names are resolved by 3.8+, but its unsafeOriginalName is not',
      code: "const JSZip = require('jszip');\nconst fs = require('fs');\nconst path = require('path');\nasync function unpack(data, dest) {\n  const zip = await JSZip.loadAsync(data);\n  zip.forEach(async (relativePath, file) => {\n    fs.writeFileSync(path.join(dest, relativePath), await file.async('nodebuffer'));\n    fs.writeFileSync(path.join(dest, file.unsafeOriginalName), await file.async('nodebuffer'));\n  });\n}\n",
      errors: [
        { messageId: 'entryPath', line: 7, severity: 'warning', confidence: 'medium' },
        { messageId: 'entryPath', line: 8, severity: 'error' },
      ],
    },
    {
      name: 'a helper that takes the entry and returns its name',
      code: `${ADM}const nameOf = (e) => e.entryName;\nfor (const entry of zip.getEntries()) fs.writeFileSync(path.join(dest, nameOf(entry)), entry.getData());\n`,
      errors: [{ messageId: 'entryPath', line: 6 }],
    },
    {
      name: 'names listed from zip.files with fs/promises',
      code: "const JSZip = require('jszip');\nconst fsp = require('fs/promises');\nasync function unpack(data, dest) {\n  const zip = new JSZip();\n  await zip.loadAsync(data);\n  for (const name of Object.keys(zip.files)) {\n    await fsp.writeFile(`${dest}/${name}`, await zip.files[name].async('nodebuffer'));\n  }\n}\n",
      errors: [{ messageId: 'entryPath', line: 7, severity: 'warning' }],
    },
  ],
});
