// The plaintext-password test (goal i-plaintext-password): register a user with a password only this
// run knows, then read what the app stored through the app's own database module, loaded in the same
// process as the app so that it is the same connection (an in-memory database included). It passes
// only when the stored value is neither the password nor an unsalted fast hash of it. Where Rugged
// cannot see the INSERT, its password column or a module holding the database handle, the story
// asks for a manual check instead of a test that could pass for the wrong reason.
import { posix } from 'node:path';
import type { AttackOutcome, AttackTarget } from './attackPlan';
import { loginCheckControl } from './loginCheck';
import { requestFieldsIn } from './handlerFields';
import { IN_PROCESS_REQUIRES, START_APP } from './inProcessApp';
import { requestWith, sendsBody, type RequestField } from './skeletonRequests';

const MANUAL_CHECK =
  "Rugged cannot read the stored password from a test here (it needs a POST route whose handler INSERTs a password column through a database handle that another module exports); manual check: register a user, read the stored record and confirm the value is a bcrypt, scrypt or Argon2 hash, not the password or an MD5/SHA digest of it";

/** The statement storing a password: its table and column, and the handle the handler calls it on. */
interface PasswordWrite {
  table: string;
  column: string;
  handle: string;
}

/** The body field carrying the password, for the story's fix criterion and the test. */
export function passwordField(handler: string): RequestField | undefined {
  return requestFieldsIn(handler).find((f) => f.location === 'body' && /pass/i.test(f.name));
}

export function storedPassword(target: AttackTarget, where: string | undefined): AttackOutcome {
  if (!where || !target.method || !sendsBody(target.method)) return { notProposed: MANUAL_CHECK };
  const handler = target.regionText ?? '';
  const write = passwordWrite(handler);
  const store = write && storeModule(target.fileText ?? '', write.handle, target.file);
  const fields = requestFieldsIn(handler).filter((f) => f.location === 'body');
  const password = passwordField(handler);
  if (!write || !store || !password) return { notProposed: MANUAL_CHECK };
  const values = fields.map((f) => `${JSON.stringify(f.name)}: ${f.name === password?.name ? 'PASSWORD' : /mail/i.test(f.name) ? '`rugged-${RUN}@example.test`' : '`rugged-${RUN}`'}`);
  const refusal = `the value stored in \`${write.table}.${write.column}\` is neither the password nor an unsalted MD5/SHA hash of it`;
  const init = ["headers: { 'content-type': 'application/json' }", `body: JSON.stringify({ ${values.join(', ')} })`];
  const login = loginCheckControl(target.fileText ?? '', target.file, write, target.route, target.method);
  return {
    ...(login ? { controls: [login] } : {}),
    payload: 'no payload: the test registers a user with a password only this run knows',
    refusal,
    criterion: (path) => `\`${path}\` loads the app, registers a user through \`${where}\`, reads the stored record through \`${store.module}\` and passes: ${refusal}; it fails before the fix`,
    testName: `${target.key}: ${where} stores no password as typed or as a fast hash`,
    inProcess: true,
    requires: { ...IN_PROCESS_REQUIRES, randomBytes: 'crypto', createHash: 'crypto' },
    preamble: [
      'const ROOT = process.env.PROJECT_ROOT || process.cwd();',
      "const RUN = randomBytes(6).toString('hex');",
      'const PASSWORD = `Rugged-${RUN}-pw`;',
      '// The module that holds the database handle the route writes with, and the column it writes.',
      `const STORE = ${JSON.stringify(store.module)};`,
      `const HANDLE = ${JSON.stringify(store.export ?? null)};`,
      `const READ = ${JSON.stringify(`SELECT ${write.column} FROM ${write.table}`)};`,
      '',
      ...START_APP,
      '',
      'let BASE_URL;',
      '',
      '/** The first column of every row a query answers, whichever driver the handle is (sqlite3, pg, mysql2, Sequelize, better-sqlite3). */',
      'async function values(handle, sql) {',
      "  if (typeof handle.all === 'function') return new Promise((resolve, reject) => handle.all(sql, (err, rows) => (err ? reject(err) : resolve(rows.map(first)))));",
      "  const result = typeof handle.query === 'function' ? await handle.query(sql) : handle.prepare(sql).all();",
      '  const rows = Array.isArray(result) ? (Array.isArray(result[0]) ? result[0] : result) : result.rows;',
      '  return rows.map(first);',
      '}',
      'const first = (row) => String(Object.values(row)[0]);',
      '',
      '/** The password as typed and its unsalted fast hashes, in hex and base64. */',
      'function weakForms(password) {',
      "  const hashes = ['md5', 'sha1', 'sha256', 'sha512'].map((name) => createHash(name).update(password).digest());",
      "  return [password, ...hashes.flatMap((digest) => [digest.toString('hex'), digest.toString('base64')])];",
      '}',
    ],
    body: [
      'const server = await startApp();',
      'BASE_URL = `http://127.0.0.1:${server.address().port}`;',
      'try {',
      "  const store = createRequire(join(ROOT, 'package.json'))(join(ROOT, STORE));",
      '  const handle = HANDLE ? store[HANDLE] : store;',
      '  const before = new Set(await values(handle, READ));',
      `  const answer = await ${requestWith(target as Required<AttackTarget>, undefined, '', init)};`,
      '  assert.ok(answer.status < 400, `the registration was refused (${answer.status}): fill in what it needs`);',
      '  const stored = (await values(handle, READ)).filter((value) => !before.has(value));',
      "  assert.equal(stored.length, 1, 'no new stored password after registering: point READ at the column the route writes');",
      `  // Expected: ${refusal.replace(/`/g, '')}.`,
      "  assert.ok(!weakForms(PASSWORD).includes(stored[0]) && !weakForms(PASSWORD).includes(stored[0].toLowerCase()), 'the password is stored as typed or as a fast, unsalted hash');",
      '} finally {',
      '  await stopApp(server);',
      '}',
    ],
  };
}

/** `pool.query('INSERT INTO users (email, password) VALUES ...')`, or an UPDATE setting a password column. */
export function passwordWrite(handler: string): PasswordWrite | undefined {
  const call = /\b([A-Za-z_$][\w$]*)\s*\.\s*(?:query|execute|run)\s*\(\s*[`'"]\s*(INSERT\s+INTO\s+[`"]?([A-Za-z_]\w*)[`"]?\s*\(([^)]*)\)|UPDATE\s+[`"]?([A-Za-z_]\w*)[`"]?\s+SET\s+[`"]?(\w*pass\w*))/i.exec(handler);
  if (!call) return undefined;
  const column = call[4] ? call[4].split(',').map((c) => c.trim().replace(/[`"]/g, '')).find((c) => /pass/i.test(c)) : call[6];
  const table = call[3] ?? call[5];
  return column && table ? { table, column, handle: call[1] } : undefined;
}

/** The relative module the file requires `handle` from (`const { pool } = require('../db')`), as a repository path. */
export function storeModule(fileText: string, handle: string, file: string): { module: string; export?: string } | undefined {
  for (const m of fileText.matchAll(/\b(?:const|let|var)\s+(\{[^}]*\}|[A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
    const [, binding, path] = m;
    const module = posix.normalize(posix.join(posix.dirname(file), path));
    if (binding === handle) return { module };
    if (!binding.startsWith('{')) continue;
    for (const part of binding.slice(1, -1).split(',')) {
      const [key, local] = part.split(':').map((p) => p.trim());
      if ((local ?? key) === handle) return { module, export: key };
    }
  }
  return undefined;
}
