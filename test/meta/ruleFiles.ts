// Finds the rule files on disk and loads their modules, so the meta tests compare the registry,
// the metadata and the docs with what is really there rather than with what the registry claims.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RuleModule } from '../../server/src/engine/api';
import { isSupportedFile } from '../../server/src/engine/parse';

export const REPO_ROOT = join(__dirname, '..', '..');
export const RULES_DIR = join(REPO_ROOT, 'rules');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');

/** Folders under rules/ that hold shared helpers, not rules. */
const NON_RULE_DIRS = new Set(['util']);

export interface RuleFile {
  /** `<family>/<name>`, derived from the path. */
  id: string;
  family: string;
  name: string;
  /** Absolute paths of the trio. */
  source: string;
  test: string;
  doc: string;
}

function isDirectory(path: string): boolean {
  return statSync(path).isDirectory();
}

/** Every `rules/<family>/<name>.ts` that is a rule (not a test, not in util/), sorted by id. */
export function listRuleFiles(): RuleFile[] {
  const out: RuleFile[] = [];
  for (const family of readdirSync(RULES_DIR).sort()) {
    const dir = join(RULES_DIR, family);
    if (NON_RULE_DIRS.has(family) || !isDirectory(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file.endsWith('.d.ts')) continue;
      if (isDirectory(join(dir, file))) continue;
      const name = file.slice(0, -'.ts'.length);
      out.push({
        id: `${family}/${name}`,
        family,
        name,
        source: join(dir, file),
        test: join(dir, `${name}.test.ts`),
        doc: join(dir, `${name}.md`),
      });
    }
  }
  return out.sort((a, b) => compareIds(a.id, b.id));
}

/** Files in rule families that belong to no rule: a test or doc whose rule file is missing. */
export function listOrphanCompanions(): string[] {
  const orphans: string[] = [];
  for (const family of readdirSync(RULES_DIR).sort()) {
    const dir = join(RULES_DIR, family);
    if (NON_RULE_DIRS.has(family) || !isDirectory(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const base = file.endsWith('.test.ts') ? file.slice(0, -'.test.ts'.length) : file.endsWith('.md') ? file.slice(0, -'.md'.length) : undefined;
      if (base !== undefined && !existsSync(join(dir, `${base}.ts`))) orphans.push(relativeToRepo(join(dir, file)));
    }
  }
  return orphans;
}

/** Plain code-point order, the order `rules/index.ts` keeps (no locale surprises). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function relativeToRepo(path: string): string {
  return relative(REPO_ROOT, path).split(sep).join('/');
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

function isRuleModule(value: unknown): value is RuleModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<RuleModule>;
  return typeof candidate.id === 'string' && typeof candidate.create === 'function' && typeof candidate.meta === 'object' && candidate.meta !== null;
}

/**
 * The rule modules a file exports (default or named); a rule file must export exactly one.
 * Loaded with require so tests can be declared synchronously, one per rule.
 */
export function loadRuleExports(file: RuleFile): RuleModule[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous on purpose, see above
  const exported = require(file.source) as Record<string, unknown>;
  const found = new Set<RuleModule>();
  for (const value of Object.values(exported)) {
    if (isRuleModule(value)) found.add(value);
    // tsx may wrap a CommonJS-compiled module's exports once more under `default`.
    else if (typeof value === 'object' && value !== null) for (const inner of Object.values(value)) if (isRuleModule(inner)) found.add(inner);
  }
  return [...found];
}

/** JS/TS files under a folder (test/fixtures by default); package.json, README.md and the like are skipped. */
export function listFixtureFiles(dir = FIXTURES_DIR): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (isDirectory(path)) out.push(...listFixtureFiles(path));
    else if (isSupportedFile(name)) out.push(path);
  }
  return out;
}
