// Reports leave the machine (CI logs, SARIF uploads): a credential on a flagged line must not be in them.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runCli, tempProject } from './helpers';
import { parseScanJson } from './outputTypes';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const project = tempProject({
  'app.js': [
    "const { Pool } = require('pg');",
    'const pool = new Pool();',
    `app.get('/', (req) => pool.query("SELECT * FROM keys WHERE k = '${KEY}' AND id = " + req.query.id));`,
    '',
  ].join('\n'),
});
after(() => project.remove());

for (const format of ['text', 'json', 'sarif']) {
  test(`${format} output quotes the flagged line without the AWS key it holds`, async () => {
    const result = await runCli(['scan', '.', '--format', format], project.root);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /sql\/no-string-built-query/);
    // JSON carries the fixes as text edits, which must hold the code they rewrite to be applicable;
    // everything quoted besides them is redacted.
    const quoted = format === 'json' ? JSON.stringify(parseScanJson(result.stdout).findings.map((f) => ({ ...f, fixes: undefined }))) : result.stdout;
    assert.ok(!quoted.includes(KEY), 'the key must be redacted');
    if (format !== 'json') assert.match(result.stdout, /\[REDACTED:aws-access-key\]/);
  });
}
