// The lint is only worth what its exceptions leave of it: every eslint-disable comment in our own
// code names the rules it turns off and says why, so a blanket or unexplained one fails here.
// (eslint.config.mjs reports directives that no longer suppress anything.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const LINTED = ['client/src', 'server/src', 'rules', 'test', 'scripts'];
/** Scanner input, not code we maintain; eslint.config.mjs ignores the same folders. */
const NOT_LINTED = new Set(['test/fixtures', 'test/e2e/workspace']);

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (NOT_LINTED.has(relative(ROOT, path)) || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name)) out.push(path);
  }
  return out;
}

// A directive is a comment that starts a line or follows code; text inside a string that merely
// mentions one (a fuzz input, a rule test case) does not start with `//` or `/*` at those places.
const DIRECTIVE = /(?:^|\s)(?:\/\/|\/\*)\s*(eslint-disable(?:-next-line|-line)?)\b(.*)$/;

describe('eslint-disable comments', () => {
  it('each names its rules and gives a reason after `--`', () => {
    const bad: string[] = [];
    for (const file of LINTED.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        const match = DIRECTIVE.exec(line);
        if (!match) return;
        const [rules, reason] = match[2].replace(/\*\/\s*$/, '').split(' -- ');
        if (!rules.trim() || !reason?.trim()) bad.push(`${relative(ROOT, file)}:${index + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(bad, [], 'write `// eslint-disable-next-line <rule> -- <why>`, or configure the rule in eslint.config.mjs');
  });
});
