import { runRuleTests } from '../../test/ruleTester';
import rule from './no-unsafe-html-sink';

const MODULE = "import { api } from './api.js';\n";

runRuleTests(rule, {
  valid: [
    // Framework sinks with constants, sanitized values, fixed URL schemes or a sanitizing plugin.
    { filename: 'a.component.ts', code: "export class A {\n  constructor(private s: DomSanitizer) {}\n  icon = this.s.bypassSecurityTrustHtml('<svg><path d=\"M0 0\"/></svg>');\n  clean(v: string) { return this.s.bypassSecurityTrustHtml(DOMPurify.sanitize(v)); }\n  video(id: string) { return this.s.bypassSecurityTrustResourceUrl(`https://www.youtube.com/embed/${id}`); }\n}\n" },
    "app.config(function ($sceProvider) {\n  $sceProvider.enabled(true);\n});\napp.controller('C', function ($scope, $sce) {\n  $scope.help = $sce.trustAsHtml('<b>Help</b>');\n});\n",
    { filename: 'Preview.jsx', code: "import ReactMarkdown from 'react-markdown';\nimport rehypeRaw from 'rehype-raw';\nimport rehypeSanitize from 'rehype-sanitize';\nexport function Safe({ text }) {\n  return <div><ReactMarkdown rehypePlugins={[rehypeRaw, rehypeSanitize]}>{text}</ReactMarkdown><ReactMarkdown>{text}</ReactMarkdown></div>;\n}\n" },
    "const serialize = require('serialize-javascript');\nfunction page(state) {\n  return '<script>window.__STATE__ = ' + serialize(state) + '</script>';\n}\nconst other = (x) => JSON.stringify(x, { unsafe: true });\n",
    { filename: 'Links.jsx', code: "export function Links({ user, url }) {\n  const q = new URLSearchParams(location.search).get('q');\n  link.setAttribute('href', '/search?q=' + encodeURIComponent(q));\n  return <div><a href={`/users/${user.id}`}>me</a><a href={url}>site</a><a href={'https://example.com/?q=' + q}>x</a><a href=\"javascript:void(0)\">no</a></div>;\n}\n" },
    // A wrapper parameter bound to something other than jQuery, or reassigned, is not jQuery.
    "(function ($) {\n  $('#x').html(location.hash);\n})(cheerio.load('<div id=\"x\"></div>'));\n",
    "(function ($) {\n  $ = makeSelector();\n  $('#x').html(location.hash);\n})(jQuery);\n",
    "(function (doc) {\n  doc.write('<p>' + location.hash + '</p>');\n})(iframe.contentDocument);\n",
    // jQuery handed in, but the value written is text or a constant.
    "(function ($) {\n  $('#out').text(location.hash);\n  $('#out').html('<b>ready</b>');\n})(jQuery);\n",
    // A method's parameters are library plumbing: audit profile only.
    "class Table {\n  addRow(name) {\n    this.el.insertAdjacentHTML('beforeend', '<tr><td>' + name + '</td></tr>');\n  }\n}\nmodule.exports = Table;\n",
    // A plain function's parameter is audit-profile only too: in browser code it carries the
    // server's answers (NodeBB's legend and category pickers, counters from a socket reply).
    "function buildRecursive(parentEl, category) {\n  $('<li/>').html('<i class=\"fa ' + category.icon + '\"></i> ' + category.name).appendTo(parentEl);\n}\n",
    "Admin.updateRoomUsage = function (err, data) {\n  var html = '<div>' + data.onlineRegisteredCount + '</div><div>' + data.socketCount + '</div>';\n  $('#active-users').html(html);\n};\n",
    // Markup from what a library hands an inline callback (a server response) is audit-profile only.
    "$.get('/api/user', function (data) {\n  $('#name').html('<b>' + data.name + '</b>');\n});\n",
    "async function render(list) {\n  const rows = await (await fetch('/api/rows')).json();\n  rows.forEach((row) => {\n    list.innerHTML += '<li>' + row.title + '</li>';\n  });\n}\n",
    // The safe versions: text APIs, sanitized markup, escaped values.
    "document.getElementById('greeting').textContent = 'Hello ' + location.hash.slice(1);\n",
    MODULE + "import DOMPurify from 'dompurify';\nconst q = new URLSearchParams(location.search).get('q');\ndocument.querySelector('#results').innerHTML = DOMPurify.sanitize(`<h2>Results for ${q}</h2>`);\n",
    "window.addEventListener('message', (event) => {\n  document.getElementById('frame').textContent = event.data;\n});\n",
    "function addRow(table, name) {\n  table.insertAdjacentHTML('beforeend', '<tr><td>' + escapeHtml(name) + '</td></tr>');\n}\n",
    "function render(list, items) {\n  list.innerHTML = items.map((item) => `<li>${escapeHtml(item.name)}</li>`).join('');\n}\n",
    "const sanitizeHtml = require('sanitize-html');\nfunction bio(el, raw) {\n  const clean = sanitizeHtml(raw);\n  el.innerHTML = `<section>${clean}</section>`;\n}\n",
    "$('#name').text(new URLSearchParams(location.search).get('name'));\n",
    "$('<li>').text(location.hash).appendTo('#list');\n",
    // Constants, numbers and values handed in whole.
    "document.body.innerHTML = '';\nspinner.innerHTML = '<p>Loading…</p>';\nhr.insertAdjacentHTML('afterend', '<hr>');\n",
    'function total(el, sum) {\n  el.innerHTML = `<b>${sum.toFixed(2)}</b>`;\n}\n',
    'function show(el, html) {\n  el.innerHTML = html;\n}\n',
    // Not the DOM's document or not jQuery.
    "function print(document, text) {\n  document.write('<p>' + text + '</p>');\n}\n",
    "const cheerio = require('cheerio');\napp.get('/preview', (req, res) => {\n  const $ = cheerio.load('<div id=\"x\"></div>');\n  $('#x').html(req.query.q);\n});\n",
    { filename: 'Comment.jsx', code: "import DOMPurify from 'dompurify';\nexport function Comment({ comment }) {\n  return <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(`<p>${comment.body}</p>`) }} />;\n}\n" },
    { filename: 'Comment.jsx', code: 'export function Comment({ comment }) {\n  return <p>{comment.body}</p>;\n}\n' },
    // An allowlist check that throws (the engine's guard model) leaves only constants.
    "const params = new URLSearchParams(location.search);\nconst tab = params.get('tab');\nif (!['home', 'about'].includes(tab)) throw new Error('unknown tab');\ndocument.getElementById('t').innerHTML = '<b>' + tab + '</b>';\n",
  ],
  invalid: [
    {
      name: 'Angular: bypassing the sanitizer for a value of unknown origin',
      filename: 'bio.component.ts',
      code: "export class BioComponent {\n  constructor(private sanitizer: DomSanitizer) {}\n  show(bio: string) {\n    this.html = this.sanitizer.bypassSecurityTrustHtml(bio);\n  }\n}\n",
      errors: [{ messageId: 'vouchedHtml', line: 4, column: 56, severity: 'warning', confidence: 'medium', data: { sink: 'bypassSecurityTrustHtml' } }],
    },
    {
      name: 'Angular: a resource URL bypass with the query string as the whole URL',
      filename: 'frame.component.ts',
      code: "export class FrameComponent {\n  constructor(private sanitizer: DomSanitizer) {\n    this.src = sanitizer.bypassSecurityTrustResourceUrl(new URLSearchParams(location.search).get('embed'));\n  }\n}\n",
      errors: [{ messageId: 'inputAsHtml', line: 3, column: 57, severity: 'error', data: { source: 'location.search' } }],
    },
    {
      name: 'AngularJS: $sce.trustAsHtml and trustAs on input from the route',
      code: "app.controller('Msg', function ($scope, $sce, $location) {\n  $scope.body = $sce.trustAsHtml('<p>' + $scope.text + '</p>');\n  $scope.raw = $sce.trustAs($sce.HTML, location.hash.slice(1));\n});\n",
      errors: [
        { messageId: 'vouchedHtml', line: 2, column: 34, data: { sink: '$sce.trustAsHtml' } },
        { messageId: 'inputAsHtml', line: 3, column: 40, data: { sink: '$sce.trustAs', source: 'location.hash' } },
      ],
    },
    {
      name: 'AngularJS: Strict Contextual Escaping switched off',
      code: "app.config(function ($sceProvider) {\n  $sceProvider.enabled(false);\n});\n",
      errors: [
        {
          messageId: 'sceDisabled',
          line: 2,
          column: 3,
          severity: 'error',
          suggestions: [{ title: 'Keep Strict Contextual Escaping on', output: "app.config(function ($sceProvider) {\n  $sceProvider.enabled(true);\n});\n" }],
        },
      ],
    },
    {
      name: 'AngularJS: jqLite .html() through angular.element',
      code: "angular.element(document.getElementById('out')).html('<i>' + location.hash + '</i>');\n",
      errors: [{ messageId: 'taintedHtml', line: 1, column: 54, data: { sink: '.html()' }, suggestions: [] }],
    },
    {
      name: 'react-markdown with rehype-raw renders a comment from the query as HTML',
      filename: 'Preview.jsx',
      code: "import ReactMarkdown from 'react-markdown';\nimport rehypeRaw from 'rehype-raw';\nexport default function Preview() {\n  const text = new URLSearchParams(location.search).get('md');\n  return <ReactMarkdown rehypePlugins={[rehypeRaw]}>{text}</ReactMarkdown>;\n}\n",
      errors: [{ messageId: 'inputAsHtml', line: 5, column: 54, data: { sink: 'react-markdown with raw HTML' } }],
    },
    {
      name: 'old react-markdown with escapeHtml off and a prop of unknown origin',
      filename: 'Note.jsx',
      code: "import Markdown from 'react-markdown';\nexport function Note({ note }) {\n  return <Markdown source={note.body} escapeHtml={false} />;\n}\n",
      errors: [{ messageId: 'vouchedHtml', line: 3, column: 28, severity: 'warning' }],
    },
    {
      name: 'serialize-javascript with unsafe: true: the option is dropped',
      code: "const serialize = require('serialize-javascript');\nfunction page(state) {\n  return '<script>window.__STATE__ = ' + serialize(state, { unsafe: true }) + '</script>';\n}\n",
      errors: [
        {
          messageId: 'vouchedHtml',
          line: 3,
          column: 52,
          suggestions: [{ title: 'Drop `unsafe: true` (escapes `<`, `>` and `/` in the output)', output: "const serialize = require('serialize-javascript');\nfunction page(state) {\n  return '<script>window.__STATE__ = ' + serialize(state, {}) + '</script>';\n}\n" }],
        },
      ],
    },
    {
      name: 'javascript: URLs built from variables, in JSX and setAttribute; a link taken whole from the query',
      filename: 'Links.jsx',
      code: "export function Links({ action }) {\n  const next = new URLSearchParams(location.search).get('next');\n  link.setAttribute('href', 'javascript:' + action);\n  return <div><a href={`javascript:${action}()`}>run</a><a href={next}>continue</a></div>;\n}\n",
      errors: [
        { messageId: 'scriptUrl', line: 3, column: 29, severity: 'warning', data: { sink: "setAttribute('href')" } },
        { messageId: 'scriptUrl', line: 4, column: 24, data: { sink: 'href' } },
        { messageId: 'taintedUrl', line: 4, column: 66, severity: 'error', data: { sink: 'href', source: 'location.search' } },
      ],
    },
    {
      name: 'jQuery received by a plugin wrapper is still jQuery',
      code: "(function ($) {\n  $('#out').html('<b>' + location.hash.slice(1) + '</b>');\n})(jQuery);\n",
      errors: [{ messageId: 'taintedHtml', line: 2, column: 18, data: { sink: '.html()', source: 'location.hash' } }],
    },
    {
      name: 'window and document renamed by a wrapper, called through .call',
      code: "(function (win, doc) {\n  doc.write('<p>' + win.location.search + '</p>');\n}).call(this, window, document);\n",
      errors: [{ messageId: 'taintedHtml', line: 2, column: 13, data: { sink: 'document.write', source: 'window.location.search' } }],
    },
    {
      name: 'nested wrappers and a bang-IIFE',
      code: "!function ($) {\n  (function (jq) {\n    jq('#list').append(`<li>${new URLSearchParams(location.search).get('q')}</li>`);\n  })($);\n}(window.jQuery);\n",
      errors: [{ messageId: 'taintedHtml', line: 3, column: 24, data: { sink: '.append()', source: 'location.search' } }],
    },
    {
      name: 'audit profile: markup from a server response handed to a callback, at low confidence',
      profile: 'audit',
      code: "$.get('/api/user', function (data) {\n  $('#name').html('<b>' + data.name + '</b>');\n});\n",
      errors: [{ messageId: 'builtHtml', line: 2, column: 19, severity: 'warning', confidence: 'low', suggestions: [] }],
    },
    {
      name: 'innerHTML from the URL fragment in a classic script: textContent, no import added',
      code: "document.getElementById('greeting').innerHTML = 'Hello ' + location.hash.slice(1);\n",
      errors: [
        {
          messageId: 'taintedHtml',
          line: 1,
          column: 49,
          severity: 'error',
          confidence: 'high',
          data: { sink: 'innerHTML', source: 'location.hash' },
          suggestions: [
            {
              title: 'Set `textContent` instead (renders the value as text, not markup)',
              output: "document.getElementById('greeting').textContent = 'Hello ' + location.hash.slice(1);\n",
            },
          ],
        },
      ],
    },
    {
      name: 'markup with a query parameter in a module: DOMPurify with the import added',
      code: MODULE + "const q = new URLSearchParams(location.search).get('q');\ndocument.querySelector('#results').innerHTML = `<h2>Results for ${q}</h2>`;\n",
      errors: [
        {
          messageId: 'taintedHtml',
          line: 3,
          column: 48,
          data: { source: 'location.search' },
          suggestions: [
            {
              title: 'Sanitize the markup with `DOMPurify.sanitize`',
              output: MODULE + "import DOMPurify from 'dompurify';\nconst q = new URLSearchParams(location.search).get('q');\ndocument.querySelector('#results').innerHTML = DOMPurify.sanitize(`<h2>Results for ${q}</h2>`);\n",
            },
          ],
        },
      ],
    },
    {
      name: 'postMessage data written as markup',
      code: "window.addEventListener('message', (event) => {\n  document.getElementById('frame').innerHTML = event.data;\n});\n",
      errors: [
        {
          messageId: 'inputAsHtml',
          line: 2,
          column: 48,
          data: { source: 'event.data' },
          suggestions: [{ output: "window.addEventListener('message', (event) => {\n  document.getElementById('frame').textContent = event.data;\n});\n" }],
        },
      ],
    },
    {
      name: 'insertAdjacentHTML building a row from a parameter: warning, no text fix for markup, no import in a classic script',
      profile: 'audit',
      code: "function addRow(table, name) {\n  table.insertAdjacentHTML('beforeend', '<tr><td>' + name + '</td></tr>');\n}\n",
      errors: [{ messageId: 'builtHtml', line: 2, column: 41, severity: 'warning', confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'insertAdjacentHTML of plain text becomes insertAdjacentText',
      profile: 'audit',
      code: 'function saved(toast, title) {\n  toast.insertAdjacentHTML(\'afterbegin\', `Saved ${title}`);\n}\n',
      errors: [
        {
          messageId: 'builtHtml',
          line: 2,
          column: 42,
          suggestions: [{ title: 'Use `insertAdjacentText` instead (inserts the value as text, not markup)', output: "function saved(toast, title) {\n  toast.insertAdjacentText('afterbegin', `Saved ${title}`);\n}\n" }],
        },
      ],
    },
    {
      name: 'a number beside input is still input: the count does not make the markup safe',
      code: "function update(index) {\n  $('.count').html((index + 1) + ' / ' + location.hash);\n}\n",
      errors: [{ messageId: 'taintedHtml', line: 2, column: 20, suggestions: [{ output: "function update(index) {\n  $('.count').text((index + 1) + ' / ' + location.hash);\n}\n" }] }],
    },
    {
      name: 'React escapes props by default: dangerouslySetInnerHTML built from a prop stays in the default output',
      filename: 'Bio.jsx',
      code: 'export function Bio({ user }) {\n  return <div dangerouslySetInnerHTML={{ __html: `<p>${user.bio}</p>` }} />;\n}\n',
      errors: [
        {
          messageId: 'builtHtml',
          line: 2,
          column: 50,
          severity: 'warning',
          confidence: 'medium',
          suggestions: [{ output: "import DOMPurify from 'dompurify';\nexport function Bio({ user }) {\n  return <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(`<p>${user.bio}</p>`) }} />;\n}\n" }],
        },
      ],
    },
    {
      name: 'audit profile: a plain function pasting its parameter into markup, at medium confidence',
      profile: 'audit',
      code: "function buildRecursive(parentEl, category) {\n  $('<li/>').html('<i class=\"fa ' + category.icon + '\"></i> ' + category.name).appendTo(parentEl);\n}\n",
      errors: [{ messageId: 'builtHtml', line: 2, column: 19, severity: 'warning', confidence: 'medium', suggestions: [] }],
    },
    {
      name: 'appending with += is reported without a textContent fix',
      code: "document.querySelector('ul').innerHTML += '<li>' + location.hash + '</li>';\n",
      errors: [{ messageId: 'taintedHtml', line: 1, column: 43, suggestions: [] }],
    },
    {
      name: 'jQuery .html() with a query parameter becomes .text()',
      code: "$('#name').html(new URLSearchParams(location.search).get('name'));\n",
      errors: [{ messageId: 'inputAsHtml', line: 1, column: 17, data: { sink: '.html()' }, suggestions: [{ title: 'Use `.text()` instead (sets the value as text, not markup)', output: "$('#name').text(new URLSearchParams(location.search).get('name'));\n" }] }],
    },
    {
      name: 'jQuery creating elements from markup with the fragment',
      code: "$('<div class=\"msg\">' + location.hash + '</div>').appendTo('body');\n",
      errors: [{ messageId: 'taintedHtml', line: 1, column: 3, data: { sink: '$()' }, suggestions: [] }],
    },
    {
      name: 'jQuery append of built markup through a saved selection',
      profile: 'audit',
      code: "function addItem(item) {\n  const $list = $('#list');\n  $list.append('<li>' + item.name + '</li>');\n}\n",
      errors: [{ messageId: 'builtHtml', line: 3, column: 16, data: { sink: '.append()' }, suggestions: [] }],
    },
    {
      name: 'document.write with the referrer',
      code: "document.write('<img src=\"/pixel?ref=' + document.referrer + '\">');\n",
      errors: [{ messageId: 'taintedHtml', line: 1, column: 16, data: { sink: 'document.write', source: 'document.referrer' }, suggestions: [] }],
    },
    {
      name: 'React dangerouslySetInnerHTML with built markup: DOMPurify import added at the top',
      profile: 'audit',
      filename: 'Bio.jsx',
      code: 'export function Bio({ user }) {\n  return <div dangerouslySetInnerHTML={{ __html: `<p>${user.bio}</p>` }} />;\n}\n',
      errors: [
        {
          messageId: 'builtHtml',
          line: 2,
          column: 50,
          data: { sink: 'dangerouslySetInnerHTML' },
          suggestions: [
            {
              output: "import DOMPurify from 'dompurify';\nexport function Bio({ user }) {\n  return <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(`<p>${user.bio}</p>`) }} />;\n}\n",
            },
          ],
        },
      ],
    },
    {
      name: 'React with dompurify already imported under another name, value from the URL',
      filename: 'Search.tsx',
      code: "import purify from 'dompurify';\nexport function Search() {\n  const q = new URLSearchParams(window.location.search).get('q');\n  return <h2 dangerouslySetInnerHTML={{ __html: 'Results for <b>' + q + '</b>' }} />;\n}\n",
      errors: [
        {
          messageId: 'taintedHtml',
          line: 4,
          column: 49,
          data: { source: 'window.location.search' },
          suggestions: [{ output: "import purify from 'dompurify';\nexport function Search() {\n  const q = new URLSearchParams(window.location.search).get('q');\n  return <h2 dangerouslySetInnerHTML={{ __html: purify.sanitize('Results for <b>' + q + '</b>') }} />;\n}\n" }],
        },
      ],
    },
    {
      name: 'outerHTML in a module gets only the sanitizer',
      profile: 'audit',
      code: MODULE + 'export function replaceCard(card, data) {\n  card.outerHTML = `<div class="card">${data.title}</div>`;\n}\n',
      errors: [
        {
          messageId: 'builtHtml',
          line: 3,
          column: 20,
          suggestions: [{ output: MODULE + "import DOMPurify from 'dompurify';\nexport function replaceCard(card, data) {\n  card.outerHTML = DOMPurify.sanitize(`<div class=\"card\">${data.title}</div>`);\n}\n" }],
        },
      ],
    },
    {
      name: 'createContextualFragment of a message',
      code: "onmessage = (event) => {\n  document.body.append(document.createRange().createContextualFragment(event.data));\n};\n",
      errors: [{ messageId: 'inputAsHtml', line: 2, column: 72, suggestions: [] }],
    },
    {
      name: 'a sanitizer around only part of the value does not cover the rest',
      code: "const title = new URLSearchParams(location.search).get('title');\nheader.innerHTML = `<h1>${escapeHtml(title)}</h1><p>${title}</p>`;\n",
      errors: [{ messageId: 'taintedHtml', line: 2, column: 20, suggestions: [] }],
    },
    {
      name: 'includes on a string is no allowlist',
      code: "const params = new URLSearchParams(location.search);\nconst tab = params.get('tab');\nif (!'home about'.includes(tab)) throw new Error('unknown tab');\ndocument.getElementById('t').innerHTML = '<b>' + tab + '</b>';\n",
      errors: [{ messageId: 'taintedHtml', line: 4, column: 42, severity: 'error', confidence: 'high' }],
    },
    {
      name: 'an allowlist check after the sink is no guard',
      code: "const params = new URLSearchParams(location.search);\nconst tab = params.get('tab');\ndocument.getElementById('t').innerHTML = '<b>' + tab + '</b>';\nif (!['home', 'about'].includes(tab)) throw new Error('unknown tab');\n",
      errors: [{ messageId: 'taintedHtml', line: 3, column: 42, severity: 'error', confidence: 'high' }],
    },
    {
      name: 'markup built by a helper of the same file from the URL carries the URL to the sink',
      code: "function card(title) {\n  return '<h1>' + title + '</h1>';\n}\ndocument.body.innerHTML = card(location.hash);\n",
      errors: [{ messageId: 'taintedHtml', line: 4, column: 27, severity: 'error', suggestions: [{ output: "function card(title) {\n  return '<h1>' + title + '</h1>';\n}\ndocument.body.textContent = card(location.hash);\n" }] }],
    },
  ],
  todo: [
    {
      kind: 'missed',
      filename: 'Post.jsx',
      reason: 'markup of unknown origin passed in whole (props, API data) is not reported: sanitized server markup cannot be told from raw input',
      code: 'export function Post({ post }) {\n  return <article dangerouslySetInnerHTML={{ __html: post.body }} />;\n}\n',
    },
    {
      kind: 'missed',
      reason: 'server-side HTML responses (`res.send` of markup with request input) are not this rule\'s sinks',
      code: "app.get('/hello', (req, res) => {\n  res.send('<p>Hello ' + req.query.name + '</p>');\n});\n",
    },
  ],
});
