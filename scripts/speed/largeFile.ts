// Generated large files for the large-file row: the same kind of code repeated with fresh names
// (route handlers with a string-built query, helpers, loops), so size grows and nothing else does,
// and analysis time per KB should stay flat if the cost is linear.

const HEADER = `'use strict';
const express = require('express');
const mysql = require('mysql');
const app = express();
const db = mysql.createConnection({ host: 'localhost' });
`;

function block(n: number): string {
  return `
// Section ${n}: one handler, one helper and some plain code.
function normalise${n}(value) {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    out += i % 2 === 0 ? value[i].toUpperCase() : value[i];
  }
  return out.trim();
}
function findRecord${n}(req, res) {
  const id = req.query.id${n};
  const label = normalise${n}(String(req.query.label${n} || ''));
  const sql = "SELECT * FROM table_${n} WHERE id = '" + id + "' AND label = '" + label + "'";
  db.query(sql, (err, rows) => {
    if (err) {
      res.status(500).send('failed');
      return;
    }
    res.json(rows.map((row) => ({ name: row.name${n}, total: row.count * ${n} })));
  });
}
app.get('/records/${n}', findRecord${n});
const table${n} = [${n}, ${n + 1}, ${n + 2}].map((x) => x * 2).filter((x) => x > ${n});
`;
}

/** A JavaScript file of at least `bytes` bytes (ASCII, so bytes = characters). */
export function largeFileText(bytes: number): string {
  const parts = [HEADER];
  let length = HEADER.length;
  for (let n = 1; length < bytes; n++) {
    const next = block(n);
    parts.push(next);
    length += next.length;
  }
  parts.push('\napp.listen(3000);\n');
  return parts.join('');
}
