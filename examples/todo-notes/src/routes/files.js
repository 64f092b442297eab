// Attachments uploaded with todos, served back by name.
const express = require('express');
const path = require('path');

const router = express.Router();
const UPLOADS = path.join(__dirname, '..', '..', 'uploads');

router.get('/', (req, res) => {
  res.sendFile(path.join(UPLOADS, req.query.name));
});

module.exports = router;
