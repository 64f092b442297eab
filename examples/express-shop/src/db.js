// Database handles shared by the routes.
const { Pool } = require('pg');
const mysql = require('mysql2/promise');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const ordersDb = mysql.createPool({ uri: process.env.ORDERS_DATABASE_URL });

module.exports = { pool, ordersDb };
