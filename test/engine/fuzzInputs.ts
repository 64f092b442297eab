// Generated inputs for the robustness test: mutations of real sources (truncation, flipped bytes,
// spliced punctuation) driven by a seeded PRNG, and hand-built extremes (deep nesting, huge files,
// broken encodings, binary data). Everything is reproducible from the seed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../scripts/speed/edits';
import { readSourceFile } from '../../server/src/files/walk';

export interface FuzzInput {
  /** Says how the input was made, so a failure can be reproduced by reading it. */
  name: string;
  text: string;
  filePath: string;
}

export type Random = () => number;

// The same seeded generator the speed bench types its keystrokes with; not for anything secret.
export { seededRandom };

export function randomInt(random: Random, below: number): number {
  return Math.floor(random() * below);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[randomInt(random, items.length)];
}

export const EXTENSIONS = ['.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx'] as const;

/** Decodes bytes exactly as the CLI does (BOM, invalid UTF-8 and NUL handling), through a real file. */
export class CliDecoder {
  private readonly dir = mkdtempSync(join(tmpdir(), 'rugged-fuzz-'));
  private readonly file = join(this.dir, 'input.js');

  decode(bytes: Uint8Array): { text: string; note?: string } {
    writeFileSync(this.file, bytes);
    const read = readSourceFile(this.file);
    // The CLI stops at a note without text (binary); the engine must still cope with those bytes.
    if (!('text' in read)) return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes), note: read.note.kind };
    return { text: read.text, note: read.note?.kind };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Tokens that most often turn valid code into the parser's and the rules' corner cases. */
const SPLICES = ['(', ')', '{', '}', '[', ']', '`', '${', "'", '"', '/', '/*', '*/', '//', '\n', ';', ',', '=>', '?.', '...', '<', '>', '</', '#', '@', '\\', '\u2028', '\uFEFF', 'req.query.x', ' + ', 'await ', 'async ', 'yield ', 'new ', 'class ', ' as any', ': string', '<T>', '// rugged-ignore '];

export type Mutation = 'truncate' | 'truncate at a line end' | 'drop a line' | 'flip-bytes' | 'splice' | 'delete' | 'duplicate' | 'truncate+flip';
export const MUTATIONS: readonly Mutation[] = ['truncate', 'truncate at a line end', 'drop a line', 'flip-bytes', 'splice', 'delete', 'duplicate', 'truncate+flip'];

function flipBytes(text: string, random: Random, decoder: CliDecoder): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return text;
  const flips = 1 + randomInt(random, 8);
  for (let i = 0; i < flips; i++) bytes[randomInt(random, bytes.length)] ^= 1 + randomInt(random, 255);
  return decoder.decode(bytes).text;
}

/** One mutation of `seed`; the name records the mutation and where it struck. */
export function mutate(seed: FuzzInput, mutation: Mutation, random: Random, decoder: CliDecoder): FuzzInput {
  const { text } = seed;
  const at = randomInt(random, text.length + 1);
  const filePath = random() < 0.2 ? `fuzz${pick(random, EXTENSIONS)}` : seed.filePath;
  let out: string;
  switch (mutation) {
    case 'truncate':
      out = text.slice(0, at);
      break;
    case 'truncate at a line end': {
      // Cutting between statements often still parses, so the rules see half-finished code.
      const end = text.indexOf('\n', at);
      out = end < 0 ? text : text.slice(0, end + 1);
      break;
    }
    case 'drop a line': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      out = text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
      break;
    }
    case 'flip-bytes':
      out = flipBytes(text, random, decoder);
      break;
    case 'splice': {
      out = text;
      const count = 1 + randomInt(random, 4);
      for (let i = 0; i < count; i++) {
        const where = randomInt(random, out.length + 1);
        out = out.slice(0, where) + pick(random, SPLICES) + out.slice(where);
      }
      break;
    }
    case 'delete':
      out = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + randomInt(random, 40)));
      break;
    case 'duplicate': {
      const piece = text.slice(at, at + 1 + randomInt(random, 200));
      const where = randomInt(random, text.length + 1);
      out = text.slice(0, where) + piece + text.slice(where);
      break;
    }
    case 'truncate+flip':
      out = flipBytes(text.slice(0, at), random, decoder);
      break;
  }
  return { name: `${seed.name} | ${mutation} at ${at} as ${filePath}`, text: out, filePath };
}

/** Hand-written sources covering syntax the fixtures may not: TS types, decorators, JSX, modern JS. */
export const BUILTIN_SEEDS: readonly FuzzInput[] = [
  {
    name: 'builtin express+pg',
    filePath: 'routes.js',
    text: `'use strict';
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool();
const router = express.Router();
router.get('/users/:id', async (req, res) => {
  const { sort = 'name' } = req.query;
  let sql = 'SELECT * FROM users WHERE id = ' + req.params.id;
  sql += \` ORDER BY \${sort}\`;
  // rugged-ignore sql/no-example -- reviewed
  const rows = await pool.query(sql);
  const safe = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json({ rows, safe });
});
module.exports = router;
`,
  },
  {
    name: 'builtin typescript',
    filePath: 'service.ts',
    text: `import type { Request, Response } from 'express';
import { DataSource, Repository } from 'typeorm';
enum Role { Admin = 'admin', User = 'user' }
interface Page<T> { items: readonly T[]; total: number }
@Injectable()
export class UserService<TUser extends { id: number }> {
  #cache = new Map<number, TUser>();
  constructor(private readonly repo: Repository<TUser>, private ds: DataSource) {}
  async find(req: Request, res: Response): Promise<Page<TUser>> {
    const name = req.query.name as string;
    const qb = this.repo.createQueryBuilder('u').where(\`u.name = '\${name}'\`).andWhere('u.role = :role', { role: Role.User });
    const items = (await qb.getMany()) satisfies TUser[];
    return { items, total: items.length ?? 0 };
  }
  static of<T extends { id: number }>(r: Repository<T>): UserService<T> { return new UserService<T>(r, null!); }
}
export default function assertNever(x: never): never { throw new Error(String(x)); }
`,
  },
  {
    name: 'builtin jsx',
    filePath: 'Profile.jsx',
    text: `import React, { useEffect, useState } from 'react';
export function Profile({ user, html }) {
  const [bio, setBio] = useState('');
  useEffect(() => { document.getElementById('x').innerHTML = location.hash.slice(1); }, []);
  return (
    <section className="profile" data-id={user?.id}>
      {/* a comment */}
      <h1>{user.name}</h1>
      <div dangerouslySetInnerHTML={{ __html: html }} />
      <input value={bio} onChange={(e) => setBio(e.target.value)} />
      {user.tags.map((t) => <span key={t}>{t}</span>)}
      <>fragment &amp; entity</>
    </section>
  );
}
`,
  },
  {
    name: 'builtin tsx',
    filePath: 'List.tsx',
    text: `import * as React from 'react';
type Props<T> = { rows: T[]; render: (row: T) => React.ReactNode };
export const List = <T,>({ rows, render }: Props<T>) => <ul>{rows.map((r, i) => <li key={i}>{render(r)}</li>)}</ul>;
export function useQuery(db: { query(sql: string, values?: unknown[]): Promise<unknown> }, id: string) {
  return db.query(\`SELECT * FROM t WHERE id = \${id}\`);
}
`,
  },
  {
    name: 'builtin modern esm',
    filePath: 'worker.mjs',
    text: `#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import mysql from 'mysql2/promise';
import knex from 'knex';
const db = knex({ client: 'pg' });
export const handler = async (event) => {
  const id = event.queryStringParameters?.id ?? '';
  const rows = await db.raw(\`select * from t where id = \${id}\`);
  await db('t').whereRaw('id = ?', [id]).orderByRaw(event.pathParameters.dir);
  const conn = await mysql.createConnection({});
  const [r] = await conn.execute('SELECT ? AS x', [id]);
  for await (const line of (await readFile(new URL(import.meta.url))).toString().split(/\\r?\\n/u)) label: { if (!line) break label; }
  const big = 10n ** 20n, re = /(?<year>\\d{4})-(?<m>\\d{2})/giu, tagged = String.raw\`a\\\\b\${id}\`;
  return { rows, r, big, re, tagged, ...(id && { id }) };
};
window.addEventListener('message', (e) => { eval(e.data); });
`,
  },
  {
    name: 'builtin commonjs odds and ends',
    filePath: 'legacy.cjs',
    text: `/* eslint-disable */
var util = require('util'), sqlite3 = require('sqlite3').verbose();
var db = new sqlite3.Database(':memory:');
function q(name) {
  var sql = util.format("SELECT * FROM t WHERE name = '%s'", name);
  sql = sql.replace(/'/g, "''");
  db.all(sql, function (err, rows) { if (err) throw err; });
  db.run('INSERT INTO t VALUES (?)', [name]);
  return [1, 2, 3].map(function (x) { return x * 2; }).join(',');
}
exports.q = q; // rugged-ignore
module.exports.handler = function (req, res) { q(req.body.name); res.end(); };
<!-- html comment in script
`,
  },
];

const DEPTH = 5000;

function nested(open: string, close: string, inner: string, depth: number, separator: string): string {
  return (open + separator).repeat(depth) + inner + (separator + close).repeat(depth);
}

/** Extreme inputs, each named for what it stresses. `bytes` inputs are decoded as the CLI reads files. */
export function extremeInputs(random: Random, decoder: CliDecoder): FuzzInput[] {
  const out: FuzzInput[] = [];
  const add = (name: string, text: string, filePath = 'extreme.js') => out.push({ name, text, filePath });
  const addBytes = (name: string, bytes: Uint8Array, filePath = 'extreme.js') => add(`${name} (decoded like the CLI)`, decoder.decode(bytes).text, filePath);

  for (const depth of [200, DEPTH]) {
    for (const separator of ['', '\n']) {
      const layout = `${depth} levels${separator ? ', one per line' : ''}`;
      add(`parentheses, ${layout}`, `x = ${nested('(', ')', '1', depth, separator)};`);
      add(`arrays, ${layout}`, `x = ${nested('[', ']', '1', depth, separator)};`);
      add(`objects, ${layout}`, `x = ${nested('{a:', '}', '1', depth, separator)};`);
      add(`blocks, ${layout}`, nested('{', '}', 'sink(x);', depth, separator));
      add(`functions, ${layout}`, nested('function f(req){', '}', "sink('a' + req.query.a);", depth, separator));
      add(`arrow functions, ${layout}`, `x = ${'(req) =>'.concat(separator).repeat(depth)} sink(req.query.a);`);
      add(`nested calls, ${layout}`, `${nested('sink(', ')', 'req.query.a', depth, separator)};`);
      add(`if statements, ${layout}`, `${`if (a) ${separator}`.repeat(depth)}sink(x);`);
      add(`conditional expressions, ${layout}`, `x = ${`a ? b : ${separator}`.repeat(depth)}c;`);
      add(`template literals, ${layout}`, `x = \`${nested('${`', '`}', 'a', depth, separator)}\`;`);
      add(`JSX elements, ${layout}`, `x = ${nested('<a>', '</a>', '{y}', depth, separator)};`, 'extreme.jsx');
      add(`TS generic types, ${layout}`, `let x: ${nested('Array<', '>', 'string', depth, separator)};`, 'extreme.ts');
      add(`unclosed parentheses, ${layout}`, `(${separator}`.repeat(depth));
      add(`unclosed braces, ${layout}`, `{${separator}`.repeat(depth));
      add(`string concatenation, ${depth * 10} terms${separator ? ', one per line' : ''}`, `sink(${Array.from({ length: depth * 10 }, (_, i) => `a${i}`).join(` +${separator}`)});`);
      add(`member chain, ${depth * 10} links${separator ? ', one per line' : ''}`, `sink(req${`${separator}.a`.repeat(depth * 10)});`);
    }
  }

  const line = "const q = 'SELECT * FROM t WHERE id = ' + id;";
  add('1 MB single line', line.repeat(Math.ceil(1_000_000 / line.length)).slice(0, 1_000_000));
  add('just over the size limit', `// ${'x'.repeat(1024 * 1024)}`);
  // Each copy in its own block, as real code would be: the same module-level names declared a
  // thousand times over are not a realistic file (and make name resolution quadratic).
  const realistic = `{\n${BUILTIN_SEEDS[0].text.replace("'use strict';\n", '')}}\n`;
  add('1 MB of real code, many lines', realistic.repeat(Math.ceil(1_000_000 / realistic.length)));
  add('1,500 fixable findings', Array.from({ length: 1500 }, (_, i) => `sink('a' + x${i});`).join('\n'));
  add('huge string literal on one line', `const s = '${'a'.repeat(900_000)}';`);
  add('huge string literal among short lines', `const s = '${'ab'.repeat(200_000)}';\n${'x++;\n'.repeat(2000)}`);
  add('huge string continued over lines', `const s = '${'a\\\n'.repeat(50_000)}';`);
  add('very long template, 20,000 interpolations', `sink(\`${Array.from({ length: 20_000 }, (_, i) => `\${v${i}} and\n`).join('')}\`);`);
  add('very long template, 100,000 lines', `const t = \`${'line of text\n'.repeat(100_000)}\`;`);
  add('empty file', '');
  add('empty TypeScript file', '', 'empty.ts');
  add('only a BOM', '\uFEFF');
  addBytes('only a BOM', Uint8Array.from([0xef, 0xbb, 0xbf]));
  add('BOM then code', "\uFEFFsink('a' + x);");
  add('only whitespace', ' \t\n\r\n\u00a0\u2028\u2029\u3000\n');
  add('only comments', '// a\n/* b */\n/** c\n */\n');
  add('only a shebang', '#!/usr/bin/env node');
  add('CR line endings', "const a = 1;\rsink('a' + req.query.x);\r// rugged-ignore test/sink -- ok\rsink(b + c);\r");
  add('unicode line separators in code and strings', "const a = 'x\u2028y';\u2028sink(a +\u2029b);\nconst \u0434 = '\u{1F600}';");
  add('lone surrogates', "const s = '\uD800\uDC00\uDFFF\uD800';\nsink(s + x);");
  add('NUL byte in a string', "const s = 'a\u0000b';");
  add('suppression comments without rules, reasons or valid dates', '// rugged-ignore\n// rugged-ignore -- \n// rugged-ignore x until 2020-13-45 -- r\n/* rugged-ignore a,b,,c until */ sink(a + b);');
  add('catastrophic-regex bait', `const r = /(a+)+$/; const s = '${'a'.repeat(5000)}!'; r.test(s);`);

  const invalidUtf8 = [0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80, 0xff, 0xfe, 0xc0, 0xaf, 0xf8, 0x88, 0x80, 0x80, 0x80];
  const code = Buffer.from("const a = '", 'utf8');
  const tail = Buffer.from("';\nsink('x' + a);\n", 'utf8');
  addBytes('invalid UTF-8 inside a string', Buffer.concat([code, Uint8Array.from(invalidUtf8), tail]));
  addBytes('invalid UTF-8 everywhere', Uint8Array.from(Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? invalidUtf8[i % invalidUtf8.length] : 0x61 + (i % 26)))));
  addBytes('UTF-16 LE file with its BOM', Buffer.concat([Uint8Array.from([0xff, 0xfe]), Buffer.from("sink('a' + x);", 'utf16le')]));

  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
  const noise = (n: number, allowNul: boolean) => Array.from({ length: n }, () => (allowNul ? randomInt(random, 256) : 1 + randomInt(random, 255)));
  addBytes('PNG header and random bytes', Uint8Array.from([...png, ...noise(8192, true)]), 'image.js');
  add('PNG header and random bytes, read as Latin-1', Buffer.from([...png, ...noise(8192, true)]).toString('latin1'), 'image.ts');
  addBytes('random bytes without NUL', Uint8Array.from(noise(8192, false)), 'noise.js');
  addBytes('random bytes without NUL', Uint8Array.from(noise(8192, false)), 'noise.tsx');
  return out;
}
