// Shared fixtures of the backlog tests: a small Express + pg file, temporary workspaces and Git.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import type { Finding } from '../../server/src/engine/finding';

export const SHOP_PATH = 'src/routes/products.js';

/** Line numbers matter to the tests: the search route is lines 6-10, the id route 12-15. */
export const SHOP_TEXT = [
  "const express = require('express');",
  "const { Pool } = require('pg');",
  'const pool = new Pool();',
  'const router = express.Router();',
  '',
  "router.get('/search', async (req, res) => {",
  '  const term = req.query.q;',
  "  const result = await pool.query(\"SELECT id, name FROM products WHERE name LIKE '%\" + term + \"%'\");",
  '  res.json(result.rows);',
  '});',
  '',
  "router.get('/:id', async (req, res) => {",
  "  const result = await pool.query('SELECT * FROM products WHERE id = ' + req.params.id);",
  '  res.json(result.rows[0]);',
  '});',
  '',
  'function connectionSettings() {',
  // Fake credentials for the redaction tests; suppressed so that they stay out of the findings.
  "  const awsKey = 'AKIAQWERTYUIOPASDFGH'; // rugged-ignore session/no-hardcoded-secret -- fake key, redaction test",
  "  const password = 'hunter2-correct-horse'; // rugged-ignore session/no-hardcoded-secret -- fake password, redaction test",
  "  return { awsKey, password, host: 'db.internal' };",
  '}',
  '',
  'module.exports = router;',
  '',
].join('\n');

export function findingsOf(text: string, path: string): Finding[] {
  return analyze(text, path, { rules: allRules, config: defaultEngineConfig(), today: '2025-01-01' }).findings;
}

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), `rugged-${prefix}-`)));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository with a committer identity, so commits work on machines without global config. */
export function initRepo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Rugged Test');
  git(dir, 'config', 'user.email', 'test@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
}

export const FIXED_NOW = new Date('2025-03-04T10:20:30Z');
