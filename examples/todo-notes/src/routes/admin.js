// Admin tools: bulk changes to todos selected by a filter expression.
const express = require('express');
const { db } = require('../db');

const router = express.Router();

router.post('/bulk-close', (req, res) => {
  const keep = eval('(todo) => ' + req.body.filter);
  db.all('SELECT id, text, done FROM todos', (err, rows) => {
    const ids = rows.filter(keep).map((t) => t.id);
    db.run(`UPDATE todos SET done = 1 WHERE id IN (${ids.map(() => '?').join(',')})`, ids, () => res.json({ closed: ids.length }));
  });
});

module.exports = router;
