// SARIF for input followed into another module: the result sits at the caller's argument, its
// related locations name the other file, and a codeFlow carries the way, valid for code scanning.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { assertValidSarif, runCli, tempProject } from './helpers';

const { root, remove } = tempProject({
  'db.js': "const { Pool } = require('pg');\nconst pool = new Pool();\nexports.findUser = (id) => pool.query('SELECT * FROM users WHERE id = ' + id);\n",
  'routes.js': "const { findUser } = require('./db');\napp.get('/u', async (req, res) => res.json(await findUser(req.query.id)));\n",
});
after(remove);

describe('SARIF codeFlows', () => {
  it('carries the way from the route into db.js and passes the validator', async () => {
    const result = await runCli(['scan', '--format', 'sarif'], root, { rules: allRules });
    const log = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; codeFlows?: { threadFlows: { locations: { location: { physicalLocation: { artifactLocation: { uri: string } } } }[] }[] }[] }[] }[] };
    const crossing = log.runs[0].results.filter((r) => r.codeFlows);
    assert.equal(crossing.length, 1);
    assert.equal(crossing[0].ruleId, 'sql/no-string-built-query');
    assert.match(crossing[0].locations[0].physicalLocation.artifactLocation.uri, /routes\.js$/);
    const uris = crossing[0].codeFlows![0].threadFlows[0].locations.map((l) => l.location.physicalLocation.artifactLocation.uri.split('/').pop());
    assert.deepEqual(uris, ['routes.js', 'routes.js', 'db.js', 'routes.js']);
    const file = join(root, 'flow.sarif');
    writeFileSync(file, result.stdout);
    assertValidSarif(file);
  });
});
