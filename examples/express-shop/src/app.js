const express = require('express');
const products = require('./routes/products');
const orders = require('./routes/orders');
const reports = require('./routes/reports');
const health = require('./routes/health');
const admin = require('./routes/admin');
const account = require('./routes/account');

const app = express();
app.use(express.json());
app.use(require('cookie-parser')());
app.use(express.static(require('path').join(__dirname, '..', 'public')));
app.use('/products', products);
app.use('/orders', orders);
app.use('/reports', reports);
app.use('/health', health);
app.use('/admin', admin);
app.use('/account', account);

app.listen(process.env.PORT || 3000);
