// Listing and reading source files: gitignore semantics, default excludes, config globs,
// oversized files listed as skipped, explicit paths, deterministic order, decoding.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { isIgnored, listFiles, listFilesStepwise, readSourceFile } from '../../server/src/files/walk';

let root: string;

function write(files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function list(paths: string[] = [root], ignore: string[] = [], maxFileSize = 1024 * 1024) {
  const result = listFiles(paths, { root, ignore, maxFileSize });
  return {
    files: result.files.map((f) => relative(root, f)),
    skipped: result.skipped.map((s) => [relative(root, s.path), s.reason]),
  };
}

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-walk-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('listFiles', () => {
  it('stepwise, stops once per folder read and returns what listFiles returns', () => {
    write({ 'a/one.js': '', 'a/b/two.ts': '', 'c/three.js': '', 'node_modules/x/skip.js': '', 'top.js': '' });
    const options = { root, ignore: [], maxFileSize: 1024 };
    const steps = listFilesStepwise([root], options);
    let stops = 0;
    let step = steps.next();
    while (!step.done) {
      stops++;
      step = steps.next();
    }
    // The root, a, a/b and c; node_modules is excluded unread.
    assert.equal(stops, 4);
    assert.deepEqual(step.value, listFiles([root], options));
  });

  it('lists every supported extension and nothing else, sorted', () => {
    write({
      'src/b.ts': '', 'src/a.js': '', 'src/c.tsx': '', 'src/d.jsx': '', 'src/e.mjs': '', 'src/f.cjs': '',
      'src/g.mts': '', 'src/h.cts': '', 'src/readme.md': '', 'src/data.json': '', 'src/types.d.ts': '', 'a-b.js': '', 'a/b.js': '',
    });
    assert.deepEqual(list().files, [
      'a-b.js', 'a/b.js', 'src/a.js', 'src/b.ts', 'src/c.tsx', 'src/d.jsx', 'src/e.mjs', 'src/f.cjs', 'src/g.mts', 'src/h.cts', 'src/types.d.ts',
    ]);
  });

  it('leaves out the default excludes at any depth', () => {
    write({
      'src/app.js': '', 'node_modules/x/index.js': '', 'pkg/node_modules/y.js': '', 'dist/app.js': '', 'build/a.js': '',
      'out/a.js': '', 'coverage/a.js': '', '.git/hooks/a.js': '', '.next/a.js': '', 'vendor/a.js': '',
      'public/jquery.min.js': '', 'public/app.bundle.js': '', 'public/app.js': '', 'src/distribution.js': '',
    });
    assert.deepEqual(list().files, ['public/app.js', 'src/app.js', 'src/distribution.js']);
  });

  it('leaves out bundler output named by its content hash, and keeps sources whose names only look alike', () => {
    write({
      'assets/users-CSjOwpT9.js': '', 'assets/box-LUuYRT-1.js': '', 'assets/chunk.201.6961b57ed7a281ac193e.js': '', 'static/js/main.3f2a1b9c.chunk.js': '',
      'src/my-ListItem.js': '', 'src/user-settings.js': '', 'src/v2-final.js': '', 'src/migration-20210101.js': '', 'src/page-CSjOwpT9.ts': '',
    });
    const result = listFiles([root], { root, ignore: [], maxFileSize: 1024 });
    assert.deepEqual(result.files.map((f) => relative(root, f)), ['src/migration-20210101.js', 'src/my-ListItem.js', 'src/page-CSjOwpT9.ts', 'src/user-settings.js', 'src/v2-final.js']);
    assert.ok(result.excluded.every((e) => e.reason === 'default exclude for generated bundles (content-hashed file name)'));
    assert.equal(result.excluded.length, 4);
  });

  it('returns what it left out and why: an excluded folder is one entry and is not walked, .git is not counted', () => {
    write({
      '.gitignore': 'generated/\n*.gen.js\nnotes.txt\n',
      'src/app.js': '', 'src/a.gen.js': '', 'generated/deep/x.js': '', 'node_modules/x/index.js': '', 'node_modules/y/z.js': '',
      'public/app.min.js': '', 'legacy/old.js': '', 'notes.txt': '', '.git/hooks/a.js': '',
    });
    const result = listFiles([root], { root, ignore: ['legacy/**'], maxFileSize: 1024 });
    assert.deepEqual(result.files.map((f) => relative(root, f)), ['src/app.js']);
    assert.deepEqual(result.excluded.map((e) => [relative(root, e.path), e.kind, e.reason]), [
      ['generated', 'folder', 'ignored by .gitignore:1'],
      ['legacy/old.js', 'file', 'ignored by .rugged.json "ignore": "legacy/**"'],
      ['node_modules', 'folder', 'default exclude "node_modules/"'],
      ['public/app.min.js', 'file', 'default exclude for generated bundles (*.min.js, *.bundle.js)'],
      ['src/a.gen.js', 'file', 'ignored by .gitignore:2'],
    ]);
  });

  it('honours .gitignore: unanchored names, anchored paths, folders only, negation, **', () => {
    write({
      '.gitignore': [
        '# comment',
        '*.gen.js',
        '/top-only.js',
        'generated/',
        'docs/**/*.js',
        '!docs/**/keep.js',
        'logs',
        '\\#hash.js',
        '',
      ].join('\n'),
      'a.gen.js': '', 'src/b.gen.js': '', 'top-only.js': '', 'src/top-only.js': '',
      'generated/x.js': '', 'src/generated/y.js': '', 'src/generated.js': '',
      'docs/a/b/c.js': '', 'docs/a/keep.js': '', 'logs/x.js': '', 'src/logs.js': '', '#hash.js': '', 'src/ok.js': '',
    });
    assert.deepEqual(list().files, ['docs/a/keep.js', 'src/generated.js', 'src/logs.js', 'src/ok.js', 'src/top-only.js']);
  });

  it('applies nested .gitignore files relative to their folder, deeper ones last', () => {
    write({
      '.gitignore': '*.tmp.js\n',
      'pkg/.gitignore': '/local.js\n!keep.tmp.js\n',
      'pkg/local.js': '', 'pkg/sub/local.js': '', 'local.js': '', 'pkg/a.tmp.js': '', 'pkg/keep.tmp.js': '', 'b.tmp.js': '',
    });
    assert.deepEqual(list().files, ['local.js', 'pkg/keep.tmp.js', 'pkg/sub/local.js']);
  });

  it('does not re-include a file whose folder is ignored, as git does', () => {
    write({ '.gitignore': 'secret/\n!secret/a.js\n', 'secret/a.js': '', 'ok.js': '' });
    assert.deepEqual(list().files, ['ok.js']);
  });

  it('reads .gitignore files above the project root up to the git root', () => {
    write({ '.git/HEAD': '', '.gitignore': 'fixtures/\n', 'app/package.json': '{}', 'app/src/a.js': '', 'app/fixtures/b.js': '' });
    const app = join(root, 'app');
    const result = listFiles([app], { root: app, ignore: [], maxFileSize: 1e6 });
    assert.deepEqual(result.files.map((f) => relative(root, f)), ['app/src/a.js']);
  });

  it('applies the configuration ignore globs relative to the root', () => {
    write({ 'src/a.js': '', 'src/a.test.js': '', 'test/fixtures/x.js': '', 'legacy/old.js': '', 'legacy/deep/old.js': '' });
    assert.deepEqual(list([root], ['**/*.test.js', 'test/fixtures/**', 'legacy']).files, ['src/a.js']);
  });

  it('lists files over maxFileSize as skipped with the reason', () => {
    write({ 'small.js': 'x', 'big.js': 'x'.repeat(101) });
    const result = list([root], [], 100);
    assert.deepEqual(result.files, ['small.js']);
    assert.deepEqual(result.skipped, [['big.js', 'too large: 101 bytes, over the maxFileSize limit of 100']]);
  });

  it('scans explicitly named paths even where defaults or .gitignore would not, but honours config globs', () => {
    write({ '.gitignore': 'gen/\n', 'gen/a.js': '', 'dist/b.js': '', 'node_modules/m/c.js': '', 'node_modules/m/node_modules/n.js': '', 'skip/me.js': '', 'notes.txt': '' });
    const result = list(
      [join(root, 'gen/a.js'), join(root, 'dist'), join(root, 'node_modules/m'), join(root, 'skip/me.js'), join(root, 'notes.txt'), join(root, 'missing')],
      ['skip/**'],
    );
    assert.deepEqual(result.files, ['dist/b.js', 'gen/a.js', 'node_modules/m/c.js']);
    assert.deepEqual(result.skipped, [
      ['missing', 'path cannot be read (not found)'],
      ['notes.txt', 'not a JavaScript or TypeScript file (.js .cjs .mjs .jsx .ts .cts .mts .tsx)'],
      ['skip/me.js', 'ignored by .rugged.json "ignore": "skip/**"'],
    ]);
  });

  it('lists a file named twice once', () => {
    write({ 'a.js': '' });
    assert.deepEqual(list([root, join(root, 'a.js'), root]).files, ['a.js']);
  });

  it('follows symlinked files but not symlinked folders', () => {
    write({ 'real/a.js': '', 'other.js': '' });
    symlinkSync(join(root, 'real'), join(root, 'loop'));
    symlinkSync(join(root, 'other.js'), join(root, 'link.js'));
    assert.deepEqual(list().files, ['link.js', 'other.js', 'real/a.js']);
  });
});

describe('listFiles: symbolic links out of the project', () => {
  it('does not follow a link met in the walk to a file outside the project, but says so', () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'rugged-outside-')));
    try {
      writeFileSync(join(outside, 'secret.js'), "const key = 'not for reports';\n");
      write({ 'ok.js': '' });
      symlinkSync(join(outside, 'secret.js'), join(root, 'stolen.js'));
      assert.deepEqual(list(), { files: ['ok.js'], skipped: [['stolen.js', 'symbolic link to a file outside the project; not read']] });
      assert.deepEqual(list([join(root, 'stolen.js')]).files, ['stolen.js'], 'a link named on purpose is followed');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('listFiles: special files', () => {
  it('lists FIFOs and devices under source names as skipped, walked or named, without reading them', () => {
    write({ 'ok.js': '' });
    execFileSync('mkfifo', [join(root, 'pipe.js')]);
    symlinkSync('/dev/zero', join(root, 'zero.ts'));
    execFileSync('mkfifo', [join(root, 'pipe.txt')]);
    assert.deepEqual(list(), {
      files: ['ok.js'],
      skipped: [['pipe.js', 'not a regular file: a FIFO'], ['zero.ts', 'not a regular file: a device']],
    });
    assert.deepEqual(list([join(root, 'pipe.txt'), '/dev/urandom']).skipped, [
      [relative(root, '/dev/urandom'), 'not a regular file: a device'],
      ['pipe.txt', 'not a regular file: a FIFO'],
    ]);
  });

  it('lists a .gitignore it cannot apply as skipped, and still lists the files', () => {
    write({ 'a/x.js': '', 'b/y.js': '', 'c/z.js': '', 'c/.gitignore': 'z.js\n' });
    symlinkSync('/dev/zero', join(root, 'a/.gitignore'));
    execFileSync('mkfifo', [join(root, 'b/.gitignore')]);
    assert.deepEqual(list(), {
      files: ['a/x.js', 'b/y.js'],
      skipped: [
        ['a/.gitignore', 'not a regular file: a device; its patterns were not applied'],
        ['b/.gitignore', 'not a regular file: a FIFO; its patterns were not applied'],
      ],
    });
  });

  it('readSourceFile refuses a FIFO, a device and a file over its cap with the reason', () => {
    write({ 'small.js': 'const a = 1;\n' });
    execFileSync('mkfifo', [join(root, 'pipe.js')]);
    closeSync(openSync(join(root, 'sparse.js'), 'w'));
    truncateSync(join(root, 'sparse.js'), 200 * 1024 * 1024);
    const messages = [join(root, 'pipe.js'), '/dev/zero', join(root, 'sparse.js'), join(root, 'small.js')].map((path) => {
      const read = readSourceFile(path, 10);
      return 'text' in read ? read.text : read.note.message;
    });
    assert.deepEqual(messages, [
      'not a regular file: a FIFO; not checked.',
      'not a regular file: a device; not checked.',
      'too large: 209715200 bytes, limit 10; not checked.',
      'too large: 13 bytes, limit 10; not checked.',
    ]);
  });
});

describe('isIgnored', () => {
  it('checks the file and every folder above it', () => {
    write({ '.gitignore': 'gen/\n', 'gen/deep/a.js': '', 'src/a.js': '', 'src/lib.min.js': '', 'node_modules/x/a.js': '' });
    assert.equal(isIgnored(join(root, 'gen/deep/a.js'), root, []), true);
    assert.equal(isIgnored(join(root, 'node_modules/x/a.js'), root, []), true);
    assert.equal(isIgnored(join(root, 'src/lib.min.js'), root, []), true);
    assert.equal(isIgnored(join(root, 'src/a.js'), root, []), false);
    assert.equal(isIgnored(join(root, 'src/a.js'), root, ['src/**']), true);
  });
});

describe('readSourceFile', () => {
  it('reads UTF-8 text and drops a byte order mark', () => {
    write({ 'a.js': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('const é = "ü";\n', 'utf8')]) });
    assert.deepEqual(readSourceFile(join(root, 'a.js')), { text: 'const é = "ü";\n' });
  });

  it('replaces invalid UTF-8 with U+FFFD and says so', () => {
    write({ 'a.js': Buffer.from([0x61, 0x3d, 0xff, 0xfe, 0x3b]) });
    const read = readSourceFile(join(root, 'a.js'));
    assert.ok('text' in read);
    assert.equal(read.text, 'a=\uFFFD\uFFFD;');
    assert.equal(read.note?.kind, 'invalid-utf8');
  });

  it('returns a note instead of text for binary content', () => {
    write({ 'a.js': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]) });
    const read = readSourceFile(join(root, 'a.js'));
    assert.ok(!('text' in read));
    assert.equal(read.note.kind, 'skipped-binary');
  });

  it('returns a note for a file that cannot be read', () => {
    const read = readSourceFile(join(root, 'missing.js'));
    assert.ok(!('text' in read));
    assert.equal(read.note.kind, 'unreadable');
    assert.match(read.note.message, /not found/);
  });
});
