// The todo app: sessions, the todo routes, attachments and the admin tools.
const express = require('express');
const session = require('express-session');

const app = express();
app.use(express.json());
app.use(require('cookie-parser')());
app.use(session({ secret: 'keyboard-cat-todo-2019', resave: false, saveUninitialized: true, cookie: { httpOnly: true } }));
app.use('/todos', require('./routes/todos'));
app.use('/files', require('./routes/files'));
app.use('/session', require('./routes/session'));
app.use('/admin', require('./routes/admin'));

app.listen(process.env.PORT || 3001);
