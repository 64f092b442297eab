// The units of a parallel project scan: import cycles are one unit run in order, and a unit waits
// for every unit its files import from, so each file sees the summaries one thread would show it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analysisUnits } from '../../server/src/scan/analysisUnits';
import type { ModuleGraph } from '../../server/src/scan/moduleGraph';

/** A graph from `file -> imported files`, ordered as the module graph orders it (post-order). */
function graphOf(imports: Record<string, string[]>, order: string[]): ModuleGraph {
  const edges = new Map(Object.entries(imports).map(([from, targets]) => [from, new Map(targets.map((t) => [`./${t}`, t]))]));
  return { edges, order, importers: new Map() };
}

test('files without imports between them are units of their own with nothing to wait for', () => {
  const units = analysisUnits(graphOf({ a: [], b: [], c: [] }, ['a', 'b', 'c']));
  assert.deepEqual(units, [{ files: ['a'], after: [] }, { files: ['b'], after: [] }, { files: ['c'], after: [] }]);
});

test('a chain waits link by link, and a cycle is one unit in the module order', () => {
  // routes -> service -> repo, and repo <-> model import each other.
  const units = analysisUnits(graphOf({ routes: ['service'], service: ['repo'], repo: ['model'], model: ['repo'] }, ['model', 'repo', 'service', 'routes']));
  assert.deepEqual(units, [
    { files: ['model', 'repo'], after: [] },
    { files: ['service'], after: [0] },
    { files: ['routes'], after: [1] },
  ]);
});

test('a file importing from two units waits for both; units only wait for earlier units', () => {
  const units = analysisUnits(graphOf({ app: ['db', 'auth'], auth: ['db'], db: [], util: [] }, ['db', 'auth', 'app', 'util']));
  assert.deepEqual(units.map((u) => u.files), [['db'], ['auth'], ['app'], ['util']]);
  assert.deepEqual(units.map((u) => u.after), [[], [0], [0, 1], []]);
  units.forEach((unit, index) => assert.ok(unit.after.every((before) => before < index)));
});
