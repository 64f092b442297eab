// The incremental path for edits (issue 12): with a document's parse memory, TypeScript parses only
// what an edit touched. It must be invisible: after every edit of a sequence (inside a function,
// across functions, breaking the syntax and mending it, shifting every line), the converted tree
// and the whole result (findings, fixes, summary, notes) equal those of a fresh parse.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { changedSpan, createParseMemory, type ParseMemory } from '../../server/src/engine/incrementalParse';
import { isSupportedFile, parseSource } from '../../server/src/engine/parse';
import { analyze } from '../../server/src/engine/run';
import { listFixtureFiles } from '../meta/ruleFiles';

const FIXTURES = join(__dirname, '..', 'fixtures');
const TREE_CHECK_MAX_LENGTH = 4_000;

function run(text: string, path: string, parseMemory?: ParseMemory) {
  return analyze(text, path, { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01', summarize: true, verifyFixes: false, parseMemory });
}

/** The texts an editor would send one after another, each derived from the one before. */
function editsOf(text: string): string[] {
  const out: string[] = [];
  let current = text;
  const apply = (start: number, end: number, insert: string) => {
    current = current.slice(0, start) + insert + current.slice(end);
    out.push(current);
  };
  const middle = current.indexOf('\n', current.length >> 1) + 1;
  // A space at the start of a line in the middle, then a character typed inside a name there.
  apply(middle, middle, ' ');
  const name = /[A-Za-z_$][\w$]*/.exec(current.slice(middle));
  if (name) apply(middle + name.index + name[0].length, middle + name.index + name[0].length, 'x');
  // A bracket deleted (the file stops parsing), then typed again.
  const bracket = current.indexOf('(', middle);
  if (bracket >= 0) {
    apply(bracket, bracket + 1, '');
    apply(bracket, bracket, '(');
  }
  // A block of lines cut across function boundaries, then pasted back.
  const lines = current.split('\n');
  if (lines.length > 6) {
    const from = lines.slice(0, lines.length >> 2).join('\n').length + 1;
    const to = lines.slice(0, (lines.length * 3) >> 2).join('\n').length + 1;
    const cut = current.slice(from, to);
    apply(from, to, '');
    apply(from, from, cut);
  }
  // A line added at the top moves every node; the same text twice reuses the tree as it is.
  apply(0, 0, '\n');
  apply(0, 0, '');
  return out;
}

test('the changed span leaves out the common prefix and suffix', () => {
  assert.deepEqual(changedSpan('abcdef', 'abXdef'), { span: { start: 2, length: 1 }, newLength: 1 });
  assert.deepEqual(changedSpan('aaaa', 'aaaaa'), { span: { start: 4, length: 0 }, newLength: 1 });
  assert.deepEqual(changedSpan('abc', ''), { span: { start: 0, length: 3 }, newLength: 0 });
  assert.deepEqual(changedSpan('same', 'same'), { span: { start: 4, length: 0 }, newLength: 0 });
});

test('an edit far from a statement keeps its TypeScript node: the update is really incremental', () => {
  const memory = createParseMemory();
  const first = 'const a = 1;\nfunction f() { return 2; }\nconst b = 3;\n';
  parseSource(first, '/p/a.ts', { memory });
  const before = memory.last?.sourceFile.statements[0];
  parseSource(first.replace('return 2', 'return 22'), '/p/a.ts', { memory });
  assert.ok(before);
  assert.equal(memory.last?.sourceFile.statements[0], before);
  // Another path starts over instead of updating a tree that belongs to another document.
  parseSource(first, '/p/b.ts', { memory });
  assert.notEqual(memory.last?.sourceFile.statements[0], before);
  assert.equal(memory.last?.filePath, '/p/b.ts');
});

test('every fixture, edited step by step, converts and analyses exactly as a fresh parse', () => {
  const files = listFixtureFiles(FIXTURES).filter(isSupportedFile);
  assert.ok(files.length > 80, `${files.length} fixture files`);
  let withFindings = 0;
  let broken = 0;
  let treesCompared = 0;
  for (const path of files) {
    const memory = createParseMemory();
    const original = readFileSync(path, 'utf8');
    assert.deepEqual(run(original, path, memory), run(original, path), `${path}: first parse`);
    for (const [step, text] of editsOf(original).entries()) {
      // Comparing whole trees is slow; the small files are enough to show the conversion equal.
      if (text.length < TREE_CHECK_MAX_LENGTH) {
        assert.deepEqual(parseSource(text, path, { memory: createMemoryCopy(memory) }), parseSource(text, path), `${path}, edit ${step}: the converted tree`);
        treesCompared++;
      }
      const result = run(text, path, memory);
      assert.deepEqual(result, run(text, path), `${path}, edit ${step}: the result`);
      if (result.findings.some((f) => f.ruleId !== 'rugged/parse-error')) withFindings++;
      if (result.findings.some((f) => f.ruleId === 'rugged/parse-error')) broken++;
    }
  }
  assert.ok(withFindings > 100, `${withFindings} edited texts with findings`);
  assert.ok(broken > 20, `${broken} edited texts that do not parse`);
  assert.ok(treesCompared > 300, `${treesCompared} trees compared`);
});

test('a memory handed a different file under the same path gives that file its fresh result', () => {
  const files = listFixtureFiles(join(FIXTURES, 'express-sql')).filter(isSupportedFile);
  assert.ok(files.length >= 2);
  const memory = createParseMemory();
  const path = files[0];
  for (const source of files) {
    const text = readFileSync(source, 'utf8');
    assert.deepEqual(run(text, path, memory), run(text, path), source);
  }
});

/**
 * The tree comparison must not move the memory ahead of the analysis it checks, so it parses with
 * a copy: a fresh tree of the same text, which TypeScript then updates like the real one.
 */
function createMemoryCopy(memory: ParseMemory): ParseMemory {
  const copy = createParseMemory();
  if (memory.last) parseSource(memory.last.sourceFile.text, memory.last.filePath, { memory: copy });
  return copy;
}
