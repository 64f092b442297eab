// Secrets never reach a story; ordinary code stays readable; file names cannot be steered by titles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildExcerpt, EXCERPT_MAX_BYTES, EXCERPT_MAX_LINES } from '../../server/src/backlog/story/excerpt';
import { fenceFor, inertMarkdown } from '../../server/src/backlog/story/markdownSafety';
import { redactSecrets } from '../../server/src/redaction/redact';
import { slugify, taskFileName } from '../../server/src/backlog/adapters/markdown/taskNaming';

// Built at run time so that no scanner mistakes this test file for one holding real credentials.
const fake = {
  github: 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  githubPat: 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
  slack: 'xoxb-' + '123456789012-abcdefghijKLMN',
  stripe: 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  jwt: 'eyJhbGciOiJIUzI1NiJ9' + '.eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  aws: 'AKIA' + 'Z7Y6X5W4V3U2T1S0',
  entropy: 'q8Zr3Lx0Vb7Nw2Kd5Tf9Hs1Jm4Pc6Gy',
};

describe('redactSecrets', () => {
  const cases: [string, string, string][] = [
    ['GitHub token', `const t = "${fake.github}";`, 'github-token'],
    ['GitHub fine-grained token', `token: ${fake.githubPat}`, 'github-token'],
    ['Slack token', `slack.post('${fake.slack}')`, 'slack-token'],
    ['Stripe live key', `stripe(${JSON.stringify(fake.stripe)})`, 'stripe-key'],
    ['JWT', `headers.cookie = 'session=${fake.jwt}'`, 'jwt'],
    ['AWS access key', `aws.config({ accessKeyId: '${fake.aws}' })`, 'aws-access-key'],
    ['private key block', '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----', 'private-key'],
    ['cut private key block', 'const pem = `-----BEGIN PRIVATE KEY-----\nMIIBOgIBAAJBAK', 'private-key'],
    ['password literal', "if (password === 'tr0ub4dor&3') ok();", 'assigned-secret'],
    ['apiKey property', "const cfg = { apiKey: 'k-123' };", 'assigned-secret'],
    ['env file line', 'DB_SECRET=s3cr3t-value', 'assigned-secret'],
    ['connection string password', "new Pool({ connectionString: 'postgres://app:pw123@db/shop' })", 'url-password'],
    ['high-entropy string', `const blob = '${fake.entropy}';`, 'high-entropy'],
  ];
  for (const [name, text, kind] of cases) {
    it(`replaces a ${name}`, () => {
      const result = redactSecrets(text);
      assert.equal(result.count, 1, result.text);
      assert.deepEqual(Object.keys(result.kinds), [kind]);
      assert.match(result.text, new RegExp(`\\[REDACTED:${kind}\\]`));
    });
  }

  // Shapes and names that used to pass through, each built at run time.
  const missed: [string, string, string][] = [
    ['SQL pw', `db.query("SELECT * FROM users WHERE pw = 'velvet-${fake.entropy.slice(0, 4)}'")`, 'assigned-secret'],
    ['SQL pin', "db.query(\"SELECT * FROM cards WHERE pin = '4471xq'\")", 'assigned-secret'],
    ['SQL passcode', "db.query(\"SELECT * FROM doors WHERE passcode = 'open-sesame-9'\")", 'assigned-secret'],
    ['SQL password clause', "db.query(\"CREATE USER app IDENTIFIED BY 'meadow-lantern-7'\")", 'assigned-secret'],
    ['jwt.sign key', "jwt.sign(payload, 'copper-harbor-1234')", 'key-argument'],
    ['createHmac key', "crypto.createHmac('sha256', 'copper-harbor-1234')", 'key-argument'],
    ['.env line inside a string', 'const env = "NODE_ENV=production\\nDB_PASSWORD=copper-harbor-1234";', 'assigned-secret'],
    ['password in a query string', "fetch('https://api.local/login?user=a&password=copper-harbor-1234')", 'assigned-secret'],
    ['redis URL without a user', "createClient({ url: 'redis://:copper-harbor-1234@cache:6379' })", 'url-password'],
    ['GitLab token', `const t = 'glpat-${fake.entropy.slice(0, 20)}';`, 'gitlab-token'],
    ['token split across a concatenation', `const k = 'AKIA' + '${fake.aws.slice(4)}';`, 'split-secret'],
    ['token segment of a route path', `app.get('/hooks/v1/${fake.entropy}', handler);`, 'high-entropy'],
  ];
  for (const [name, text, kind] of missed) {
    it(`replaces a ${name}`, () => {
      const result = redactSecrets(text);
      assert.deepEqual(Object.keys(result.kinds), [kind], result.text);
      assert.ok(!result.text.includes('copper-harbor-1234') && !result.text.includes(fake.entropy.slice(0, 20)), result.text);
    });
  }

  it('replaces known values wherever they occur, whatever surrounds them', () => {
    const result = redactSecrets('db.connect(x, "plum-tree-4471") // plum-tree-4471', ['plum-tree-4471']);
    assert.equal(result.text, 'db.connect(x, "[REDACTED:flagged-secret]") // [REDACTED:flagged-secret]');
    assert.equal(result.count, 2);
  });

  it('replaces a short known value only as a whole word', () => {
    assert.equal(redactSecrets("sign(p, 'abc12') // abc12x, xabc12", ['abc12']).text, "sign(p, '[REDACTED:key-argument]') // abc12x, xabc12");
    assert.equal(redactSecrets('key abc12, v1.abc12.0', ['abc12']).text, 'key [REDACTED:flagged-secret], v1.[REDACTED:flagged-secret].0');
  });

  it('keeps a path readable when a segment is words with a short random suffix, not a token', () => {
    const path = 'file:///tmp/rugged-hostile-nLf3PZ/src/app-build-9Xq2Lm/index.js: not checked';
    assert.equal(redactSecrets(path).text, path);
    assert.equal(redactSecrets(`file:///srv/hooks/${fake.entropy}/run.js`).text, 'file:///srv/hooks/[REDACTED:high-entropy]/run.js');
  });

  it('hides the value of a NAME=value setting, not its name', () => {
    const result = redactSecrets('UPLOAD_REF=Zk3Q9vR2xW7pL5mN8bT4yH6cJ1dF0gA');
    assert.equal(result.text, 'UPLOAD_REF=[REDACTED:high-entropy]');
  });

  it('keeps code that SQL built by concatenation puts between the quotes of a password', () => {
    const lines = [
      `"SELECT id FROM Users WHERE email = '" + req.body.email + "' AND password = '" + hashPassword(req.body.password) + "'",`,
      `db.query("SELECT * FROM users WHERE pw = '" + pw + "'")`,
      `db.query("CREATE USER app IDENTIFIED BY '" + generated + "'")`,
    ];
    for (const line of lines) assert.equal(redactSecrets(line).text, line);
  });

  it('still hides a password literal in SQL beside a concatenated value', () => {
    const line = `"SELECT id FROM Users WHERE email = '" + email + "' AND password = 'meadow-lantern-7'"`;
    const result = redactSecrets(line);
    assert.deepEqual(result.kinds, { 'assigned-secret': 1 }, result.text);
    assert.ok(!result.text.includes('meadow-lantern-7') && result.text.includes(`email = '" + email + "'`), result.text);
  });

  it('leaves ordinary code alone', () => {
    const code = [
      "const query = 'SELECT * FROM products WHERE id = $1';",
      'const token = req.headers.authorization;',
      "const key = `${prefix}:${id}`;",
      "router.get('/users/:userId/orders', listOrdersForCustomerAccount2);",
      "import { createStoryFromFindings } from '../node_modules/some-package2/dist/index.js';",
      "const tokenType = 'Bearer';",
      "const greeting = 'Hello, ' + 'world';",
      "app.get('/api/v1/users/:userId/settings', handler);",
      "const spin = 'fast';",
      '[OWASP A03:2021-Injection](https://owasp.org/Top10/A03_2021-Injection/)',
      'file:///tmp/rugged-server-Zre4mnQ/blob.js: Binary content',
      '`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off certificate verification',
    ].join('\n');
    const result = redactSecrets(code);
    assert.equal(result.count, 0, result.text);
    assert.equal(result.text, code);
  });
});

describe('excerpt', () => {
  it('is capped in lines and bytes and says so', () => {
    const long = Array.from({ length: 100 }, (_, i) => `const line${i} = ${i};`).join('\n');
    const { excerpt } = buildExcerpt(long, 'a.ts', [1, 100]);
    assert.equal(excerpt.text.split('\n').length, EXCERPT_MAX_LINES);
    assert.equal(excerpt.truncated, true);
    assert.deepEqual(excerpt.lines, [1, EXCERPT_MAX_LINES]);
    assert.equal(excerpt.language, 'ts');
    const wide = 'x'.repeat(10_000);
    const capped = buildExcerpt(wide, 'a.js', [1, 1]).excerpt;
    assert.ok(Buffer.byteLength(capped.text) <= EXCERPT_MAX_BYTES);
    assert.equal(capped.truncated, true);
  });

  it('redacts a secret that straddles the cap', () => {
    const lines = Array.from({ length: EXCERPT_MAX_LINES - 1 }, () => 'x();');
    lines.push('const pem = `-----BEGIN PRIVATE KEY-----', 'MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu', '-----END PRIVATE KEY-----`;');
    const { excerpt } = buildExcerpt(lines.join('\n'), 'a.js', [1, lines.length]);
    assert.ok(!excerpt.text.includes('BEGIN PRIVATE KEY'));
    assert.equal(excerpt.redactions, 1);
  });
});

describe('Markdown safety', () => {
  it('breaks mentions, images, links and HTML comments with escapes, never an invisible character', () => {
    const text = 'cc @alice ![pixel](https://x.example/p.png) [docs](https://evil.example) <!-- AC:END --> <img src=x>';
    const safe = inertMarkdown(text);
    assert.ok(safe.includes('`@alice`') && !safe.includes('![') && !/(?<!\\)\]\(/.test(safe) && !/(?<!\\)<!--/.test(safe) && !/(?<!\\)<img/.test(safe), safe);
    assert.doesNotMatch(safe, /[\u200b-\u200d\u2060\ufeff]/);
    assert.equal(inertMarkdown(safe), safe, 'idempotent');
  });

  it('picks a fence longer than any backtick run', () => {
    assert.equal(fenceFor('no ticks'), '```');
    assert.equal(fenceFor('a ```` b ` c'), '`````');
  });
});

describe('task file names', () => {
  it('are built from the number and a capped [a-z0-9-] slug only', () => {
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('Forge a session: "admin" \\ / \u0000 ..'), 'forge-a-session-admin');
    assert.equal(slugify('Ümlaut çedilla'), 'umlaut-cedilla');
    assert.equal(slugify('!!!'), 'abuser-story');
    const long = slugify('word '.repeat(40));
    assert.ok(long.length <= 50 && /^[a-z0-9-]+$/.test(long) && !long.endsWith('-'));
    assert.equal(taskFileName('task', 7, 0, '../evil/../../x'), 'task-7 - evil-x.md');
    assert.equal(taskFileName('sec', 7, 3, 'A b'), 'sec-007 - a-b.md');
  });
});
