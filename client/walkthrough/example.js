// An Express handler that builds its SQL from request data. Rugged flags the query;
// put the cursor on it and press Ctrl+. to apply the fix.
const express = require('express');
const { Pool } = require('pg');

const app = express();
const pool = new Pool();

app.get('/users', async (req, res) => {
  const result = await pool.query("SELECT * FROM users WHERE name = '" + req.query.name + "'");
  res.json(result.rows);
});

app.listen(3000);
