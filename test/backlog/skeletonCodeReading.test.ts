// What the story tests read from the code around a handler: the cookie a deserializer reads, the
// statement storing a password and the module holding its database handle, and whether logout
// already empties a hand-made session store. Each decides whether a test is proposed, so each
// near miss is here too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieRead } from '../../server/src/backlog/story/skeletonParserAttacks';
import { passwordWrite, storeModule } from '../../server/src/backlog/story/skeletonStoredPassword';
import { logoutRemoval, storeNameOf } from '../../server/src/backlog/story/skeletonSessionStore';

describe('the cookie a deserializer reads', () => {
  it('names the cookie and whether the code decodes it from base64', () => {
    assert.deepEqual(cookieRead("unserialize(Buffer.from(req.cookies.profile, 'base64').toString())"), { name: 'profile', base64: true });
    assert.deepEqual(cookieRead("unserialize(req.signedCookies['remember-me'])"), { name: 'remember-me', base64: false });
    assert.deepEqual(cookieRead('unserialize(atob(req.cookies.p))'), { name: 'p', base64: true });
    assert.equal(cookieRead('unserialize(req.query.p)'), undefined);
  });
});

describe('the statement storing a password', () => {
  it('finds an INSERT naming a password column, or an UPDATE setting one, and the handle it runs on', () => {
    assert.deepEqual(passwordWrite("await pool.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [e, h]);"), { table: 'users', column: 'password_hash', handle: 'pool' });
    assert.deepEqual(passwordWrite('db.run(`UPDATE "accounts" SET passwd = ? WHERE id = ?`, [h, id]);'), { table: 'accounts', column: 'passwd', handle: 'db' });
    assert.equal(passwordWrite("await pool.query('INSERT INTO users (email, name) VALUES ($1, $2)', [e, n]);"), undefined);
    assert.equal(passwordWrite('await User.create({ email, password });'), undefined);
  });

  it('finds the module the file requires the handle from, as a repository path with the export it takes', () => {
    const text = "const { pool: db, other } = require('../db');\nconst sequelize = require('./store/sequelize');\nconst { Pool } = require('pg');";
    assert.deepEqual(storeModule(text, 'db', 'src/routes/users.js'), { module: 'src/db', export: 'pool' });
    assert.deepEqual(storeModule(text, 'sequelize', 'src/routes/users.js'), { module: 'src/routes/store/sequelize' });
    // A handle made in the file itself, or taken from a package, is nothing a test can load.
    assert.equal(storeModule(`${text}\nconst pool = new Pool();`, 'pool', 'src/routes/users.js'), undefined);
    assert.equal(storeModule(text, 'Pool', 'src/routes/users.js'), undefined);
  });
});

describe('a logout that already empties the hand-made session store', () => {
  it('reads the store from either message of the rule', () => {
    assert.equal(storeNameOf('`sessions` is a hand-made session store looked up with the `sid` cookie; keep sessions in express-session.'), 'sessions');
    assert.equal(storeNameOf('A session is created in the hand-made store `activeSessions` under the id the `sid` cookie hands the browser.'), 'activeSessions');
  });

  it('counts a delete in a logout route only', () => {
    const routes = (removal: string, path = '/logout') => `const sessions = new Map();\nrouter.post('/login', (req, res) => {});\nrouter.post('${path}', (req, res) => {\n  ${removal};\n  res.end();\n});`;
    assert.equal(logoutRemoval(routes('delete sessions[req.cookies.sid]'), 'sessions'), 'delete sessions[req.cookies.sid]');
    assert.equal(logoutRemoval(routes('sessions.delete(req.cookies.sid)', '/sign-out'), 'sessions'), 'sessions.delete(req.cookies.sid)');
    assert.equal(logoutRemoval(routes('sessions[req.cookies.sid] = undefined'), 'sessions'), 'sessions[req.cookies.sid] = undefined');
    // Expiring old sessions in another route is not logout.
    assert.equal(logoutRemoval(routes('sessions.delete(oldest)', '/cleanup'), 'sessions'), undefined);
    assert.equal(logoutRemoval(routes('others.delete(req.cookies.sid)'), 'sessions'), undefined);
  });
});
