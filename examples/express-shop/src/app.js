const express = require('express');
const products = require('./routes/products');
const orders = require('./routes/orders');
const reports = require('./routes/reports');
const health = require('./routes/health');
const admin = require('./routes/admin');

const app = express();
app.use(express.json());
app.use(express.static(require('path').join(__dirname, '..', 'public')));
app.use('/products', products);
app.use('/orders', orders);
app.use('/reports', reports);
app.use('/health', health);
app.use('/admin', admin);

app.listen(process.env.PORT || 3000);
