// Lines of a security test that loads the app in the test's own process instead of calling a running
// one: the test can then prepare the process first (freeze Math.random and the clock) or read what
// the app stored through the app's own modules. The test declares ROOT before these lines and
// requires readFileSync, join, createRequire and http's Server (IN_PROCESS_REQUIRES). stopApp ends
// the database pools the app's own modules export: their idle connections would otherwise keep the
// test's process alive for seconds after it finished (pg keeps an idle client for 10 s).

/** The Node built-ins the lines use, as `name: 'module'` pairs. */
export const IN_PROCESS_REQUIRES: Readonly<Record<string, string>> = { readFileSync: 'fs', join: 'path', createRequire: 'module', Server: 'http' };

export const START_APP: readonly string[] = [
  '/** The file that starts the app: APP_ENTRY, else package.json `main`, else the file `npm start` runs, else app.js. */',
  'function appEntry() {',
  '  if (process.env.APP_ENTRY) return process.env.APP_ENTRY;',
  "  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));",
  "  return pkg.main || /\\bnode\\s+(\\S+)/.exec(pkg.scripts?.start ?? '')?.[1] || 'app.js';",
  '}',
  '',
  '/** Loads the app here and resolves with the first server it starts, on a free port. */',
  'function startApp() {',
  '  return new Promise((resolve) => {',
  '    const listen = Server.prototype.listen;',
  '    Server.prototype.listen = function (...args) {',
  '      Server.prototype.listen = listen;',
  '      // A free port, so a copy of the app already running on its usual port does not clash.',
  "      if (typeof args[0] === 'number' || /^\\d+$/.test(String(args[0]))) args[0] = 0;",
  "      this.once('listening', () => resolve(this));",
  '      return listen.apply(this, args);',
  '    };',
  "    createRequire(join(ROOT, 'package.json'))(join(ROOT, appEntry()));",
  '  });',
  '}',
  '',
  '/** Stops the app loaded here: its server, and the database pools its own modules export (pg, mysql2, Sequelize), whose idle connections keep this process alive. */',
  'async function stopApp(server) {',
  '  server.closeAllConnections();',
  '  server.close();',
  '  const own = Object.values(require.cache).filter((m) => m && !/[\\\\/]node_modules[\\\\/]/.test(m.filename));',
  "  const exported = new Set(own.flatMap((m) => [m.exports, ...(m.exports && typeof m.exports === 'object' ? Object.values(m.exports) : [])]));",
  '  for (const handle of exported) {',
  "    if (!handle || typeof handle.query !== 'function') continue;",
  "    const stop = typeof handle.end === 'function' ? 'end' : typeof handle.close === 'function' ? 'close' : undefined;",
  '    if (stop) await Promise.resolve().then(() => handle[stop]()).catch(() => {});',
  '  }',
  '}',
];
