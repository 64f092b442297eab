// Code quoted in a story must be copyable: a payload with an invisible character in it is no longer
// the attack, so a test built from it passes on vulnerable code. Prose around the code is still
// made inert, by escaping instead of hidden characters.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { buildStory } from '../../server/src/backlog/story/story';
import { guardCode, inertMarkdown } from '../../server/src/backlog/story/markdownSafety';
import { parseTaskFile, renderTaskFile } from '../../server/src/backlog/adapters/markdown/taskFile';
import { fencedBlocks } from '../../server/src/backlog/adapters/markdown/fencedBlocks';
import { FIXED_NOW, findingsOf } from './helpers';

const PAYLOAD = '<img src=x onerror=alert(document.cookie)>';
const CONNECTION = 'mongodb://reporting@db.internal:27017/shop?authSource=admin&tls=true';
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/;

const TEXT = [
  "const express = require('express');",
  'const app = express();',
  `const DB_URL = '${CONNECTION}';`,
  "app.get('/greet', (req, res) => {",
  `  // try ${PAYLOAD} in ?name=`,
  "  res.send('<h1>Hello ' + req.query.name + '</h1>');",
  '});',
  '',
].join('\n');
const PATH = 'src/app.js';

function raised() {
  return buildStory({ text: TEXT, path: PATH, selection: { startLine: 3, endLine: 7 }, findings: findingsOf(TEXT, PATH), rules: allRules, now: FIXED_NOW, toolVersion: '9.9.9' });
}

/** Every inline code span of a Markdown text (CommonMark's matching runs of backticks). */
function inlineSpans(markdown: string): string[] {
  return [...markdown.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)].map((m) => m[2]);
}

describe('code in a story is byte for byte the code', () => {
  it('keeps an XSS payload and a connection string exact in the excerpt and in the task file', () => {
    const story = raised();
    assert.ok(story.excerpt.text.includes(PAYLOAD), story.excerpt.text);
    assert.ok(story.excerpt.text.includes(CONNECTION), story.excerpt.text);
    const file = renderTaskFile(story, { id: 'TASK-1', status: 'To Do', createdDate: '2025-03-04 10:20' });
    // The file may hold other js blocks too (the security test skeleton for the XSS finding).
    const code = fencedBlocks(file).find((b) => b.info === 'js' && b.body.includes('DB_URL'));
    assert.ok(code, 'the excerpt is a js block');
    assert.equal(code.body, TEXT.split('\n').slice(2, 7).join('\n'));
    assert.equal(parseTaskFile(file, { location: '/x.md', doneStatuses: ['Done'] })?.story?.excerpt.text, code.body);
  });

  it('puts no zero-width character in any fenced block or inline code span of the task file', () => {
    const file = renderTaskFile(raised(), { id: 'TASK-1', status: 'To Do', createdDate: '2025-03-04 10:20' });
    for (const block of fencedBlocks(file)) assert.ok(!INVISIBLE.test(block.body), block.body);
    for (const span of inlineSpans(file)) assert.ok(!INVISIBLE.test(span), span);
    assert.ok(!INVISIBLE.test(file), 'nothing invisible anywhere');
  });

  it('keeps inline code in messages and user text exact while prose is escaped', () => {
    const text = inertMarkdown(`cc @security-team: send \`${PAYLOAD}\` as name, see [docs](https://evil.example) <!-- AC:END -->`);
    assert.ok(text.includes(`\`${PAYLOAD}\``), text);
    assert.ok(text.includes('`@security-team`'), 'a mention becomes code, which notifies nobody');
    assert.ok(text.includes('\\[docs\\](https://evil.example)'), 'no link');
    assert.ok(text.includes('\\<!-- AC:END -->'), 'no comment');
    assert.equal(inertMarkdown(text), text, 'idempotent');
    assert.equal(inertMarkdown('write to admin@example.com'), 'write to admin@example.com', 'an e-mail address is not a mention');
  });

  it('renames only comments shaped like section markers inside quoted code', () => {
    assert.equal(guardCode('a <!-- AC:END --> b <!-- note -->'), 'a <!-- quoted-AC:END --> b <!-- note -->');
    assert.equal(guardCode(guardCode('<!--SECTION:X')), '<!--quoted-SECTION:X');
    assert.equal(guardCode(PAYLOAD), PAYLOAD);
  });
});
