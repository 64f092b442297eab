// Gathers what the rest of the workspace says about a story's code (story/workspaceFacts.ts): the
// committed secrets its file uses (its own, or imported from a module of the workspace), the files a
// traversal would reach for (by name only: an environment file, a SQLite database, a private key,
// and modules holding a committed secret), how the app is set up, the tables and columns its SQL
// names (.sql files and the code's SQL strings) with the password columns the plaintext-password
// rule saw stored or matched as typed, every route with its mount prefix and the app's own login
// (an ownership test signs in through it). Files are read within the usual caps and never run; the
// content of an environment file or a key is never read.
import { readdirSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { RuleModule } from '../../engine/api';
import type { LoadedConfig } from '../../config/load';
import type { Finding } from '../../engine/finding';
import { analyze } from '../../engine/run';
import { projectPath } from '../../files/projectPath';
import { classifyPath } from '../../engine/contextPolicy';
import { DEFAULT_EXCLUDED_DIRECTORIES, listFiles, readSourceFile } from '../../files/walk';
import { fileSystemHost } from '../../scan/fileSystemHost';
import { createModuleResolver } from '../../scan/moduleResolver';
import { lowerFirst } from '../story/wordList';
import { toPosixRelative } from '../git/facts';
import { mountIndex } from '../story/mountChains';
import { signInOf, workspaceRoutes } from '../story/signIn';
import { appFactsOf, databaseFilesNamed, envVarsGuarded, holdsByName, type FileWorthReading, type HardcodedSecret, type WorkspaceFacts } from '../story/workspaceFacts';
import { mergeTables, migrationTablesIn, sqlStringsIn, tablesInSql, type SqlTable } from '../story/sqlSchema';
import { passwordColumnsIn } from '../story/groundSql';
import { dialectOfSchema } from '../story/sqlDialect';

export const SECRET_RULE = 'session/no-hardcoded-secret';
const PLAINTEXT_RULE = 'session/no-plaintext-password';
/** How far before a plaintext finding the SQL string it is bound into may start. */
const SQL_REACH = 400;
const MAX_FILES_READ = 500;
const MAX_NAMES_SEEN = 5000;
/** A file that declares a route (`router.post('/login', ...)`) or mounts a router under a prefix. */
const DECLARES_ROUTE = /\.(?:get|post|put|patch|delete|del|all)\s*\(\s*['"`]\//;
const MOUNTS_ROUTER = /\.use\s*\(\s*['"`]\//;
const MAY_SIGN_TOKEN = /\bsign\s*\(\s*\{/;
const MAY_HOLD_SECRET = /secret|key|token|passw|credential|session|sign\(|hmac|cipher|-----BEGIN/i;

export interface FactsRequest {
  /** Workspace root (where package.json is). */
  root: string;
  /** Repository root the story's paths are relative to (the Git top level, else the workspace root). */
  base: string;
  /** Absolute path and text of the story's file, and its findings. */
  file: string;
  text: string;
  findings: readonly Finding[];
  rules: readonly RuleModule[];
  config: LoadedConfig;
}

export function gatherWorkspaceFacts(request: FactsRequest): WorkspaceFacts {
  const secretRule = request.rules.filter((r) => r.id === SECRET_RULE);
  const plaintextRule = request.rules.filter((r) => r.id === PLAINTEXT_RULE);
  const sqlTables: SqlTable[] = [];
  const relativePath = (abs: string) => toPosixRelative(request.base, abs);
  const appRoot = relativePath(request.root);
  const list = listFiles([request.root], { root: request.root, ignore: request.config.ignore, maxFileSize: request.config.engine.maxFileSize });
  const secretsByFile = new Map<string, { finding: Finding; name?: string }[]>();
  const appTexts: string[] = [];
  const databases = new Set<string>();
  const envGuarded = new Set<string>();
  const routeFiles: { file: string; text: string }[] = [];
  const mountFiles: { file: string; text: string }[] = [];
  const tokenTexts: string[] = [];
  for (const file of list.files.slice(0, MAX_FILES_READ)) {
    const text = resolve(file) === resolve(request.file) ? request.text : readText(file, request.config);
    if (text === undefined) continue;
    if (DECLARES_ROUTE.test(text)) routeFiles.push({ file, text });
    if (MOUNTS_ROUTER.test(text)) mountFiles.push({ file, text });
    if (MAY_SIGN_TOKEN.test(text)) tokenTexts.push(text);
    if (/\bexpress\s*\(\s*\)/.test(text)) appTexts.push(text);
    if (text.includes('process.env')) for (const name of envVarsGuarded(text)) envGuarded.add(name);
    if (/sqlite/i.test(text)) for (const name of databaseFilesNamed(text)) databases.add(posix.join(appRoot, name));
    if (/\b(?:select|insert|update|create|createTable)\b/i.test(text)) sqlTables.push(...tablesOfCode(file, text, request, plaintextRule));
    // Only text that could hold a secret is analysed: this runs on every raise.
    if (secretRule.length === 0 || !MAY_HOLD_SECRET.test(text)) continue;
    const findings = resolve(file) === resolve(request.file) ? request.findings.filter((f) => f.ruleId === SECRET_RULE) : ruleFindings(file, text, request, secretRule);
    if (findings.length > 0) secretsByFile.set(resolve(file), findings.map((finding) => ({ finding, ...named(text, finding) })));
  }

  const files: FileWorthReading[] = [];
  for (const [abs, secrets] of secretsByFile) {
    const first = secrets[0].finding;
    files.push({ path: relativePath(abs), holds: lowerFirst(first.data?.what ?? 'a committed secret') });
  }
  const byName = namesIn(request.root, (name) => Boolean(holdsByName(name)) || name.endsWith('.sql'));
  for (const path of byName.filter((p) => holdsByName(p))) files.push({ path: relativePath(path), holds: holdsByName(path)! });
  for (const path of byName.filter((p) => p.endsWith('.sql'))) {
    const text = readSql(path, request.config.engine.maxFileSize);
    const dialect = text ? dialectOfSchema(path, text) : undefined;
    if (text) sqlTables.push(...tablesInSql(text).map((t) => (dialect ? { ...t, dialects: [dialect] } : t)));
  }
  for (const path of databases) if (!files.some((f) => f.path === path)) files.push({ path, holds: 'the SQLite database' });

  // Every level of mounting, over the files already read (story/mountChains.ts).
  const mounted = mountIndex(mountFiles.map(({ file, text }) => ({ path: resolve(file), text })), list.files.map((f) => resolve(f)));
  const routers = routeFiles.map(({ file, text }) => ({ path: relativePath(file), text, prefix: mounted.prefix(resolve(file)) ?? '' }));
  const signIn = signInOf(routers, tokenTexts);
  return {
    secretsUsed: secretsUsed(request, secretsByFile, relativePath),
    filesWorthReading: files,
    app: appFactsOf(appTexts),
    sqlTables: mergeTables(sqlTables),
    appRoot,
    envGuarded: [...envGuarded],
    ...(signIn ? { signIn } : {}),
    routes: workspaceRoutes(routers),
    routeSources: productSources(request, [...routeFiles, ...mountFiles.filter((m) => !routeFiles.some((r) => r.file === m.file))]).map(({ file, text }) => ({ path: relativePath(file), text })),
  };
}

/** Product code only: a test or a fixture declares routes of an app that does not run. */
function productSources(request: FactsRequest, files: readonly { file: string; text: string }[]): { file: string; text: string }[] {
  return files.filter(({ file }) => !classifyPath(projectPath(request.root, file), request.config.engine.contexts));
}

/** The story file's own committed secrets, and those it imports by name from modules of the workspace. */
function secretsUsed(request: FactsRequest, byFile: ReadonlyMap<string, { finding: Finding; name?: string }[]>, relativePath: (abs: string) => string): HardcodedSecret[] {
  const out: HardcodedSecret[] = [];
  const add = (abs: string, local: string | undefined, entry: { finding: Finding; name?: string }) =>
    out.push({ ...(local ? { name: local } : {}), path: relativePath(abs), line: entry.finding.range.start.line, what: entry.finding.data?.what ?? 'A committed secret' });
  for (const entry of byFile.get(resolve(request.file)) ?? []) add(request.file, entry.name, entry);
  // The scan's own resolver: extensions, index files and tsconfig paths as the data flow reads them,
  // never outside the workspace nor into node_modules.
  const resolver = createModuleResolver(request.root, fileSystemHost());
  for (const { local, imported, module } of importedNames(request.text)) {
    const target = resolver.resolve(module, request.file);
    const entry = target ? byFile.get(target)?.find((e) => e.name === imported) : undefined;
    if (target && entry) add(target, local, entry);
  }
  return out;
}

/** The findings of `rules` (one rule) in a file of the workspace, suppressed ones left out. */
function ruleFindings(file: string, text: string, request: FactsRequest, rules: readonly RuleModule[]): Finding[] {
  const { findings } = analyze(text, file, { rules, config: request.config.engine, projectPath: projectPath(request.root, file) });
  return findings.filter((f) => rules.some((r) => r.id === f.ruleId) && !f.suppression);
}

/**
 * The tables a file's SQL strings and migrations name; a password column the plaintext-password
 * rule saw bound as typed into one of its queries is marked plaintext, on the receiver it was sent through.
 */
function tablesOfCode(file: string, text: string, request: FactsRequest, plaintextRule: readonly RuleModule[]): SqlTable[] {
  const strings = sqlStringsIn(text);
  const tables = [...strings.flatMap((s) => tablesInSql(s.sql, s.handle)), ...(/\bcreateTable\b/.test(text) ? migrationTablesIn(text) : [])];
  if (plaintextRule.length === 0 || strings.length === 0 || !/pass|pwd/i.test(text)) return tables;
  const own = resolve(file) === resolve(request.file);
  const findings = own ? request.findings.filter((f) => f.ruleId === PLAINTEXT_RULE && !f.suppression) : ruleFindings(file, text, request, plaintextRule);
  for (const finding of findings) {
    const at = finding.range.start.offset;
    const sql = strings.filter((s) => s.offset < at && at - s.offset < SQL_REACH).pop();
    if (!sql) continue;
    for (const { table, columns } of passwordColumnsIn(sql.sql)) tables.push({ name: table, columns, plaintext: columns, ...(sql.handle ? { handles: [sql.handle] } : {}) });
  }
  return tables;
}

/** The name a secret's literal is bound to on its line (`const SIGNING_KEY = '...'`, `secret: '...'`). */
function named(text: string, finding: Finding): { name?: string } {
  const lineStart = text.lastIndexOf('\n', finding.range.start.offset - 1) + 1;
  const before = text.slice(lineStart, finding.range.start.offset);
  const name = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*$/.exec(before)?.[1] ?? /\b(?:exports\.|module\.exports\.)([A-Za-z_$][\w$]*)\s*=\s*$/.exec(before)?.[1];
  return name ? { name } : {};
}

/** `const { A, B: c } = require('./x')` and `import { A, B as c } from './x'`: relative modules only. */
function importedNames(text: string): { local: string; imported: string; module: string }[] {
  const out: { local: string; imported: string; module: string }[] = [];
  const pairs = (list: string, separator: RegExp) =>
    list
      .split(',')
      .map((p) => p.trim().split(separator).map((s) => s.trim()))
      .filter((p) => /^[A-Za-z_$][\w$]*$/.test(p[0]));
  for (const m of text.matchAll(/\b(?:const|let|var)\s*\{([^}]*)\}\s*=\s*require\(\s*['"](\.[^'"]*)['"]\s*\)/g)) {
    for (const [imported, local] of pairs(m[1], /:/)) out.push({ imported, local: local ?? imported, module: m[2] });
  }
  for (const m of text.matchAll(/\bimport\s*\{([^}]*)\}\s*from\s*['"](\.[^'"]*)['"]/g)) {
    for (const [imported, local] of pairs(m[1], /\s+as\s+/)) out.push({ imported, local: local ?? imported, module: m[2] });
  }
  return out;
}

/** Files whose name `wanted` accepts, walked by name only (no content read), in a bounded walk. */
function namesIn(root: string, wanted: (name: string) => boolean): string[] {
  const out: string[] = [];
  const stack = [root];
  let seen = 0;
  while (stack.length > 0 && seen < MAX_NAMES_SEEN) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      // Links are not followed: a workspace must not make Rugged look outside it.
      if (entry.isDirectory() && !DEFAULT_EXCLUDED_DIRECTORIES.includes(entry.name) && entry.name !== 'backlog') stack.push(join(dir, entry.name));
      else if (entry.isFile() && wanted(entry.name)) out.push(join(dir, entry.name));
    }
  }
  return out.sort();
}

/** A schema file's text, within the same size cap as source files. */
function readSql(path: string, maxFileSize: number): string | undefined {
  const read = readSourceFile(path, maxFileSize);
  return 'text' in read ? read.text : undefined;
}

function readText(file: string, config: LoadedConfig): string | undefined {
  const read = readSourceFile(file, config.engine.maxFileSize);
  return 'text' in read ? read.text : undefined;
}
