// The "ftp" folder of legal documents, the outgoing-link redirect and the order import.
const express = require('express');
const path = require('path');
const libxml = require('libxmljs2');

const router = express.Router();
const FTP = path.join(__dirname, '..', '..', 'ftp');

router.get('/ftp/:file', (req, res) => {
  res.sendFile(path.join(FTP, req.params.file));
});

router.get('/redirect', (req, res) => {
  res.redirect(req.query.to);
});

router.post('/orders/import', express.text({ type: 'application/xml' }), (req, res) => {
  const doc = libxml.parseXml(req.body, { noent: true });
  res.json({ orders: doc.find('//order').length });
});

module.exports = router;
