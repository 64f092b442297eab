// Token and password helpers shared by the routes.
const crypto = require('crypto');
const jwt = require('jsonwebtoken');

const SIGNING_KEY = 'jbk_live_8f3a9c2e71d64b05a9e1c7f2d3b4a5e6';

function hashPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex');
}

function issueToken(user) {
  return jwt.sign({ sub: user.id, email: user.email, role: user.role }, SIGNING_KEY, { algorithm: 'HS256', expiresIn: '6h' });
}

module.exports = { SIGNING_KEY, hashPassword, issueToken };
