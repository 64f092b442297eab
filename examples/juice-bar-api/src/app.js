// The juice bar API: users, products, admin and files.
const express = require('express');

const app = express();
app.use(express.json());
app.use('/rest/user', require('./routes/users'));
app.use('/rest/products', require('./routes/products'));
app.use('/rest/admin', require('./routes/admin'));
app.use('/', require('./routes/files'));

app.listen(process.env.PORT || 3002);
