import { runRuleTests } from '../../test/ruleTester';
import rule from './no-open-redirect';

/** An Express handler around `body`, so that `req.*` is request input. */
const route = (body: string) => `app.get('/login/done', (req, res) => {\n  ${body}\n});\n`;
const pathOnly = (target: string) => `'/' + String(${target}).replace(/^[\\s\\/\\\\]+/, '')`;
const FIXED = pathOnly('req.query.next');
/** The suggestion that keeps only a path, applied to `target` inside the first `needle` of `code`. */
const fixed = (code: string, needle: string, target: string) => [{ output: code.replace(needle, needle.replace(target, pathOnly(target))) }];

/** `next` from the query, checked by `failing` before the redirect. */
const CHECKED = (failing: string) => route(`const next = req.query.next;\n  if (${failing}) return res.sendStatus(400);\n  res.redirect(next);`);
const OTHER_CHECKED = route("const { next, mode } = req.query;\n  if (mode !== 'web') return;\n  res.redirect(302, next);");
const KOA_FASTIFY = "router.get('/out', (ctx) => {\n  ctx.redirect(ctx.query.url);\n});\nfastify.get('/go', async (request, reply) => {\n  return reply.redirect(request.query.to, 302);\n});\n";
const HEADERS =
  "const http = require('http');\nhttp.createServer((req, res) => {\n  const target = new URL(req.url, 'http://localhost').searchParams.get('to');\n  res.writeHead(302, { Location: target });\n  res.end();\n});\n" +
  route("res.setHeader('Location', req.query.next);\n  res.status(302).end();") +
  'exports.handler = async (event) => ({ statusCode: 302, headers: { Location: event.queryStringParameters.next } });\n';
const BROWSER = "const params = new URLSearchParams(window.location.search);\nwindow.location.href = params.get('returnTo');\nlocation.assign(location.hash.slice(1));\nwindow.open(params.get('popup'));\n";
const HAPI_NEXT = "server.route({ method: 'GET', path: '/out', handler: (request, h) => h.redirect(request.query.url) });\nexport function GET(request) {\n  return NextResponse.redirect(request.nextUrl.searchParams.get('to'));\n}\n";

const UNCHECKED_FIELD =
  "function withResult({ next, mode }) {\n  return new URL(next).href;\n}\n" +
  route("const next = req.query.next;\n  if (next && next.startsWith(config.siteUrl)) return res.redirect(withResult({ next: req.query.other, mode: 'x' }));\n  res.redirect('/');");
const OWN_PATH_HELPER = "function cleanUrl(req) {\n  const current = new URL(req.originalUrl, siteUrl());\n  return `${current.pathname}${current.search}`;\n}\n" + route('res.redirect(302, cleanUrl(req));');

runRuleTests(rule, {
  valid: [
    // A url from an allowlist under @Redirect(); a returned url without the decorator is only data.
    { filename: 'checkout.controller.ts', code: "import { Controller, Get, Query, Redirect } from '@nestjs/common';\n@Controller('checkout')\nexport class CheckoutController {\n  @Get('cancel')\n  @Redirect()\n  cancel(@Query('step') step: string) {\n    return { url: `/checkout/${['cart', 'payment'].includes(step) ? step : 'cart'}` };\n  }\n  @Get('link')\n  link(@Query('next') next: string) {\n    return { url: next };\n  }\n}\n" },
    // The safe versions: a path on this site, an allowlist, a table of destinations.
    route("const next = req.query.next;\n  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\\\')) return res.redirect('/');\n  res.redirect(next);"),
    "const ALLOWED = new Set(['/home', '/account']);\n" + route("const next = req.query.next;\n  if (!ALLOWED.has(next)) return res.redirect('/');\n  res.redirect(next);"),
    "const DESTINATIONS = { docs: 'https://docs.example.com/', shop: '/shop' };\n" + route("res.redirect(DESTINATIONS[req.query.to] || '/');"),
    route("res.redirect(" + FIXED + ");"),
    // An origin prefix that ends with the slash after the host pins the site.
    route("const next = req.query.next;\n  if (!next.startsWith('https://app.example.com/')) return res.sendStatus(400);\n  res.redirect(next);"),
    // A prefix read from the site's configuration is not the sender's to choose (Ghost's members middleware).
    route("const referrer = req.query.r;\n  const siteUrl = urlUtils.getSiteUrl();\n  if (referrer && referrer.startsWith(siteUrl)) {\n    return res.redirect(referrer);\n  }\n  res.redirect('/');"),
    route("if (!req.query.next.startsWith(config.get('url'))) return res.sendStatus(400);\n  res.redirect(req.query.next);"),
    // Input only after a fixed path or origin.
    route("res.redirect('/users/' + req.params.id);"),
    route('res.redirect(`https://accounts.example.com/welcome?ref=${req.query.ref}`);'),
    route('res.redirect(`${process.env.BASE_URL}/search?q=${encodeURIComponent(req.query.q)}`);'),
    // Constant targets, values of unknown origin, the Host header of an HTTPS upgrade.
    route("res.redirect(301, '/new-home');"),
    'function go(res, url) {\n  res.redirect(url);\n}\n',
    route("res.redirect('https://' + req.headers.host + req.url);"),
    // A different variable was checked; this one is constant.
    route("if (!req.query.next.startsWith('/')) return;\n  res.redirect('/done');"),
    // Not a redirect: a logger, a router table, a local `location` object.
    "const router = { redirect(url) { return url; } };\n" + route('router.redirect(req.query.next);'),
    "function render(location, req) {\n  location.href = req.query.next;\n}\n",
    // Input appended as a query string after the site's own address; a helper that rewrites the value decides it.
    route("let url = urlFor('private');\n  url += '?r=' + encodeURIComponent(req.url);\n  res.redirect(url);"),
    route("let next = req.body.RelayState;\n  next = resolveLoginRedirect(next);\n  res.redirect(next);"),
    route("res.redirect(config.get('base') + '/user/' + req.params.slug.toLowerCase());"),
    route("let next = req.body.RelayState;\n  next = resolveLoginRedirect(next);\n  res.redirect(`${next.split('?')[0]}?reason=failed`);"),
    // Next.js: a path resolved against the request's own URL, or that URL with another pathname.
    "import { NextResponse } from 'next/server';\nexport function middleware(request) {\n  const url = request.nextUrl.clone();\n  url.pathname = '/login';\n  if (!request.cookies.get('sid')) return NextResponse.redirect(url);\n  return NextResponse.redirect(new URL('/home', request.url));\n}\n",
    // A helper reading one field of an options object is judged by that field: `next` is checked, `mode` is never part of the URL.
    "function withResult({ next, mode, ok }) {\n  const url = new URL(next);\n  if (mode === 'x') url.searchParams.set('mode', 'x');\n  url.searchParams.set('ok', String(ok));\n  return url.href;\n}\n" +
      route("const next = req.query.next;\n  if (next && next.startsWith(config.siteUrl)) return res.redirect(withResult({ next, mode: req.query.mode, ok: true }));\n  res.redirect('/');"),
    // A helper of this file that rebuilds the URL on the site's own address, keeping the visitor's query and fragment.
    "function cleanUrl(req) {\n  const current = new URL(req.originalUrl, siteUrl());\n  current.searchParams.delete('preview');\n  return `${buildSiteUrl(current.pathname)}${current.search}${current.hash}`;\n}\n" +
      route('res.redirect(302, cleanUrl(req));'),
    // Reading the URL is not navigating.
    "const next = new URLSearchParams(location.search).get('next');\nconsole.log(next);\n",
    // A list joined after a constant first element starts with that element: `./` keeps a relative path.
    route("res.redirect(['./', ...Object.keys(req.query)].join('&'));"),
    route("res.redirect(['../results', req.query.page].join('?page='));"),
    // An encoded first segment holds no slash, backslash or colon: the target is a relative path,
    // and what follows it is a query (also as a parsed URL's `search`) or nothing.
    route("const dest = encodeURIComponent(req.params.slug.toLowerCase()) + '?from=' + req.query.ref;\n  res.redirect(dest);"),
    route("res.set('Location', encodeURIComponent(req.params.slug) + new URL(req.originalUrl, 'http://unused.invalid').search);\n  res.status(301).end();"),
    route('res.redirect(encodeURIComponent(req.params.slug));'),
  ],
  invalid: [
    {
      name: 'a joined list whose first element is input, or a spread that may be empty, or an empty first element before a slash',
      code: route("res.redirect([req.query.site, 'welcome'].join('/'));\n  res.redirect([...req.query.parts, 'x'].join('/'));\n  res.redirect(['', req.query.next].join('/'));"),
      errors: [
        { messageId: 'taintedRedirect', line: 2, suggestions: fixed(route("res.redirect([req.query.site, 'welcome'].join('/'));\n  res.redirect([...req.query.parts, 'x'].join('/'));\n  res.redirect(['', req.query.next].join('/'));"), "[req.query.site, 'welcome'].join('/')", "[req.query.site, 'welcome'].join('/')") },
        { messageId: 'taintedRedirect', line: 3, suggestions: fixed(route("res.redirect([req.query.site, 'welcome'].join('/'));\n  res.redirect([...req.query.parts, 'x'].join('/'));\n  res.redirect(['', req.query.next].join('/'));"), "[...req.query.parts, 'x'].join('/')", "[...req.query.parts, 'x'].join('/')") },
        { messageId: 'taintedRedirect', line: 4, suggestions: fixed(route("res.redirect([req.query.site, 'welcome'].join('/'));\n  res.redirect([...req.query.parts, 'x'].join('/'));\n  res.redirect(['', req.query.next].join('/'));"), "['', req.query.next].join('/')", "['', req.query.next].join('/')") },
      ],
    },
    {
      name: 'an encoded lead followed by more input may complete a scheme (`javascript` + `:alert(1)`) or, empty, a host',
      code: route("const dest = encodeURIComponent(req.query.a) + req.query.b;\n  res.redirect(dest);\n  res.redirect(encodeURIComponent(req.query.a) + '/' + req.query.b);"),
      errors: [
        { messageId: 'taintedRedirect', line: 3, suggestions: fixed(route("const dest = encodeURIComponent(req.query.a) + req.query.b;\n  res.redirect(dest);\n  res.redirect(encodeURIComponent(req.query.a) + '/' + req.query.b);"), 'redirect(dest)', 'dest') },
        { messageId: 'taintedRedirect', line: 4 },
      ],
    },
    {
      name: "a NestJS @Redirect() method returning the query's url",
      filename: 'checkout.controller.ts',
      code: "import { Controller, Get, Query, Redirect } from '@nestjs/common';\n@Controller('checkout')\nexport class CheckoutController {\n  @Get('return')\n  @Redirect()\n  back(@Query('returnUrl') returnUrl: string) {\n    return { url: returnUrl };\n  }\n}\n",
      errors: [{ messageId: 'inputAsRedirect', line: 7, severity: 'warning', suggestions: [{ output: "import { Controller, Get, Query, Redirect } from '@nestjs/common';\n@Controller('checkout')\nexport class CheckoutController {\n  @Get('return')\n  @Redirect()\n  back(@Query('returnUrl') returnUrl: string) {\n    return { url: '/' + String(returnUrl).replace(/^[\\s\\/\\\\]+/, '') };\n  }\n}\n" }] }],
    },
    {
      name: 'Express res.redirect of a query parameter, with the relative-path fix',
      code: route('res.redirect(req.query.next);'),
      errors: [
        {
          messageId: 'inputAsRedirect',
          line: 2,
          column: 16,
          severity: 'warning',
          confidence: 'high',
          data: { sink: 'res.redirect', source: 'req.query.next' },
          suggestions: [{ title: 'Keep only a path on this site (drops a scheme, host and leading slashes)', output: route('res.redirect(' + FIXED + ');') }],
        },
      ],
    },
    {
      name: 'a helper passing on the unchecked field of its options object still redirects to input',
      code: UNCHECKED_FIELD,
      errors: [{ messageId: 'inputAsRedirect', line: 6, severity: 'warning', suggestions: fixed(UNCHECKED_FIELD, "redirect(withResult({ next: req.query.other, mode: 'x' }))", "withResult({ next: req.query.other, mode: 'x' })") }],
    },
    {
      name: "a helper of this file that returns the visitor's own path and query keeps the host open (`//evil.example`)",
      code: OWN_PATH_HELPER,
      errors: [{ messageId: 'taintedRedirect', line: 6, severity: 'warning', suggestions: fixed(OWN_PATH_HELPER, 'redirect(302, cleanUrl(req))', 'cleanUrl(req)') }],
    },
    {
      name: 'a startsWith("/") check alone lets //evil.example through',
      code: CHECKED("!next.startsWith('/')"),
      errors: [{ messageId: 'inputAsRedirect', line: 4, column: 16, suggestions: fixed(CHECKED("!next.startsWith('/')"), 'redirect(next)', 'next') }],
    },
    {
      name: 'a substring test does not protect',
      code: CHECKED("!next.includes('example.com')"),
      errors: [{ messageId: 'inputAsRedirect', line: 4, severity: 'warning', suggestions: fixed(CHECKED("!next.includes('example.com')"), 'redirect(next)', 'next') }],
    },
    {
      name: 'an origin prefix without the slash admits example.com.evil.example',
      code: CHECKED("!next.startsWith('https://example.com')"),
      errors: [{ messageId: 'inputAsRedirect', line: 4, severity: 'warning', suggestions: fixed(CHECKED("!next.startsWith('https://example.com')"), 'redirect(next)', 'next') }],
    },
    {
      name: 'a prefix the request chooses pins nothing',
      code: CHECKED('!next.startsWith(req.headers.origin)'),
      errors: [{ messageId: 'inputAsRedirect', line: 4, severity: 'warning', suggestions: fixed(CHECKED('!next.startsWith(req.headers.origin)'), 'redirect(next)', 'next') }],
    },
    {
      name: 'a constant prefix is judged by its text: without the slash it admits example.com.evil.example',
      code: "const SITE = 'https://example.com';\n" + CHECKED('!next.startsWith(SITE)'),
      errors: [{ messageId: 'inputAsRedirect', line: 5, severity: 'warning', suggestions: fixed("const SITE = 'https://example.com';\n" + CHECKED('!next.startsWith(SITE)'), 'redirect(next)', 'next') }],
    },
    {
      name: 'a validator Rugged cannot read lowers it to a warning',
      code: CHECKED('!isSafeRedirect(next)'),
      errors: [{ messageId: 'inputAsRedirect', line: 4, severity: 'warning', confidence: 'medium', suggestions: fixed(CHECKED('!isSafeRedirect(next)'), 'redirect(next)', 'next') }],
    },
    {
      name: 'Express with a status code first; a check on a different variable',
      code: OTHER_CHECKED,
      errors: [{ messageId: 'inputAsRedirect', line: 4, column: 21, suggestions: fixed(OTHER_CHECKED, '302, next', 'next') }],
    },
    {
      name: 'a variable appended to with a path, not a query string',
      code: route("let url = '/';\n  url += req.query.path;\n  res.redirect(url);"),
      errors: [{ messageId: 'taintedRedirect', line: 4, suggestions: fixed(route("let url = '/';\n  url += req.query.path;\n  res.redirect(url);"), 'redirect(url)', 'url') }],
    },
    {
      name: "'/' + input still lets //evil.example through",
      code: route("res.redirect('/' + req.query.path);"),
      errors: [{ messageId: 'taintedRedirect', line: 2, suggestions: [] }],
    },
    {
      name: 'Koa ctx.redirect and Fastify reply.redirect',
      code: KOA_FASTIFY,
      errors: [
        { messageId: 'inputAsRedirect', line: 2, data: { sink: 'ctx.redirect', source: 'ctx.query.url' }, suggestions: fixed(KOA_FASTIFY, 'ctx.query.url', 'ctx.query.url') },
        { messageId: 'inputAsRedirect', line: 5, data: { sink: 'reply.redirect' }, suggestions: fixed(KOA_FASTIFY, 'request.query.to', 'request.query.to') },
      ],
    },
    {
      name: 'Location headers: setHeader, writeHead and a Lambda result',
      code: HEADERS,
      errors: [
        { messageId: 'inputAsRedirect', line: 4, data: { sink: 'a Location header' }, suggestions: fixed(HEADERS, 'Location: target', 'target') },
        { messageId: 'inputAsRedirect', line: 8, suggestions: fixed(HEADERS, 'req.query.next', 'req.query.next') },
        { messageId: 'inputAsRedirect', line: 11, suggestions: fixed(HEADERS, 'event.queryStringParameters.next', 'event.queryStringParameters.next') },
      ],
    },
    {
      name: 'browser navigation from the page URL',
      code: BROWSER,
      errors: [
        { messageId: 'inputAsRedirect', line: 2, data: { sink: 'location.href' }, suggestions: fixed(BROWSER, "params.get('returnTo')", "params.get('returnTo')") },
        { messageId: 'inputAsRedirect', line: 3, data: { sink: 'location.assign' }, suggestions: fixed(BROWSER, 'location.hash.slice(1)', 'location.hash.slice(1)') },
        { messageId: 'inputAsRedirect', line: 4, data: { sink: 'window.open' }, suggestions: fixed(BROWSER, "params.get('popup')", "params.get('popup')") },
      ],
    },
    {
      name: 'Hapi h.redirect and Next.js NextResponse.redirect',
      code: HAPI_NEXT,
      errors: [
        { messageId: 'inputAsRedirect', line: 1, data: { sink: 'h.redirect' }, suggestions: fixed(HAPI_NEXT, 'request.query.url', 'request.query.url') },
        { messageId: 'inputAsRedirect', line: 3, data: { sink: 'NextResponse.redirect' }, suggestions: fixed(HAPI_NEXT, "request.nextUrl.searchParams.get('to')", "request.nextUrl.searchParams.get('to')") },
      ],
    },
  ],
});
