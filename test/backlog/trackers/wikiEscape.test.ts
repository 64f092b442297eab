// Escaping workspace text for Jira's wiki markup: ordinary prose goes to Jira exactly as written,
// and only a character the renderer would read as markup where it stands gets a backslash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeWiki, unescapeWiki } from '../../../server/src/backlog/adapters/jira/wikiEscape';
import { storyWiki, wikiParts } from '../../../server/src/backlog/adapters/jira/wikiMarkup';
import { shopStory } from './trackerFixtures';

const PROSE = [
  'Keep the report read-only (see below).',
  'An anonymous visitor reads other customers\' orders (by id).',
  'snake_case_name and kebab-case-name stay as they are',
  'a + b, x * y, 2*3, a - b, a ~ b, 2^10',
  'Why? 50% of users @ acme use C# and issue #12',
  'GET /api/v1/orders?id=1&sort=desc',
  'e-mail, sign-in, 1-2 days, v1.2.3',
  'Priority (high) and step (2)',
  'sql/no-string-built-query (CWE-89, A03:2021): error, high confidence, line 8.',
];

// Each hostile text and what Jira must receive: markup made inert by a backslash where it acts.
const MARKUP: [string, string][] = [
  ['[click|https://evil.example]', '\\[click\\|https://evil.example]'],
  ['[~admin] and [^secret.txt]', '\\[\\~admin] and \\[\\^secret.txt]'],
  ['{html}<b>{html} {{mono}}', '\\{html}<b>\\{html} \\{\\{mono}}'],
  ['!https://evil.example/track.png!', '\\!https://evil.example/track.png\\!'],
  ['||head||cell|', '\\|\\|head\\|\\|cell\\|'],
  ['*bold* and _emphasis_', '\\*bold\\* and \\_emphasis\\_'],
  ['-deleted- +inserted+ ^sup^ ~sub~', '\\-deleted\\- \\+inserted\\+ \\^sup\\^ \\~sub\\~'],
  ['("*quoted*")', '("\\*quoted\\*")'],
  ['??citation??', '\\?\\?citation\\?\\?'],
  ['a -- b --- c', 'a \\-\\- b \\-\\-\\- c'],
  ['----', '\\-\\-\\-\\-'],
  ['(x) open (/) done (!) (on) (flag) (*y)', '\\(x) open \\(/) done \\(\\!) \\(on) \\(flag) \\(\\*y)'],
  ['fine :) sad :( ;)', 'fine \\:) sad \\:( \\;)'],
  ['line\\\\break', 'line\\\\\\\\break'],
  ['* not a list item', '\\* not a list item'],
  ['- not a list item', '\\- not a list item'],
  ['# not a numbered item', '\\# not a numbered item'],
  ['h1. not a heading', 'h1\\. not a heading'],
  ['bq. not a quote', 'bq\\. not a quote'],
];

describe('escaping text for Jira wiki markup', () => {
  it('sends ordinary prose exactly as written', () => {
    for (const text of PROSE) assert.equal(escapeWiki(text), text);
  });

  it('makes links, images, macros, tables, effects, lists, headings and emoticons inert', () => {
    for (const [text, expected] of MARKUP) assert.equal(escapeWiki(text), expected, text);
  });

  it('reads back exactly what was escaped', () => {
    for (const text of [...PROSE, ...MARKUP.map(([hostile]) => hostile)]) assert.equal(unescapeWiki(escapeWiki(text)), text);
  });

  it('keeps text on one line, so it cannot start a heading or a list on the next', () => {
    assert.equal(escapeWiki('first\nh1. second\r\n* third'), 'first h1. second * third');
  });

  it('leaves the prose of a story untouched in its description', () => {
    const story = shopStory();
    story.narrative = 'As an anonymous visitor, I read other customers\' orders (see below) through the read-only report.';
    assert.ok(storyWiki(story).includes(story.narrative));
  });

  it('does not read a criterion that starts with an emoticon mark as ticked', () => {
    const story = shopStory();
    const [criterion, ...rest] = story.acceptanceCriteria;
    story.acceptanceCriteria = [{ ...criterion, text: '(/) looks done but is not', done: false }, ...rest];
    const [first] = wikiParts(storyWiki(story)).criteria;
    assert.deepEqual(first, { text: '(/) looks done but is not', checked: false });
  });
});
