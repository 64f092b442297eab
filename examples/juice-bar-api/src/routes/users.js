// Registration and login.
const express = require('express');
const { sequelize } = require('../db');
const { hashPassword, issueToken } = require('../security');

const router = express.Router();

router.post('/login', async (req, res) => {
  const [users] = await sequelize.query(
    "SELECT id, email, role FROM Users WHERE email = '" + req.body.email + "' AND password = '" + hashPassword(req.body.password) + "'",
  );
  if (users.length === 0) return res.status(401).json({ error: 'Invalid email or password' });
  res.json({ token: issueToken(users[0]) });
});

router.post('/register', async (req, res) => {
  await sequelize.query('INSERT INTO Users (email, password, role) VALUES (?, ?, ?)', { replacements: [req.body.email, req.body.password, 'customer'] });
  res.status(201).end();
});

router.get('/deluxe', (req, res) => {
  if (req.headers['x-api-key'] === process.env.DELUXE_API_KEY) return res.json({ deluxe: true });
  res.status(403).end();
});

module.exports = router;
