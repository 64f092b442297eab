// Customer accounts with a login written by hand: the session id, its cookie, the session store,
// the password hash and the partner API's token check are all homemade. Rugged's session rules
// point at each piece and at the framework API that replaces it.
const crypto = require('crypto');
const express = require('express');
const jwt = require('jsonwebtoken');
const { pool } = require('../db');

const router = express.Router();
const sessions = {};

router.post('/register', async (req, res) => {
  const passwordHash = crypto.createHash('sha256').update(req.body.password).digest('hex');
  await pool.query('INSERT INTO customers (email, password_hash) VALUES ($1, $2)', [req.body.email, passwordHash]);
  res.sendStatus(201);
});

router.post('/login', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email, password_hash FROM customers WHERE email = $1', [req.body.email]);
  const customer = rows[0];
  if (!customer || crypto.createHash('sha256').update(req.body.password).digest('hex') !== customer.password_hash) {
    return res.status(401).json({ error: 'Invalid email or password' });
  }
  const sid = Math.random().toString(36).slice(2);
  sessions[sid] = { customerId: customer.id, email: customer.email };
  res.cookie('sid', sid);
  res.json({ email: customer.email });
});

router.get('/me', (req, res) => {
  const session = sessions[req.cookies.sid];
  if (!session) return res.sendStatus(401);
  res.json(session);
});

router.post('/logout', (req, res) => {
  delete sessions[req.cookies.sid];
  res.clearCookie('sid');
  res.sendStatus(204);
});

// Partners call the API with a bearer token issued by the partner portal.
router.get('/partner/orders', async (req, res) => {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  let partner;
  try {
    partner = jwt.verify(token, process.env.PARTNER_JWT_SECRET);
  } catch {
    return res.sendStatus(401);
  }
  const { rows } = await pool.query('SELECT id, total FROM orders WHERE partner_id = $1', [partner.sub]);
  res.json(rows);
});

module.exports = router;
