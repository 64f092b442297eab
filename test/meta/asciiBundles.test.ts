// Every bundle the build writes is ASCII (scripts/asciiBundle.mjs): V8 holds a script's source for
// the life of the process, at two bytes per character as soon as one character is not Latin-1,
// so a single arrow in a preserved comment doubled the CLI bundle's 14 MB in memory.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const DIST = join(__dirname, '..', '..', 'dist');

test('the bundles in dist/ hold only ASCII characters', { skip: !existsSync(DIST) && 'dist/ is not built' }, () => {
  const bundles = readdirSync(DIST).filter((name) => name.endsWith('.js'));
  assert.ok(bundles.includes('cli.js'), 'dist/cli.js is built');
  for (const name of bundles) {
    const text = readFileSync(join(DIST, name), 'latin1');
    const at = text.search(/[^\0-\x7f]/);
    const line = at < 0 ? 0 : text.slice(0, at).split('\n').length;
    assert.equal(at, -1, `dist/${name} has a non-ASCII byte on line ${line}`);
  }
});
