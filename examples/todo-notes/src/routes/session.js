// Login, the "remember me" cookie and the redirect after login.
const express = require('express');
const serialize = require('node-serialize');
const { db } = require('../db');

const router = express.Router();

router.post('/login', (req, res) => {
  db.get('SELECT id, name FROM users WHERE name = ? AND password = ?', [req.body.name, req.body.password], (err, user) => {
    if (!user) return res.status(401).end();
    req.session.userId = user.id;
    res.redirect(req.query.next);
  });
});

router.get('/remember', (req, res) => {
  const profile = serialize.unserialize(Buffer.from(req.cookies.profile, 'base64').toString());
  res.json({ hello: profile.name });
});

module.exports = router;
