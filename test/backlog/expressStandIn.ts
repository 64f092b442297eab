// A small stand-in for Express, written into fixture apps' node_modules so that the security tests
// a story proposes can run against a real HTTP server without installing Express: routers mounted
// under a prefix, path parameters, query strings, JSON bodies, cookies (as cookie-parser reads them),
// and the response helpers the fixtures use (send, json, status, redirect, cookie, sendFile).
export const EXPRESS_STAND_IN = `
const http = require('node:http');
const fs = require('node:fs');
function compile(path) {
  const keys = [];
  const re = new RegExp('^' + path.replace(/:([A-Za-z_]\\w*)/g, (_, k) => { keys.push(k); return '([^/]+)'; }) + '/?$');
  return { re, keys };
}
function Router() {
  const routes = [];
  const add = (method) => (path, handler) => { routes.push({ method, handler, ...compile(path) }); return router; };
  const router = {
    get: add('GET'), post: add('POST'), put: add('PUT'), patch: add('PATCH'), delete: add('DELETE'),
    handle(req, res, path) {
      for (const route of routes) {
        const m = route.method === req.method && route.re.exec(path);
        if (!m) continue;
        req.params = {};
        route.keys.forEach((k, i) => { req.params[k] = decodeURIComponent(m[i + 1]); });
        Promise.resolve(route.handler(req, res)).catch((e) => { res.statusCode = 500; res.end(String(e.message)); });
        return true;
      }
      return false;
    },
  };
  return router;
}
function helpers(res) {
  res.status = (code) => { res.statusCode = code; return res; };
  res.set = (name, value) => { res.setHeader(name, value); return res; };
  res.send = (value) => {
    if (typeof value === 'object' && value !== null) return res.json(value);
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(value === undefined ? '' : String(value));
  };
  res.json = (value) => { res.setHeader('content-type', 'application/json'); res.end(value === undefined ? '' : JSON.stringify(value)); };
  res.redirect = (url) => { res.statusCode = 302; res.setHeader('location', url); res.end(); };
  res.sendFile = (path) => fs.readFile(path, (err, data) => { if (err) { res.statusCode = 404; res.end(); } else res.end(data); });
  res.cookie = (name, value, options = {}) => {
    const parts = [name + '=' + encodeURIComponent(value), 'Path=/'];
    if (options.httpOnly) parts.push('HttpOnly');
    if (options.secure) parts.push('Secure');
    if (options.sameSite) parts.push('SameSite=' + options.sameSite.charAt(0).toUpperCase() + options.sameSite.slice(1));
    const previous = res.getHeader('set-cookie') || [];
    res.setHeader('set-cookie', [...previous, parts.join('; ')]);
    return res;
  };
}
function express() {
  const mounts = [];
  const own = Router();
  const app = {
    use(prefix, router) { mounts.push({ prefix, router }); },
    get: (...a) => { own.get(...a); return app; },
    post: (...a) => { own.post(...a); return app; },
    listen(port, ready) {
      const server = http.createServer((req, res) => {
        const url = new URL(req.url, 'http://localhost');
        req.query = Object.fromEntries(url.searchParams);
        req.get = req.header = (name) => req.headers[name.toLowerCase()];
        req.cookies = {};
        for (const pair of (req.headers.cookie || '').split(';')) {
          const at = pair.indexOf('=');
          if (at > 0) req.cookies[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
        }
        helpers(res);
        let raw = '';
        req.on('data', (chunk) => { raw += chunk; });
        req.on('end', () => {
          req.body = raw && /json/.test(req.headers['content-type'] || '') ? JSON.parse(raw) : {};
          if (own.handle(req, res, url.pathname)) return;
          for (const { prefix, router } of mounts) {
            if (url.pathname !== prefix && !url.pathname.startsWith(prefix + '/')) continue;
            if (router.handle(req, res, url.pathname.slice(prefix.length) || '/')) return;
          }
          res.statusCode = 404;
          res.end();
        });
      });
      return server.listen(port, () => ready(server));
    },
  };
  return app;
}
express.Router = Router;
module.exports = express;
`;
