// Back-office tools for the shop's staff: monthly order archives and their download.
const express = require('express');
const path = require('path');
const { exec } = require('child_process');

const router = express.Router();
const EXPORT_DIR = path.join(__dirname, '..', '..', 'exports');

router.post('/exports', (req, res) => {
  // The month from the form becomes part of a shell command line.
  exec(`tar czf ${EXPORT_DIR}/orders-${req.body.month}.tgz ${EXPORT_DIR}/orders`, (err) => {
    if (err) return res.status(500).json({ error: 'export failed' });
    res.status(201).json({ file: `orders-${req.body.month}.tgz` });
  });
});

router.get('/exports/:file', (req, res) => {
  // The file name from the URL is joined to the export folder as it is.
  res.download(path.join(EXPORT_DIR, req.params.file));
});

module.exports = router;
