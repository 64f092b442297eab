import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { sinkRule } from './testRules';

function originOf(code: string, filename = 'app.js'): string[] {
  const result = analyze(code, filename, { rules: [sinkRule], config: defaultEngineConfig(), today: '2026-01-01', verifyFixes: false });
  return result.findings.map((f) => (f.ruleId === sinkRule.id ? f.message.replace(/^sink receives /, '') : `${f.ruleId}: ${f.message}`));
}

test("where upload middleware stored a file is the server's choice, through helpers too; the client's name for it stays input", () => {
  const code = `
    const stored = (file) => file.filepath;
    const named = (file) => file.originalFilename;
    const open = (target) => sink(target);
    app.post('/a', (req, res) => { sink(req.file.path); sink(req.file.originalname); const { tempFilePath } = req.files.avatar; sink(tempFilePath); });
    router.post('/b', async (ctx) => { const upload = ctx.request.files.doc; sink(upload.filepath || upload.path); sink(stored(upload)); sink(named(upload)); open(upload.filepath); });`;
  assert.deepEqual(originOf(code), [
    'unknown from -',
    'unknown from -',
    'tainted from req.file.originalname',
    'unknown from -',
    'unknown from -',
    'unknown from -',
    'tainted from ctx.request.files.doc',
  ]);
});

test('literals and module constants are constant', () => {
  assert.deepEqual(originOf("const T = 'users'; sink('SELECT * FROM ' + T);"), ['constant (built) from -']);
  assert.deepEqual(originOf('const n = 3; sink(`LIMIT ${n}`);'), ['constant (built) from -']);
});

test('a global named like a member of Object.prototype is no browser source, and asking about it does not throw', () => {
  // `constructor.prototype` once looked `constructor` up in a plain object of browser globals and
  // found Object's own constructor, which stopped the asking rule for the whole file.
  assert.deepEqual(originOf('sink(constructor.prototype + toString.name);'), ['unknown (built) from -']);
  assert.deepEqual(originOf('sink(location.hash);'), ['tainted from location.hash']);
});

test('express request fields are tainted through assignments, destructuring and +=', () => {
  const code = `
    app.get('/u', (req, res) => {
      const { id } = req.query;
      let sql = 'SELECT * FROM t WHERE a = 1';
      if (id) sql += ' AND id = ' + id;
      sink(sql);
    });`;
  assert.deepEqual(originOf(code), ['tainted (built) from req.query.id']);
});

test('request input decoded from base64 or hex is still the sender\'s, not a value the server chose', () => {
  const code = `
    app.get('/r', (req, res) => {
      sink(Buffer.from(req.cookies.profile, 'base64').toString());
      sink(atob(req.headers.token));
      sink(Buffer.from('c2FmZQ==', 'base64').toString());
    });`;
  assert.deepEqual(originOf(code), ['tainted from req.cookies.profile', 'tainted from req.headers.token', 'constant from -']);
});

test('request input through template, format, join, replace and concat', () => {
  const code = `
    const util = require('util');
    router.post('/x', async (req, res) => {
      const a = \`v=\${req.body.name}\`;
      const b = util.format('%s', req.params.id);
      const c = ['a', req.headers.h].join(',');
      const d = 'x'.replace('x', req.cookies.c);
      const e = 'x'.concat(req.query.q);
      sink(a); sink(b); sink(c); sink(d); sink(e);
    });`;
  assert.deepEqual(originOf(code), [
    'tainted (built) from req.body.name',
    'tainted (built) from req.params.id',
    'tainted (built) from req.headers.h',
    'tainted (built) from req.cookies.c',
    'tainted (built) from req.query.q',
  ]);
});

test('parameters of unknown functions are unknown; numbers are sanitised', () => {
  const code = `
    function find(id) { sink('SELECT ' + id); }
    app.get('/', (req) => { sink('LIMIT ' + parseInt(req.query.n, 10)); });`;
  assert.deepEqual(originOf(code), ['unknown (built) from -', 'constant (built) from -']);
});

test('koa ctx, hapi handler, lambda event, process.argv, location and postMessage are sources', () => {
  const code = `
    router.get('/k', async (ctx) => { sink(ctx.request.body.x); sink(ctx.query.y); });
    server.route({ method: 'GET', path: '/', handler(request, h) { sink(request.payload.z); } });
    exports.handler = async (event) => { sink(event.queryStringParameters.q); };
    sink(process.argv[2]);
    sink(location.hash);
    window.addEventListener('message', (e) => { sink(e.data); });
    const p = new URLSearchParams(location.search); sink(p.get('q'));`;
  const out = originOf(code);
  assert.equal(out.length, 8);
  for (const line of out) assert.match(line, /^tainted/);
});

test("reading Koa's ctx.body gives the answer being sent, not input; the request's body stays a source", () => {
  const code = `
    async function trim(ctx, next) { await next(); sink(ctx.body.rows); }
    router.post('/c', async (context) => { const req = context.request; sink(context.body); sink(req.body.note); });
    router.post('/d', async (ctx) => { const { body } = ctx; sink(body); });
    router.post('/k', async (ctx) => { sink(ctx.request.body.title); const { body } = ctx.request; sink(body.text); });
    app.post('/e', (req, res) => { sink(req.body.name); });
    fastify.post('/f', async (request, reply) => { sink(request.body.tag); });`;
  assert.deepEqual(originOf(code), [
    'unknown from -',
    'unknown from -',
    'tainted from req.body.note',
    'unknown from -',
    'tainted from ctx.request.body.title',
    'tainted from ctx.request.body',
    'tainted from req.body.name',
    'tainted from request.body.tag',
  ]);
});

test('destructured request parameter and Next.js route handlers', () => {
  const code = `
    app.get('/', ({ query }, res) => { sink(query.id); });
    export default function handler(req, res) { sink(req.query.id); }
    export async function POST(request) { const body = await request.json(); sink(body.name); }`;
  const out = originOf(code, 'route.ts');
  assert.deepEqual(out.map((l) => l.split(' ')[0]), ['tainted', 'tainted', 'tainted']);
});

test('a serverless function exported under any name receives the event when the code shows it is one', () => {
  const code = `
    exports.greet = async (event) => { sink(event.queryStringParameters.name); };
    module.exports.render = async (event, context) => { sink(event.body); return { statusCode: 200, body: 'ok' }; };
    export const thumbnail = async (evt, context, callback) => { sink(evt.headers.host); };
    export function upload({ body, pathParameters }) { sink(body); }
    export const format = (payload) => { sink(payload.body); };`;
  assert.deepEqual(originOf(code, 'functions.ts'), [
    'tainted from event.queryStringParameters.name',
    'tainted from event.body',
    'tainted from evt.headers.host',
    'tainted from request body',
    'unknown from -',
  ]);
});

test('an exported function is not a serverless handler without a sign of one', () => {
  const code = `
    exports.onClick = (event) => { sink(event.body); };
    exports.respond = (payload) => { sink(payload.body); return { statusCode: 200, body: JSON.stringify(payload) }; };
    exports.merge = (event, a, b, c) => { sink(event.body); return { statusCode: 200, body: '' }; };
    const local = async (event) => { sink(event.pathParameters.id); };`;
  assert.deepEqual(originOf(code), ['unknown from -', 'unknown from -', 'unknown from -', 'unknown from -']);
});

test('fields destructured from the request object in the body are request input; server-set ones are not', () => {
  const code = `
    app.post('/x', (req, res) => {
      const { body } = req;
      const { query: { q = '' } } = req;
      const { user } = req;
      sink(body.content); sink(q); sink(user.id);
    });
    router.get('/k', async (ctx) => { const { request } = ctx; sink(request.body.name); });`;
  assert.deepEqual(originOf(code), ['tainted from req.body', 'tainted from req.query.q', 'unknown from -', 'tainted from request.body.name']);
});

test('a local helper that returns a field of the request it is given returns input', () => {
  const code = `
    const pick = (r) => r.query.q;
    function userOf(r) { return r.user; }
    app.get('/x', (req, res) => { sink(pick(req)); sink(userOf(req).name); sink(pick({ query: { q: 'fixed' } })); });`;
  // The helper's summary says it returns the `query.q` field of its parameter: read in the caller's request.
  assert.deepEqual(originOf(code), ['tainted from req.query.q', 'unknown from -', 'constant from -']);
});

test('server-side request fields that the client does not control are not tainted', () => {
  const code = `app.get('/', (req) => { sink(req.user.id); sink(req.session.role); });`;
  assert.deepEqual(originOf(code), ['unknown from -', 'unknown from -']);
});

test('pg-format escapes %I and %L, but %s inserts the value as it is', () => {
  const code = `
    const format = require('pg-format');
    app.get('/', (req) => {
      sink(format('SELECT * FROM %I WHERE id = %L', req.query.t, req.query.id));
      sink(format('SELECT * FROM t WHERE id = %s', req.query.id));
    });`;
  assert.deepEqual(originOf(code), ['constant from -', 'tainted (built) from req.query.id']);
});

test('a placeholder list made from request values is constant; a list of the values themselves is not', () => {
  const code = `
    app.post('/orders', (req, res) => {
      const ids = req.body.ids;
      sink('IN (' + ids.map(() => '?').join(', ') + ')');
      sink('VALUES ' + ids.map((_, i) => \`($\${i + 1})\`).join(','));
      sink(Array.from({ length: ids.length }, () => '?').join(','));
      sink(new Array(ids.length).fill('?').join(','));
      sink(Array.from({ length: ids.length }, (_, i) => '$' + (i + 1)).join(','));
      sink('IN (' + ids.map((id) => "'" + id + "'").join(',') + ')');
      sink('IN (' + ids.map((id, i) => '$' + i + id).join(',') + ')');
    });`;
  assert.deepEqual(originOf(code), [
    'constant (built) from -',
    'constant (built) from -',
    'constant (built) from -',
    'constant (built) from -',
    'constant (built) from -',
    'tainted (built) from req.body.ids',
    'tainted (built) from req.body.ids',
  ]);
});

test("an HTTP client's callback receives an answer, not a request; a route's handler still receives input", () => {
  const code = `
    $.get('/api/user', function (data) { sink(data.name); });
    axios.get('/api/user').then((response) => sink(response.data));
    request.get('https://example.com', (err, res, body) => sink(body));
    app.get('/user', (req, res) => sink(req.query.name));`;
  assert.deepEqual(originOf(code), ['unknown from -', 'unknown from -', 'unknown from -', 'tainted from req.query.name']);
});

test('a parameter of an immediately invoked function holds its argument, also under a global alias', () => {
  const code = `
    (function (loc, win, undef) {
      sink(loc.hash);
      sink(win.location.search);
      sink(undef);
    })(location, window);
    (function (input) { sink('x' + input); }).call(this, process.argv[2]);
    (function (name) { name = 'fixed'; sink(name); })(location.hash);`;
  assert.deepEqual(originOf(code), [
    'tainted from location.hash',
    'tainted from window.location.search',
    'unknown from -',
    'tainted (built) from request input',
    // Flow-insensitive as everywhere: the argument is one of the values the parameter held.
    'tainted from location.hash',
  ]);
});

test('values pushed into a list are part of it, and a factory-made handler destructures the request', () => {
  const code = `
    app.get('/s', (req, res) => {
      const conditions = ['1 = 1'];
      if (req.query.name) conditions.push(\`name = '\${req.query.name}'\`);
      sink('SELECT * FROM t WHERE ' + conditions.join(' AND '));
      const safe = [];
      safe.push('a = ?');
      sink('SELECT * FROM t WHERE ' + safe.join(' AND '));
    });
    const makeSearch = (db) => async ({ query }, res) => { sink('SELECT * FROM t WHERE id = ' + query.id); };
    const notAHandler = ({ query }, options) => sink('x' + query.id);`;
  assert.deepEqual(originOf(code), ['tainted (built) from req.query.name', 'constant (built) from -', 'tainted (built) from request query', 'unknown (built) from -']);
});

test('NestJS controller parameters: @Body, @Query, @Param and @Headers are input, @Req is the request, a parsing pipe gives a number', () => {
  const code = `
    @Controller('files')
    export class FilesController {
      @Get(':name')
      read(@Param('name') name: string, @Query() query: ListQuery, @Body() dto: SaveDto, @Headers('x-tenant') tenant: string, @Req() r: Request, @Param('id', ParseIntPipe) id: number, @Query('n', new ParseIntPipe()) n: number) {
        sink(name); sink(query.sort); sink(dto.file); sink(tenant); sink(r.query.q); sink(id); sink(n);
      }
      private helper(value: string) { sink(value); }
    }
    class NotAController {
      save(@Body() dto: SaveDto) { sink(dto.file); }
    }`;
  assert.deepEqual(originOf(code, 'files.controller.ts'), [
    "tainted from @Param('name') name",
    'tainted from @Query() query',
    'tainted from @Body() dto',
    "tainted from @Headers('x-tenant') tenant",
    'tainted from r.query.q',
    'constant from -',
    'constant from -',
    'unknown from -',
    'unknown from -',
  ]);
});

test("GraphQL resolvers' @Args are input; a Next.js App Router handler's params are input", () => {
  const code = `
    @Resolver(() => User)
    export class UsersResolver {
      @Query(() => [User]) users(@Args('filter') filter: string) { sink(filter); }
    }
    export async function GET(request: Request, { params }: { params: { slug: string } }) { sink(params.slug); }
    export const DELETE = async (request: Request, ctx: { params: Promise<{ id: string }> }) => { const { id } = await ctx.params; sink(id); };
    export default function handler(req, res) { sink(res.statusCode); }`;
  assert.deepEqual(originOf(code, 'route.ts'), ["tainted from @Args('filter') filter", 'tainted from route params', 'tainted from ctx.params', 'unknown from -']);
});

test('a serverless handler exported by name afterwards receives the event; a DOM listener does not', () => {
  const code = `
    const middy = require('@middy/core');
    const main = async (event) => { sink(event.queryStringParameters.q); };
    module.exports.main = main;
    async function base(event) { sink(event.body); }
    exports.handler = middy(base);
    const other = async (event) => { sink(event.pathParameters.id); };
    module.exports = { other };
    function onClick(event) { sink(event.target.value); }
    button.addEventListener('click', onClick);
    const notExported = async (event) => { sink(event.body); };`;
  assert.deepEqual(originOf(code), ['tainted from event.queryStringParameters.q', 'tainted from event.body', 'tainted from event.pathParameters.id', 'unknown from -', 'unknown from -']);
});

test("url.parse and querystring.parse of a bare http server's request split the sender's text, they do not clean it", () => {
  const code = `
    const url = require('url');
    const querystring = require('querystring');
    http.createServer((req, res) => {
      const { query } = url.parse(req.url, true);
      sink(query.name);
      req.on('end', () => sink(querystring.parse(req.url).q));
      sink(url.parse('https://example.com/a').pathname);
    });`;
  assert.deepEqual(originOf(code), ['tainted from req.url', 'tainted from req.url', 'unknown from -']);
});

test("a local function that reads the request's stream itself returns the sender's body; the same reader on a file does not", () => {
  const code = `
    function readBody(req) { return new Promise((resolve) => { let d = ''; req.on('data', (c) => (d += c)); req.on('end', () => resolve(d)); }); }
    async function readAll(stream) { let d = ''; for await (const c of stream) d += c; return d; }
    http.createServer(async (req, res) => {
      const { pass } = JSON.parse(await readBody(req));
      sink(pass);
      sink(await readAll(req));
      sink(await readBody(fs.createReadStream('settings.json')));
    });`;
  assert.deepEqual(originOf(code), ['tainted from readBody(req)', 'tainted from readAll(req)', 'unknown from -']);
});
