// Story content: from a file with findings, from a selection, from code without findings (the
// STRIDE catalogue), with the user's overrides, and how it reads as a Backlog.md task.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineRule } from '../../server/src/engine/api';
import { allRules } from '../../rules/index';
import { analyze } from '../../server/src/engine/run';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { buildStory, proposeGoals, SECURITY_TEST_CRITERION, type StoryInput } from '../../server/src/backlog/story/story';
import { parseTaskFile, renderTaskFile } from '../../server/src/backlog/adapters/markdown/taskFile';
import { RISK_METHOD } from '../../server/src/backlog/story/types';
import { FIXED_NOW, findingsOf, SHOP_PATH, SHOP_TEXT } from './helpers';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function input(overrides: Partial<StoryInput> = {}): StoryInput {
  const text = overrides.text ?? SHOP_TEXT;
  return {
    text,
    path: SHOP_PATH,
    findings: findingsOf(text, SHOP_PATH),
    rules: allRules,
    git: { commit: COMMIT, remote: 'git@github.com:acme/shop.git' },
    now: FIXED_NOW,
    toolVersion: '9.9.9',
    ...overrides,
  };
}

describe('story from a file with findings', () => {
  const story = buildStory(input());

  it('links every finding of the file with rule, CWE, OWASP, severity and message', () => {
    assert.deepEqual(
      story.findings.map((f) => [f.ruleId, f.lines[0], f.severity, f.confidence]),
      [
        ['sql/no-string-built-query', 8, 'error', 'high'],
        ['sql/no-string-built-query', 13, 'error', 'high'],
      ],
    );
    for (const f of story.findings) {
      assert.deepEqual(f.cwe, ['CWE-89']);
      assert.ok(f.owasp.some((o) => o.startsWith('A03:2021')), f.owasp.join());
      assert.match(f.message, /pool\.query/);
      assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
    }
  });

  it('tells the attack from the rule seed: actor, goal, harm and the narrative sentence, about the table the query names', () => {
    const seed = allRules.find((r) => r.id === 'sql/no-string-built-query')!.meta.abuserStory;
    const fill = (text: string) => text.split('{asset}').join('the products table');
    assert.equal(story.actor, seed.actor);
    assert.equal(story.asset, 'the products table');
    // The narrative names the loss; the technique after " by " is told in the details.
    assert.equal(story.goal, 'read or change the products table');
    assert.equal(`${story.goal} by ${story.technique}`, fill(seed.goal));
    assert.equal(story.harm, fill(seed.harm));
    // The harm refers back to the asset the goal just named instead of repeating it.
    assert.equal(story.narrative, `As an ${seed.actor}, I want to read or change the products table, so that ${seed.harm.split('{asset}').join('it')}.`);
    assert.doesNotMatch(story.narrative, / by putting my own SQL/);
    assert.equal(story.title, 'Read or change the products table in GET /search', 'the loss and where, not the technique');
  });

  it('carries STRIDE letters with the property each violates', () => {
    assert.deepEqual(story.stride, ['T', 'I', 'E']);
    assert.deepEqual(story.properties, ['Integrity', 'Confidentiality', 'Authorization']);
  });

  it('points at the entry point: path, symbol, lines, commit and a GitHub permalink', () => {
    assert.deepEqual(story.entryPoint, {
      path: SHOP_PATH,
      symbol: 'GET /search',
      // From where the search term enters (line 7) to the last sink.
      lines: [7, 13],
      language: 'js',
      commit: COMMIT,
      repository: 'git@github.com:acme/shop.git',
      permalink: `https://github.com/acme/shop/blob/${COMMIT}/src/routes/products.js#L7-L13`,
    });
  });

  it('rates the risk on the 3x3 grid, names the method and explains the numbers', () => {
    assert.equal(story.risk.method, RISK_METHOD);
    assert.equal(story.risk.method, 'OWASP risk rating (simplified 3x3 likelihood x impact)');
    assert.equal(story.risk.likelihood, 3);
    assert.equal(story.risk.impact, 3);
    assert.equal(story.risk.score, 9);
    assert.equal(story.risk.severity, 'Critical');
    assert.match(story.risk.rationale, /traced/);
    assert.equal(story.priority, 'high');
  });

  it('inverts the attack into acceptance criteria: controls, a security test, and the rule going quiet', () => {
    const texts = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(
      texts.some((t) => t.startsWith('Fix in `src/routes/products.js:8` (`GET /search`) for `req.query.q`: every query to the database driver passes user values as bound parameters')),
      texts.join('\n'),
    );
    assert.ok(texts.some((t) => /^`test\/security\/as-[0-9a-z]{8}\.test\.js` sends `29991231' OR 1=1 OR 'a'<'b` as `q` to `GET \/search`, then a UNION that adds a row of its own \(the marker `RUGGED-AS-[0-9A-Z]{8}`\), and passes/.test(t)), texts.join('\n'));
    assert.ok(!texts.includes(SECURITY_TEST_CRITERION), 'the generic test criterion gives way to the test written for this route');
    assert.ok(!texts.some((t) => /privileges/.test(t)), 'database privileges are a platform story');
    assert.deepEqual(story.platformControls, ['The database account used by the application has only the privileges it needs']);
    assert.ok(story.acceptanceCriteria.length <= 6, String(story.acceptanceCriteria.length));
    assert.ok(texts.includes('Rule `sql/no-string-built-query` no longer fires at src/routes/products.js:8-13'), texts.join('\n'));
    assert.deepEqual(
      [...new Set(story.acceptanceCriteria.map((c) => c.kind))],
      ['control', 'test', 'evidence'],
    );
    assert.ok(story.acceptanceCriteria.every((c) => !c.done));
  });

  it('labels the story for the radiator', () => {
    assert.deepEqual(story.labels, ['security', 'abuser-story', 'stride-t', 'stride-i', 'stride-e', 'cwe-89', 'risk-critical']);
  });

  it('quotes the code between the findings and records its provenance', () => {
    assert.deepEqual(story.excerpt.lines, [7, 13]);
    assert.match(story.excerpt.text, /req\.query\.q/, 'where the input enters');
    assert.match(story.excerpt.text, /req\.params\.id/);
    assert.equal(story.excerpt.truncated, false);
    assert.equal(story.provenance.source, 'findings');
    assert.equal(story.provenance.toolVersion, '9.9.9');
    assert.equal(story.provenance.createdAt, FIXED_NOW.toISOString());
    assert.match(story.provenance.snippetSha256, /^[0-9a-f]{64}$/);
    assert.match(story.key, /^AS-[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('reads back from its Backlog.md task file exactly as it was built', () => {
    const text = renderTaskFile(story, { id: 'TASK-3', status: 'To Do', createdDate: '2025-03-04 10:20' });
    const stored = parseTaskFile(text, { location: '/x.md', doneStatuses: ['Done'] });
    assert.ok(stored);
    assert.equal(stored.id, 'TASK-3');
    assert.equal(stored.done, false);
    assert.deepEqual(stored.story, story);
    assert.equal(stored.acceptanceCriteria.length, story.acceptanceCriteria.length);
  });
});

describe('story from a selection', () => {
  const story = buildStory(input({ selection: { startLine: 12, endLine: 15 } }));

  it('links only the findings inside the selection and names the route around it', () => {
    assert.deepEqual(story.findings.map((f) => f.lines[0]), [13]);
    assert.equal(story.entryPoint.symbol, 'GET /:id');
    assert.deepEqual(story.entryPoint.lines, [12, 15]);
    assert.match(story.entryPoint.permalink ?? '', /#L12-L15$/);
    assert.ok(story.acceptanceCriteria.some((c) => c.text === 'Rule `sql/no-string-built-query` no longer fires at src/routes/products.js:13'));
  });

  it('quotes exactly the selected lines', () => {
    assert.equal(story.excerpt.text.split('\n')[0], "router.get('/:id', async (req, res) => {");
    assert.equal(story.excerpt.text.split('\n').length, 4);
  });

  it('keeps its fingerprint when unrelated lines move the code down', () => {
    const shifted = '// header\n\n' + SHOP_TEXT;
    const moved = buildStory(input({ text: shifted, selection: { startLine: 14, endLine: 17 } }));
    assert.deepEqual(moved.findings.map((f) => f.lines[0]), [15]);
    assert.equal(moved.fingerprint, story.fingerprint);
    assert.notEqual(buildStory(input()).fingerprint, story.fingerprint);
  });

  it('links only the chosen rule when one is given', () => {
    const none = buildStory(input({ selection: { startLine: 12, endLine: 15 }, choices: { ruleId: 'sql/some-other-rule' } }));
    assert.equal(none.findings.length, 0);
  });
});

describe('story from code without findings', () => {
  it('proposes the catalogue goals of the chosen STRIDE letter', () => {
    const goals = proposeGoals(['I']);
    assert.ok(goals.length >= 3);
    assert.ok(goals.every((g) => g.stride === 'I'));
    assert.ok(goals.every((g) => g.goal && g.harm && g.controls.length > 0));
    assert.equal(proposeGoals(undefined).length, new Set(proposeGoals(undefined).map((g) => g.id)).size);
    for (const letter of ['S', 'T', 'R', 'I', 'D', 'E'] as const) assert.ok(proposeGoals([letter]).length >= 3, letter);
  });

  const story = buildStory(input({ selection: { startLine: 17, endLine: 21 }, choices: { stride: ['I'], goalId: 'i-exposed-secret' } }));

  it('fills the story from the chosen catalogue goal', () => {
    const goal = proposeGoals(['I']).find((g) => g.id === 'i-exposed-secret')!;
    assert.equal(story.findings.length, 0);
    assert.equal(story.goal, goal.goal);
    assert.equal(story.narrative, `As an ${goal.actor}, I want to ${goal.goal}, so that ${goal.harm}.`);
    assert.deepEqual(story.stride, ['I']);
    assert.deepEqual(story.properties, ['Confidentiality']);
    assert.equal(story.entryPoint.symbol, 'connectionSettings');
    assert.equal(story.provenance.source, 'selection');
    assert.match(story.risk.rationale, /catalogue goal i-exposed-secret/);
    assert.deepEqual(story.labels, ['security', 'abuser-story', 'stride-i', 'cwe-798', `risk-${story.risk.severity.toLowerCase()}`], 'the catalogue goal names its weakness');
    assert.ok(story.acceptanceCriteria.some((c) => c.kind === 'control' && /secret store/.test(c.text)));
    assert.ok(story.acceptanceCriteria.some((c) => c.text === SECURITY_TEST_CRITERION));
  });

  it('redacts the AWS key and the password literal and counts the redactions', () => {
    const rendered = renderTaskFile(story, { id: 'TASK-1', status: 'To Do', createdDate: '2025-03-04 10:20' });
    for (const text of [story.excerpt.text, rendered]) {
      assert.ok(!text.includes('AKIAQWERTYUIOPASDFGH'), 'AWS key leaked');
      assert.ok(!text.includes('hunter2-correct-horse'), 'password leaked');
    }
    assert.match(story.excerpt.text, /\[REDACTED:aws-access-key\]/);
    assert.match(story.excerpt.text, /password = '\[REDACTED:assigned-secret\]'/);
    assert.equal(story.excerpt.redactions, 2);
    assert.equal(story.provenance.redactions, 2);
    assert.match(rendered, /2 secrets redacted/);
  });

  it('uses a default goal for the letter when none is picked', () => {
    const plain = buildStory(input({ selection: { startLine: 1, endLine: 4 }, choices: { stride: ['D'] } }));
    assert.deepEqual(plain.stride, ['D']);
    assert.equal(plain.goal, proposeGoals(['D'])[0].goal);
    assert.equal(plain.entryPoint.symbol, undefined);
  });
});

describe('choices and hostile text', () => {
  it('lets the user override title, actor, STRIDE and risk, and the labels follow', () => {
    const story = buildStory(
      input({
        selection: { startLine: 6, endLine: 10 },
        choices: { title: 'Dump the catalogue through the search box', actor: 'automated bot', stride: ['I'], likelihood: 1, impact: 2 },
      }),
    );
    assert.equal(story.title, 'Dump the catalogue through the search box');
    assert.equal(story.narrative.slice(0, 21), 'As an automated bot, ');
    assert.deepEqual(story.stride, ['I']);
    assert.equal(story.risk.severity, 'Low');
    assert.match(story.risk.rationale, /set by the person raising the story/i);
    assert.ok(story.labels.includes('stride-i') && !story.labels.includes('stride-t'));
    assert.ok(story.labels.includes('risk-low'));
    assert.equal(story.priority, 'low');
  });

  it('caps a long title at 80 characters and keeps it on one line', () => {
    const story = buildStory(input({ choices: { title: `Steal\nthe ${'very '.repeat(40)}secret data` } }));
    assert.ok(story.title.length <= 80, String(story.title.length));
    assert.ok(!story.title.includes('\n'));
  });

  it('makes mentions, images and section markers inert without changing the code, and fences around backticks', () => {
    const text = [
      'function render(req) {',
      '  // ping @security-team ![x](https://tracker.example/pixel.png) <!-- AC:END -->',
      '  const tpl = ````nested```` + `${req.query.q}`;',
      '  return tpl;',
      '}',
    ].join('\n');
    const story = buildStory({ ...input({ text, findings: [] }), path: 'src/render.js', choices: { title: 'Hi @admin ![p](http://x/y.png)' } });
    assert.ok(story.excerpt.text.includes('// ping @security-team ![x](https://tracker.example/pixel.png) <!-- quoted-AC:END -->'), story.excerpt.text);
    assert.ok(story.excerpt.text.includes('````nested````'));
    assert.equal(story.title, 'Hi `@admin` !\\[p\\](http://x/y.png)');
    const rendered = renderTaskFile(story, { id: 'TASK-1', status: 'To Do', createdDate: '2025-03-04 10:20' });
    assert.match(rendered, /^`{5}js$/m, 'fence longer than the four-backtick run');
    assert.equal(rendered.split('\n').filter((l) => l.trim() === '<!-- AC:END -->').length, 1);
    const stored = parseTaskFile(rendered, { location: '/x.md', doneStatuses: ['Done'] });
    assert.equal(stored?.story?.excerpt.text, story.excerpt.text);
  });

  it('gives permalinks for GitLab and Bitbucket, strips credentials, and none for unknown hosts', () => {
    const lines = { selection: { startLine: 12, endLine: 15 } };
    const gitlab = buildStory(input({ ...lines, git: { commit: COMMIT, remote: 'https://ci:glpat-secret@gitlab.com/group/sub/shop.git' } }));
    assert.equal(gitlab.entryPoint.repository, 'https://gitlab.com/group/sub/shop.git');
    assert.equal(gitlab.entryPoint.permalink, `https://gitlab.com/group/sub/shop/-/blob/${COMMIT}/src/routes/products.js#L12-15`);
    const bitbucket = buildStory(input({ ...lines, git: { commit: COMMIT, remote: 'ssh://git@bitbucket.org/team/shop.git' } }));
    assert.equal(bitbucket.entryPoint.permalink, `https://bitbucket.org/team/shop/src/${COMMIT}/src/routes/products.js#lines-12:15`);
    const other = buildStory(input({ ...lines, git: { commit: COMMIT, remote: 'git@git.example.internal:team/shop.git' } }));
    assert.equal(other.entryPoint.permalink, undefined);
    const none = buildStory(input({ ...lines, git: undefined }));
    assert.equal(none.entryPoint.commit, undefined);
    assert.equal(none.entryPoint.permalink, undefined);
  });
});

/** A second rule, defined here only, so a story can link findings of two rules. */
const loggedRequestRule = defineRule({
  id: 'test/logged-request',
  meta: {
    title: 'Request data written to the log',
    checklist: 'Logs never receive raw request data.',
    rationale: 'Line breaks in request data forge log entries.',
    severity: 'warning',
    securitySeverity: '4.0',
    confidence: 'medium',
    cwe: ['CWE-117'],
    owasp: ['A09:2021-Security Logging and Monitoring Failures'],
    references: ['https://owasp.org/www-community/attacks/Log_Injection'],
    messages: { logged: 'Request data is logged as is.' },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'write fake lines into the log through a search term',
      harm: 'the audit trail shows events that never happened',
      stride: ['R'],
      asset: 'the application log',
      controls: ['Logged request values are encoded so they cannot start a new line'],
      likelihood: 2,
      impact: 1,
    },
    since: '0.1.0',
  },
  create(context) {
    return {
      CallExpression(call) {
        if (call.callee.type === 'MemberExpression' && context.getText(call.callee) === 'console.log') context.report({ node: call, messageId: 'logged' });
      },
    };
  },
});

describe('story from findings of several rules', () => {
  const text = SHOP_TEXT.replace('  const term = req.query.q;', '  const term = req.query.q;\n  console.log(term);');
  const rules = [...allRules, loggedRequestRule];
  const findings = analyze(text, SHOP_PATH, { rules, config: defaultEngineConfig() }).findings;
  const story = buildStory({ ...input({ text, findings, rules }), selection: { startLine: 6, endLine: 11 } });

  it('lets the most dangerous rule lead with one goal, lists the other as related, and combines STRIDE and labels', () => {
    assert.deepEqual(story.findings.map((f) => f.ruleId).sort(), ['sql/no-string-built-query', 'test/logged-request']);
    assert.equal(story.goal, 'read or change the products table');
    assert.doesNotMatch(story.narrative, /fake lines|, and to /, 'one goal per narrative sentence');
    assert.deepEqual(story.relatedGoals, ['write fake lines into the log through a search term (test/logged-request)']);
    assert.equal(story.title, 'Read or change the products table in GET /search', 'the leading goal\'s loss, without the second goal or any technique');
    assert.doesNotMatch(story.harm, /audit trail/, 'the lead\'s harm only');
    assert.deepEqual(story.stride, ['T', 'R', 'I', 'E']);
    assert.ok(story.labels.includes('cwe-89') && story.labels.includes('cwe-117') && story.labels.includes('stride-r'));
    assert.equal(story.risk.severity, 'Critical');
    assert.match(story.risk.rationale, /^Highest of 2 linked findings, from rule sql\/no-string-built-query/);
  });

  it('tells the technique and the related goal in the task\'s details, not in the narrative', () => {
    const text = renderTaskFile(story, { id: 'TASK-2', status: 'To Do', createdDate: '2025-03-04 10:20' });
    assert.match(text, /\*\*How:\*\* by putting my own SQL/);
    assert.match(text, /\*\*Related goals in these findings:\*\* write fake lines into the log through a search term \(test\/logged-request\)\./);
  });

  it('inverts each rule into its controls and its own "no longer fires" criterion', () => {
    const texts = story.acceptanceCriteria.map((c) => c.text);
    assert.ok(texts.includes('Logged request values are encoded so they cannot start a new line'));
    assert.ok(texts.includes('Rule `sql/no-string-built-query` no longer fires at src/routes/products.js:9'));
    assert.ok(texts.includes('Rule `test/logged-request` no longer fires at src/routes/products.js:8'));
    assert.equal(story.acceptanceCriteria.filter((c) => c.kind === 'test').length, 1);
  });
});
