// The terminal escaping itself (shared/terminalText.ts) and where the CLI applies it in-process:
// the coloured text report (the one path that keeps escape sequences) and the rules listing.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { defineRule } from '../../server/src/engine/api';
import { escapeForTerminal, escapeKeepingColours, jsonForTerminal, oneLine } from '../../server/src/shared/terminalText';
import { testMeta } from '../engine/testRules';
import { runCli, tempProject } from './helpers';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const SGR = /\u001b\[[0-9;]*m/g;

describe('escapeForTerminal', () => {
  it('shows every control character as a visible escape', () => {
    assert.equal(escapeForTerminal('a\u001b]0;t\u0007b'), 'a\\x1b]0;t\\x07b');
    assert.equal(escapeForTerminal('\r\n\t\u0000\u001f'), '\\r\\n\\t\\x00\\x1f');
    assert.equal(escapeForTerminal('\u007f\u0080\u0085\u009b\u009f'), '\\u007f\\u0080\\u0085\\u009b\\u009f');
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
    assert.equal(escapeForTerminal(bidi), '\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c');
    assert.equal(escapeForTerminal('\u2028\u2029'), '\\u2028\\u2029');
  });

  it('leaves printable text alone, backslashes and non-Latin scripts included', () => {
    for (const text of ['SELECT * FROM t WHERE a = $1', 'C:\\Users\\x /\\d+/', 'héllo wörld', 'مرحبا שלום 日本語 🙂', '\u00a0\u00ff\u0100']) {
      assert.equal(escapeForTerminal(text), text);
    }
  });

  it('keeps only the characters a writer asks to keep', () => {
    assert.equal(escapeForTerminal('a\nb\tc\r', '\n\t'), 'a\nb\tc\\r');
    assert.equal(oneLine('a\nb\tc'), 'a\\nb\\tc');
  });

  it('is idempotent, so text escaped by a formatter passes the stream unchanged', () => {
    const once = escapeForTerminal('x\u001b[2K\r\u202e');
    assert.equal(escapeForTerminal(once), once);
  });
});

describe('escapeKeepingColours', () => {
  it('keeps colour sequences and escapes every other control', () => {
    assert.equal(escapeKeepingColours('\u001b[31;1merror\u001b[0m \u001b]0;t\u0007 \u001b[2K\r'), '\u001b[31;1merror\u001b[0m \\x1b]0;t\\x07 \\x1b[2K\\r');
  });
});

describe('jsonForTerminal', () => {
  it('prints JSON with no raw control character that parses back to the same value', () => {
    const value = { message: 'a\u001b]0;t\u0007\r\n\u007f\u0085\u202e\u2028\u2066', nested: [{ key: '\u009b31m' }], plain: 'ok' };
    const text = jsonForTerminal(value);
    assert.doesNotMatch(text, RAW);
    assert.deepEqual(JSON.parse(text), value);
    assert.ok(text.endsWith('}\n'));
  });
});

describe('the CLI output boundary, in-process', () => {
  const cleanups: (() => void)[] = [];
  after(() => cleanups.forEach((remove) => remove()));

  /** Reports every `sink(...)` call with the quoted argument text in its message. */
  const quotingRule = defineRule({
    id: 'test/quote',
    meta: testMeta({ found: 'found {{text}}' }),
    create(context) {
      return {
        CallExpression(call) {
          if (call.callee.type !== 'Identifier' || call.callee.name !== 'sink') return;
          const [start, end] = call.arguments[0].range;
          context.report({ node: call, messageId: 'found', data: { text: context.sourceText.slice(start, end) } });
        },
      };
    },
  });

  it('a coloured report on a TTY keeps its own colours, never the code\'s (SGR 8 would hide text)', async () => {
    const made = tempProject({ 'src/a.js': 'sink(`\u001b[8mhidden\u001b[0m \u001b]0;t\u0007`);\n' });
    cleanups.push(made.remove);
    const result = await runCli(['scan'], made.root, { rules: [quotingRule], tty: true });
    assert.match(result.stdout, SGR, 'colours are on');
    const withoutColours = result.stdout.replace(SGR, '');
    assert.doesNotMatch(withoutColours, RAW, JSON.stringify(result.stdout));
    assert.doesNotMatch(result.stdout, /\u001b\[8m/);
    assert.ok(withoutColours.includes('found `\\x1b[8mhidden\\x1b[0m \\x1b]0;t\\x07`'), withoutColours);
  });

  it('the rules listing escapes what a rule declares, in Markdown and JSON', async () => {
    const hostile = defineRule({
      id: 'test/hostile',
      meta: { ...testMeta({ found: 'x' }), title: 'Title\u001b]0;pwned\u0007\u202e', references: ['https://x\u001b]8;;http://evil\u001b\\'] },
      create: () => ({}),
    });
    const made = tempProject({});
    cleanups.push(made.remove);
    const markdown = await runCli(['rules'], made.root, { rules: [hostile] });
    assert.doesNotMatch(markdown.stdout, RAW);
    assert.ok(markdown.stdout.includes('Title\\x1b]0;pwned\\x07\\u202e'), markdown.stdout);
    const json = await runCli(['rules', '--format', 'json'], made.root, { rules: [hostile] });
    assert.doesNotMatch(json.stdout, RAW);
    const parsed = JSON.parse(json.stdout) as { rules: { id: string; title: string }[] };
    assert.equal(parsed.rules.find((r) => r.id === 'test/hostile')?.title, 'Title\u001b]0;pwned\u0007\u202e');
  });
});
