// Product search and reviews.
const express = require('express');
const { sequelize } = require('../db');

const router = express.Router();

router.get('/search', async (req, res) => {
  const criteria = req.query.q || '';
  const [products] = await sequelize.query(`SELECT id, name, price FROM Products WHERE name LIKE '%${criteria}%' AND deletedAt IS NULL`);
  res.json({ data: products });
});

router.patch('/reviews/:id', async (req, res) => {
  await sequelize.query('UPDATE Reviews SET message = ? WHERE id = ?', { replacements: [req.body.message, req.params.id] });
  res.json({ updated: true });
});

module.exports = router;
