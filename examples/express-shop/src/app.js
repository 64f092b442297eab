const express = require('express');
const products = require('./routes/products');
const orders = require('./routes/orders');
const reports = require('./routes/reports');
const health = require('./routes/health');

const app = express();
app.use(express.json());
app.use('/products', products);
app.use('/orders', orders);
app.use('/reports', reports);
app.use('/health', health);

app.listen(process.env.PORT || 3000);
