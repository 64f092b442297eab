// Ignored through .rugged.json: the scan must not report this file.
const { Pool } = require('pg');
const pool = new Pool();

module.exports = (req) => pool.query('SELECT * FROM legacy WHERE id = ' + req.query.id);
