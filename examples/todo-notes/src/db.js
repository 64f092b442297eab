// One SQLite database for the todos, and a Mongo model for the shared lists.
const sqlite3 = require('sqlite3');
const mongoose = require('mongoose');

const db = new sqlite3.Database(process.env.TODO_DB || 'todos.db');
// Only the shared lists live in MongoDB: without MONGO_URL the rest of the app runs, and GET /todos/lists fails.
if (process.env.MONGO_URL) mongoose.connect(process.env.MONGO_URL);
const List = mongoose.model('List', new mongoose.Schema({ owner: String, title: String, items: [String] }));

module.exports = { db, List };
