// Generates a large JavaScript module that looks like application code (route handlers, helpers,
// string building, a few real sinks), for profiling the engine on big files and for the test that
// counts its work per KB. Deterministic: the same size gives the same text.
//
//   node --import tsx scripts/largeFile.ts 200 > /tmp/200kb.js    (size in KB)

/** One block of code, numbered so names stay unique across the file. */
function block(i: number): string {
  switch (i % 6) {
    case 0:
      return `
app.get('/users/${i}', async (req, res) => {
  const id = req.query.id;
  const label = 'user ' + id + ' #${i}';
  const sql = 'SELECT * FROM users_${i} WHERE id = ' + id;
  const rows = await db.query(sql);
  res.send({ label, rows });
});
`;
    case 1:
      return `
function formatRow${i}(row, options) {
  const parts = [];
  for (const key of Object.keys(row)) {
    if (options && options.skip && options.skip.includes(key)) continue;
    parts.push(key + '=' + String(row[key]));
  }
  return parts.join('&') + '#${i}';
}
`;
    case 2:
      return `
async function loadOrder${i}(orderId) {
  const query = \`SELECT total FROM orders WHERE id = \${orderId} AND shard = ${i}\`;
  const result = await pool.query(query);
  if (!result || result.rows.length === 0) return null;
  return formatRow${i - 1}(result.rows[0], { skip: ['secret'] });
}
`;
    case 3:
      return `
router.post('/orders/${i}', (req, res, next) => {
  const body = req.body || {};
  const amount = Number(body.amount);
  if (Number.isNaN(amount)) return next(new Error('bad amount ${i}'));
  loadOrder${i - 1}(body.orderId).then((order) => {
    res.json({ order, amount, at: Date.now() });
  }, next);
});
`;
    case 4:
      return `
class Service${i} {
  constructor(client) {
    this.client = client;
    this.cache = new Map();
  }
  get(key) {
    if (this.cache.has(key)) return this.cache.get(key);
    const value = this.client.fetch('/api/${i}/' + encodeURIComponent(key));
    this.cache.set(key, value);
    return value;
  }
}
`;
    default:
      return `
app.get('/files/${i}', (req, res) => {
  const name = req.params.name;
  const target = path.join(__dirname, 'public', name);
  const html = '<p>' + name + '</p>';
  res.sendFile(target);
  exec('ls ' + name, () => res.send(html));
});
`;
  }
}

const HEADER = `'use strict';
const express = require('express');
const path = require('path');
const { exec } = require('child_process');
const mysql = require('mysql');
const { Pool } = require('pg');
const app = express();
const router = express.Router();
const db = mysql.createConnection({});
const pool = new Pool();
`;

/** A module of about `bytes` characters (never less), built from numbered blocks. */
export function generateLargeFile(bytes: number): string {
  const parts = [HEADER];
  let length = HEADER.length;
  for (let i = 1; length < bytes; i++) {
    const next = block(i);
    parts.push(next);
    length += next.length;
  }
  parts.push('\nmodule.exports = { app, router };\n');
  return parts.join('');
}

if (process.argv[1]?.endsWith('largeFile.ts')) {
  const kb = Number(process.argv[2] ?? '200');
  process.stdout.write(generateLargeFile(kb * 1000));
}
