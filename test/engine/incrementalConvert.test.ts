// The incremental conversion (issue 12): after an update, the ESTree subtrees of the statements,
// members and parameters TypeScript kept are handed back, moved to their new positions, instead
// of being converted again. It must be invisible: every tree equals a fresh parse's, node for
// node (positions and locations included), over seeded random edit sequences that insert, delete,
// break and mend code, add and remove line breaks, and type characters outside the BMP.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { generateLargeFile } from '../../scripts/largeFile';
import { seededRandom } from '../../scripts/speed/edits';
import { createParseMemory } from '../../server/src/engine/incrementalParse';
import { isSupportedFile, parseSource, type ParseResult } from '../../server/src/engine/parse';
import { listFixtureFiles } from '../meta/ruleFiles';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** TypeScript shapes whose conversion reads the parent: members of abstract and declared classes, parameter properties, namespaces, enums, overloads. */
const TYPESCRIPT_SHAPES = `import { Injectable } from './di';
export abstract class Repository<T> {
  protected abstract table: string;
  constructor(private readonly db: { query(sql: string): Promise<T[]> }, public name = 'repo') {}
  abstract find(id: string): Promise<T>;
  async all(limit: number): Promise<T[]> {
    const sql = 'SELECT * FROM ' + this.table + ' LIMIT ' + limit;
    return this.db.query(sql);
  }
  get size(): number { return 0; }
}
declare namespace Legacy {
  function run(code: string): void;
  const version: string;
}
enum Level { Low = 1, High = Low << 2, Critical }
interface Options { strict?: boolean; level: Level; [key: string]: unknown }
function overloaded(a: string): string;
function overloaded(a: number): number;
function overloaded(a: unknown): unknown { return a; }
@Injectable()
class Service {
  @Injectable() field = 1;
  method(@Injectable() param: string, { a, b = 2 }: { a: number; b?: number } = { a: 1 }) {
    'use strict';
    for (const [k, v] of Object.entries({ a, b })) { if (k) console.log(v); }
    switch (param) { case 'x': return 1; default: { const y = [param] as const; return y.length; } }
  }
}
type Handler = (req: { query: Record<string, string> }) => void;
export const handler: Handler = ({ query }) => { eval(query.code); };
`;

const TYPED = [' ', 'x', '\n', '\r\n', '(', ')', '{', '}', ';', '"', '`', '/', ',', '.', '😀', 'ü', '\n\n  const z = 1;\n'];

/**
 * The next text an editor could send: a character typed, a stretch deleted, a line duplicated, or
 * an undo back to the last text that parsed (as often as not once the text is broken, so that
 * most steps start from code that parses).
 */
function nextEdit(text: string, lastGood: string, next: () => number): string {
  if (text !== lastGood && next() < 0.5) return lastGood;
  const roll = next();
  const at = Math.floor(next() * (text.length + 1));
  if (roll < 0.45) return text.slice(0, at) + TYPED[Math.floor(next() * TYPED.length)] + text.slice(at);
  if (roll < 0.75) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 20)));
  if (roll < 0.9) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd + 1);
    return text.slice(0, lineStart) + line + text.slice(lineStart);
  }
  return lastGood;
}

/** Every node of a tree, by identity: a node reached twice would be moved twice by the next update. */
function nodesOf(program: TSESTree.Program): { count: number; distinct: number } {
  const seen = new Set<object>();
  let count = 0;
  const stack: unknown[] = [program];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    count++;
    seen.add(node);
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'range' || key === 'parent') continue;
      for (const child of Array.isArray(node[key]) ? (node[key] as unknown[]) : [node[key]]) {
        if (child !== null && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') stack.push(child);
      }
    }
  }
  return { count, distinct: seen.size };
}

function assertSameAsFresh(incremental: ParseResult, fresh: ParseResult, message: string): void {
  assert.deepEqual(incremental, fresh, message);
  if (incremental.ok && fresh.ok) {
    // Key order too: a moved node must keep the shape typescript-estree gives a converted one.
    const serialized = (program: TSESTree.Program) => JSON.stringify(program, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
    assert.equal(serialized(incremental.ast), serialized(fresh.ast), `${message}: key order`);
    const { count, distinct } = nodesOf(incremental.ast);
    assert.equal(distinct, count, `${message}: a node appears twice in the tree`);
  }
}

function editSequence(original: string, path: string, seed: number, steps: number): { parsed: number; broken: number } {
  const memory = createParseMemory();
  const next = seededRandom(seed);
  let text = original;
  let lastGood = original;
  let parsed = 0;
  let broken = 0;
  assertSameAsFresh(parseSource(text, path, { memory }), parseSource(text, path), `${path}: first parse`);
  for (let step = 0; step < steps; step++) {
    text = nextEdit(text, lastGood, next);
    const incremental = parseSource(text, path, { memory });
    assertSameAsFresh(incremental, parseSource(text, path), `${path}, seed ${seed}, step ${step}`);
    if (incremental.ok) {
      parsed++;
      lastGood = text;
    } else {
      broken++;
    }
  }
  return { parsed, broken };
}

test('a kept statement is handed back, not converted again, and moves with the edit', () => {
  const memory = createParseMemory();
  const text = 'const a = 1;\nfunction f() {\n  return 2;\n}\nconst b = 3;\n';
  const first = parseSource(text, '/p/a.ts', { memory });
  const second = parseSource(text.replace('return 2', 'return 22'), '/p/a.ts', { memory });
  assert.ok(first.ok && second.ok);
  // Before the edit: the same object, untouched.
  assert.equal(second.ast.body[0], first.ast.body[0]);
  // After the edit: the same object, one character further on, as a fresh parse places it.
  assert.equal(second.ast.body[2], first.ast.body[2]);
  const fresh = parseSource(text.replace('return 2', 'return 22'), '/p/a.ts');
  assert.ok(fresh.ok);
  assert.deepEqual(second.ast.body[2].range, fresh.ast.body[2].range);
  assert.deepEqual(second.ast.body[2].loc, fresh.ast.body[2].loc);
  // The edited function is converted again.
  assert.notEqual(second.ast.body[1], first.ast.body[1]);
});

test('statements inside a kept function stay kept when the next edit lands beside them', () => {
  const memory = createParseMemory();
  const text = 'function f() {\n  const a = 1;\n  const b = 2;\n  return a + b;\n}\n';
  const first = parseSource(text, '/p/a.js', { memory });
  const edited = text.replace('const b = 2', 'const b = 23');
  const second = parseSource(edited, '/p/a.js', { memory });
  assert.ok(first.ok && second.ok);
  const body = (program: TSESTree.Program) => (program.body[0] as TSESTree.FunctionDeclaration).body.body;
  assert.equal(body(second.ast)[0], body(first.ast)[0]);
  assert.equal(body(second.ast)[2], body(first.ast)[2]);
  assert.notEqual(body(second.ast)[1], body(first.ast)[1]);
  assert.deepEqual(second, parseSource(edited, '/p/a.js'));
});

test('a failed parse in between loses nothing: the next good text converts as a fresh parse', () => {
  const memory = createParseMemory();
  const text = 'const a = 1;\nfunction f(x) {\n  return x;\n}\nconst b = 3;\n';
  parseSource(text, '/p/a.js', { memory });
  const broken = parseSource(text.replace('(x)', '(x'), '/p/a.js', { memory });
  assert.equal(broken.ok, false);
  const mended = text.replace('const a = 1', 'const a = 12');
  assert.deepEqual(parseSource(mended, '/p/a.js', { memory }), parseSource(mended, '/p/a.js'));
});

test('a kept node whose parent changed its modifiers or kind is converted again', () => {
  const pairs: [string, string][] = [
    ['declare namespace N {\n  function f(): void;\n}\n', 'namespace N {\n  function f(): void;\n}\n'],
    ['abstract class A {\n  abstract f(): void;\n  g() {}\n}\n', 'class A {\n  abstract f(): void;\n  g() {}\n}\n'],
    ['class A {\n  constructor(private x: number) {}\n}\n', 'function A(private x: number) {}\n'],
    ['export class A {\n  m() {}\n}\n', 'export declare class A {\n  m() {}\n}\n'],
  ];
  for (const [before, after] of pairs) {
    const memory = createParseMemory();
    parseSource(before, '/p/x.ts', { memory });
    assertSameAsFresh(parseSource(after, '/p/x.ts', { memory }), parseSource(after, '/p/x.ts'), after);
  }
});

test('random edit sequences over TypeScript shapes convert exactly as a fresh parse', () => {
  let parsed = 0;
  for (let seed = 1; seed <= 12; seed++) parsed += editSequence(TYPESCRIPT_SHAPES, '/p/shapes.ts', seed, 40).parsed;
  assert.ok(parsed > 100, `${parsed} edited texts parsed`);
});

test('random edit sequences over every fixture convert exactly as a fresh parse', () => {
  const files = listFixtureFiles(FIXTURES).filter(isSupportedFile);
  assert.ok(files.length > 80, `${files.length} fixture files`);
  let parsed = 0;
  let broken = 0;
  for (const [index, path] of files.entries()) {
    const counts = editSequence(readFileSync(path, 'utf8'), path, index + 1, 8);
    parsed += counts.parsed;
    broken += counts.broken;
  }
  assert.ok(parsed > 300, `${parsed} edited texts parsed`);
  assert.ok(broken > 100, `${broken} edited texts did not parse`);
});

test('a long edit session in a large file stays equal to a fresh parse', () => {
  const counts = editSequence(generateLargeFile(60_000), '/p/large.js', 99, 60);
  assert.ok(counts.parsed > 20, `${counts.parsed} edited texts parsed`);
});
