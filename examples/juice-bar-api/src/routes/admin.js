// Administration and the partner API.
const express = require('express');
const jwt = require('jsonwebtoken');
const { sequelize } = require('../db');
const { SIGNING_KEY } = require('../security');

const router = express.Router();

router.get('/users', async (req, res) => {
  const claims = jwt.decode((req.headers.authorization || '').replace('Bearer ', ''));
  if (!claims || claims.role !== 'admin') return res.status(403).end();
  const [users] = await sequelize.query('SELECT id, email, role FROM Users');
  res.json(users);
});

router.get('/partner/orders', async (req, res) => {
  let partner;
  try {
    partner = jwt.verify((req.headers.authorization || '').replace('Bearer ', ''), SIGNING_KEY);
  } catch {
    return res.status(401).end();
  }
  const [orders] = await sequelize.query('SELECT id, total FROM Orders WHERE partnerId = ?', { replacements: [partner.sub] });
  res.json(orders);
});

module.exports = router;
