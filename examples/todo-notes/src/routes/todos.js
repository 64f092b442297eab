// Todos: search, add, export and shared lists.
const express = require('express');
const { exec } = require('child_process');
const { db, List } = require('../db');

const router = express.Router();

router.get('/search', (req, res) => {
  const term = req.query.q;
  db.all("SELECT id, text FROM todos WHERE text LIKE '%" + term + "%'", (err, rows) => {
    if (err) return res.status(500).end();
    res.json(rows);
  });
});

router.post('/', (req, res) => {
  db.run('INSERT INTO todos (text) VALUES (?)', [req.body.text], () => {
    res.send('<p>Added: ' + req.body.text + '</p>');
  });
});

router.post('/export', (req, res) => {
  exec('zip -r /tmp/' + req.body.name + '.zip /var/todos', (err) => {
    if (err) return res.status(500).end();
    res.json({ file: req.body.name + '.zip' });
  });
});

router.get('/lists', async (req, res) => {
  const lists = await List.find({ $where: "this.owner == '" + req.query.owner + "'" });
  res.json(lists);
});

module.exports = router;
