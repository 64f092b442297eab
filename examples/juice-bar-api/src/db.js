// The shop's database through Sequelize.
const { Sequelize } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL || 'sqlite::memory:');

module.exports = { sequelize };
