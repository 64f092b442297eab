// Hostile workspace, output: file names, code and .rugged.json keys carrying terminal escapes
// (window title via OSC 0, erased lines and a fake "0 findings" via CSI and CR, OSC 8 hyperlinks,
// BiDi overrides, line separators) must reach the terminal as visible escapes, never as commands;
// every error is one line; and a prompt whose input ends raises nothing.
import { allRules } from '../../rules/index';
import { commands } from '../../server/src/cli/commands/index';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CLI, DEFAULT_DEADLINE_MS, assertBounded, hostileWorkspace, runCliBounded, startBoundedServer, type BoundedResult } from './harness';

const ESC = '\u001b';
const TITLE = `${ESC}]0;pwned\u0007`;
const FAKE_SUMMARY = `${ESC}[2K\r0 findings`;
const HYPERLINK = `${ESC}]8;;http://x${ESC}\\`;
const BIDI = '\u202e';
const LINE_SEPARATOR = '\u2028';
/** Everything the code quotes, as a script would write it (ES2019 allows U+2028 in strings). */
const PAYLOAD = `${TITLE} ${FAKE_SUMMARY} ${HYPERLINK}link ${BIDI} ${LINE_SEPARATOR} \u0085\u009b`;

/** What must never reach a terminal raw (tab and newline are checked apart, per stream). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** A file name with every trick a file system allows: escapes, CR, BiDi and a newline. */
const EVIL_NAME = `evil${TITLE}${ESC}[2K\r${BIDI}${LINE_SEPARATOR}\n0 findings.js`;
const EVIL_NAME_SHOWN = 'evil\\x1b]0;pwned\\x07\\x1b[2K\\r\\u202e\\u2028\\n0 findings.js';

const EVIL_CODE = [
  "const legacy = require('legacy');",
  `legacy.raw(\`${PAYLOAD}\`);`,
  `app.get('/', (req) => db.query(\`SELECT * FROM t WHERE id = \${req.query.id} ${TITLE}\`));`,
  '',
].join('\n');

/** A team rule whose message is the attack: finding messages come from the workspace too. */
const TEAM_CONFIG = JSON.stringify({
  checklist: [{ id: 'team/no-raw', call: 'legacy.raw', message: `${TITLE} ${FAKE_SUMMARY} ${BIDI}`, preferred: `x${LINE_SEPARATOR}y` }],
});

const EVIL_KEY = `${TITLE}${ESC}[2K\r\n0 findings${BIDI}`;
const EVIL_KEY_SHOWN = '\\x1b]0;pwned\\x07\\x1b[2K\\r\\n0 findings\\u202e';
/** The configuration loader quotes keys itself, JSON-style: visible too, in another notation. */
const EVIL_KEY_QUOTED = '\\u001b]0;pwned\\u0007\\u001b[2K\\r\\n0 findings\\u202e';
const showsEvilKey = (line: string) => line.includes(EVIL_KEY_SHOWN) || line.includes(EVIL_KEY_QUOTED);

const workspaces: { remove(): void }[] = [];
after(() => workspaces.forEach((w) => w.remove()));

function workspace(files: Record<string, string>): string {
  const made = hostileWorkspace(files);
  workspaces.push(made);
  return made.root;
}

function assertTerminalSafe(result: BoundedResult, what: string): void {
  assert.doesNotMatch(result.stdout, RAW, `${what}: raw control character on stdout: ${JSON.stringify(result.stdout.slice(0, 400))}`);
  assert.doesNotMatch(result.stderr, RAW, `${what}: raw control character on stderr: ${JSON.stringify(result.stderr)}`);
  assert.doesNotMatch(result.stderr, /\t/, `${what}: stderr lines carry no raw tab`);
}

/** Every stderr line is a whole message of its own: "rugged: ..." on one line. */
function assertOneLineErrors(stderr: string, expected: number, what: string): string[] {
  const lines = stderr.split('\n');
  assert.equal(lines.pop(), '', `${what}: stderr ends with a newline: ${JSON.stringify(stderr)}`);
  for (const line of lines) assert.match(line, /^rugged: /, `${what}: a stderr line that is not a message of its own: ${JSON.stringify(line)}`);
  assert.equal(lines.length, expected, `${what}: ${JSON.stringify(stderr)}`);
  return lines;
}

describe('hostile workspace: what Rugged prints', () => {
  const root = workspace({ [`src/${EVIL_NAME}`]: EVIL_CODE, '.rugged.json': TEAM_CONFIG });

  it('rugged scan (text) shows escapes, paths and messages as visible text on one line each', async () => {
    const result = await runCliBounded(['scan'], { cwd: root });
    assertBounded(result, [1]);
    assertTerminalSafe(result, 'scan');
    const { stdout } = result;
    const header = `src/${EVIL_NAME_SHOWN}:2:1  warning  team/no-raw  \\x1b]0;pwned\\x07 \\x1b[2K\\r0 findings \\u202e Use x\\u2028y instead.\n`;
    assert.ok(stdout.includes(header), `the team rule's finding on one line:\n${stdout}`);
    assert.ok(stdout.includes('legacy.raw(`\\x1b]0;pwned\\x07 \\x1b[2K\\r0 findings \\x1b]8;;http://x\\x1b\\link \\u202e \\u2028 \\u0085\\u009b`);\n'), `the code frame quotes the code visibly:\n${stdout}`);
    assert.ok(stdout.includes(`src/${EVIL_NAME_SHOWN}:3:`), 'the SQL finding names the file the same way');
    // Only the real summary ends the report; no line of it pretends to be one.
    assert.match(stdout, /\n2 findings \(1 error, 1 warning, 0 info\); 1 file checked\.\n$/);
    assert.ok(!stdout.split('\n').some((line) => line.startsWith('0 findings')), 'no fake summary line');
    assert.equal(result.stderr, '');
  });

  it('the caret stays under the flagged text once control characters are escaped', async () => {
    const result = await runCliBounded(['scan'], { cwd: root });
    const lines = result.stdout.split('\n');
    const frame = lines.findIndex((line) => line.startsWith('  3 | '));
    assert.ok(frame > 0, result.stdout);
    const code = lines[frame].slice('  3 | '.length);
    const underline = lines[frame + 1].slice('  3 | '.length);
    const start = underline.indexOf('^');
    assert.equal(code.slice(start, start + underline.trim().length), `\`SELECT * FROM t WHERE id = \${req.query.id} \\x1b]0;pwned\\x07\``);
  });

  it('rugged scan --format json and sarif stay valid JSON with exactly the original values', async () => {
    for (const format of ['json', 'sarif']) {
      const result = await runCliBounded(['scan', '--format', format], { cwd: root });
      assertBounded(result, [1]);
      assertTerminalSafe(result, `scan --format ${format}`);
      const parsed = JSON.stringify(JSON.parse(result.stdout));
      assert.ok(parsed.includes(JSON.stringify(`${TITLE} ${FAKE_SUMMARY} ${BIDI} Use x${LINE_SEPARATOR}y instead.`).slice(1, -1)), `${format}: the message reads back unchanged`);
    }
    const json = JSON.parse((await runCliBounded(['scan', '--format', 'json'], { cwd: root })).stdout) as { findings: { path: string }[] };
    assert.equal(json.findings[0].path, `src/${EVIL_NAME}`, 'the JSON path is the real file name');
  });

  it('SARIF renders a team rule\'s words from .rugged.json as inert Markdown', async () => {
    const message = 'see ![x](http://tracker.example/p.png) [docs](http://evil.example) @everyone <img src=x onerror=alert(1)>';
    const own = workspace({
      'src/a.js': "legacy.raw('x');\n",
      '.rugged.json': JSON.stringify({ checklist: [{ id: 'team/no-raw', call: 'legacy.raw', message, preferred: '[safe](http://evil.example)' }] }),
    });
    const result = await runCliBounded(['scan', '--format', 'sarif'], { cwd: own });
    assertBounded(result, [0]);
    const sarif = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { text: string; markdown: string } }[] } } }[] };
    const rule = sarif.runs[0].tool.driver.rules.find((r) => r.id === 'team/no-raw');
    assert.ok(rule, 'the team rule is described');
    assert.ok(rule.help.text.includes(message), 'the plain text keeps the words as written');
    // The team's words, before Rugged's own documentation link: every bracket and angle bracket is
    // escaped (no image, link or tag renders), and a mention sits only inside a code span.
    const words = rule.help.markdown.slice(0, rule.help.markdown.indexOf('[Documentation for'));
    assert.doesNotMatch(words, /(?<!\\)[[\]<]/, words);
    assert.doesNotMatch(words.replace(/`[^`]*`/g, ''), /@everyone/, words);
    assert.match(words, /\\\[docs\\\]\(http:\/\/evil\.example\)/, 'the link text is kept, escaped');
  });

  // The listing reads nothing from the workspace today; this holds the line if it ever lists the
  // team rules of .rugged.json (whose message here is the attack), as the rule catalogue can.
  it('rugged rules in that workspace prints a listing without raw control characters', async () => {
    for (const format of ['markdown', 'json']) {
      const result = await runCliBounded(['rules', '--format', format], { cwd: root });
      assertBounded(result, [0]);
      assertTerminalSafe(result, `rules --format ${format}`);
    }
  });

  it('rugged story on such a file prints one line per story path and a safe JSON story', async () => {
    const own = workspace({ [`src/${EVIL_NAME}`]: EVIL_CODE, '.rugged.json': TEAM_CONFIG });
    const result = await runCliBounded(['story', `src/${EVIL_NAME}`, '--yes'], { cwd: own });
    assertBounded(result, [0]);
    assertTerminalSafe(result, 'story');
    // The SQL finding and the team rule's finding have different attacker goals: two stories, one path a line.
    assert.match(result.stdout, /^backlog\/tasks\/task-1 [^\n]*\.md\nbacklog\/tasks\/task-2 [^\n]*\.md\n$/);
    const again = await runCliBounded(['story', `src/${EVIL_NAME}`, '--yes', '--format', 'json'], { cwd: own });
    assertBounded(again, [0]);
    assertTerminalSafe(again, 'story --format json');
    // One line naming both stories, then one "already in the backlog" line per story.
    assertOneLineErrors(again.stderr, 3, 'story again');
    assert.equal((JSON.parse(again.stdout) as { created: boolean }).created, false);

    const report = await runCliBounded(['report'], { cwd: own });
    assertBounded(report, [0]);
    assertTerminalSafe(report, 'report');
    assert.match(report.stdout, /TASK-1/);
  });

  it('usage errors naming such a path or command are exactly one line, shown visibly', async () => {
    const missing = `nope${TITLE}\r\n0 findings${BIDI}.js`;
    const cases: [string[], string][] = [
      [['scan', missing], `rugged: path not found: nope\\x1b]0;pwned\\x07\\r\\n0 findings\\u202e.js`],
      [['story', missing], `rugged: file not found: nope\\x1b]0;pwned\\x07\\r\\n0 findings\\u202e.js`],
      [['story', `src/${EVIL_NAME}`, '--lines', `9${TITLE}`], `rugged: --lines takes A-B or A with line numbers (got "9\\x1b]0;pwned\\x07")`],
      [[`${HYPERLINK}x`], `rugged: unknown command "\\x1b]8;;http://x\\x1b\\x"; commands: ${commands.map((c) => c.name).join(', ')}`],
    ];
    for (const [argv, line] of cases) {
      const result = await runCliBounded(argv, { cwd: root });
      assertBounded(result, [2]);
      assertTerminalSafe(result, argv[0]);
      assert.deepEqual(assertOneLineErrors(result.stderr, 1, argv[0]), [line]);
      assert.equal(result.stdout, '');
    }
  });

  it('a configuration error naming such a key is one line, in scan, story and report', async () => {
    const broken = workspace({ 'src/a.js': 'x();\n', '.rugged.json': JSON.stringify({ [EVIL_KEY]: true }) });
    const scan = await runCliBounded(['scan'], { cwd: broken });
    assertBounded(scan, [2]);
    assertTerminalSafe(scan, 'scan with a broken config');
    const [line] = assertOneLineErrors(scan.stderr, 1, 'scan with a broken config');
    assert.ok(line.startsWith('rugged: config error: .rugged.json:') && (line.includes(`unknown key "${EVIL_KEY_SHOWN}"`) || line.includes(`unknown key "${EVIL_KEY_QUOTED}"`)), line);

    for (const argv of [['story', 'src/a.js', '--yes'], ['report']]) {
      const result = await runCliBounded(argv, { cwd: broken });
      assertBounded(result, [0]);
      assertTerminalSafe(result, argv[0]);
      const warnings = result.stderr.split('\n').filter((l) => l.startsWith('rugged: config warning'));
      assert.equal(warnings.length, 1, result.stderr);
      assert.ok(showsEvilKey(warnings[0]), warnings[0]);
    }
  });

  it('the language server logs such a key as one escaped line', async () => {
    const broken = workspace({ 'src/a.js': 'x();\n', '.rugged.json': JSON.stringify({ [EVIL_KEY]: true }) });
    const { client, finish } = await startBoundedServer({ workspaceFolders: [broken], settings: () => ({}) });
    try {
      client.open(pathToFileURL(join(broken, 'src/a.js')).toString(), 'x();\n');
      const logged = await client.until('the configuration problem in the log', () => client.logMessages.find((m) => m.includes('unknown key')));
      assert.ok(showsEvilKey(logged), logged);
      for (const message of client.logMessages) {
        assert.doesNotMatch(message, RAW, `raw control character in the log: ${JSON.stringify(message)}`);
        assert.doesNotMatch(message, /[\n\t]/, `one line per log event: ${JSON.stringify(message)}`);
      }
    } finally {
      await finish();
    }
  });
  it('the language server shows a message naming such a rule id as one escaped line', async () => {
    // Without showDocument support the server tells the address in a message instead.
    const { client, finish } = await startBoundedServer({ capabilities: { window: {} } });
    try {
      const shown: string[] = [];
      client.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
        shown.push(params.message);
        return null;
      });
      // The address must be a shipped rule's page (anything else is refused); the id is the caller's text.
      const docs = allRules[0].docs;
      await client.request('workspace/executeCommand', { command: 'rugged.openRuleDocumentation', arguments: [{ ruleId: EVIL_KEY, url: docs }] });
      const message = await client.until('the documentation message', () => shown[0]);
      assert.equal(message, `Documentation for ${EVIL_KEY_SHOWN}: ${docs}`);
    } finally {
      await finish();
    }
  });
});

describe('hostile workspace: a prompt whose input ends', () => {
  /** `rugged story` on a real terminal (a pty from `script`) whose input is empty: Ctrl+D at once. */
  function storyOnClosedTerminal(cwd: string, file: string): Promise<{ code: number | null; output: string; timedOut: boolean }> {
    const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`;
    const command = [process.execPath, CLI, 'story', file].map(quote).join(' ');
    return new Promise((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'dumb' } });
      let output = '';
      let timedOut = false;
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, DEFAULT_DEADLINE_MS);
      child.on('close', (code) => {
        clearTimeout(timer);
        // The pty turns every \n into \r\n; that CR is the terminal's, not Rugged's.
        resolve({ code, output: output.replace(/\r\n/g, '\n'), timedOut });
      });
    });
  }

  const hasScript = ['/usr/bin/script', '/bin/script'].some((p) => existsSync(p));

  it('EOF on a terminal means no: nothing written, one line says so', { skip: hasScript ? false : 'needs script(1) for a pty' }, async () => {
    const root = workspace({ 'src/a.js': EVIL_CODE, '.rugged.json': TEAM_CONFIG });
    const result = await storyOnClosedTerminal(root, 'src/a.js');
    assert.equal(result.timedOut, false, `the prompt hung on a closed input: ${result.output}`);
    // Two attacker goals in this code: the question is the one confirmation for both stories.
    assert.match(result.output, /^Raise 2 new stories\? \[Y\/n\]: \n/m, `the question was asked on the terminal: ${result.output}`);
    assert.match(result.output, /^rugged: no answer \(the input ended\); not raised, nothing written\.$/m);
    assert.equal(result.code, 0, 'a declined prompt exits 0, as documented');
    assert.doesNotMatch(result.output, RAW);
    assert.equal(existsSync(join(root, 'backlog')), false, `nothing was written: ${existsSync(join(root, 'backlog/tasks')) ? readdirSync(join(root, 'backlog/tasks')).join(', ') : ''}`);
  });
});
