// Preloaded (NODE_OPTIONS=--require) into the processes code-server starts, it acts only in Rugged's
// language server: requests for https://api.github.com go to the test's stand-in instead, so the
// server talks to "github.com" exactly as it would for a user, with the token VS Code's sign-in gave.
import { sep } from 'node:path';
import { STAND_IN_VARIABLE } from './signInEnvironment';

const GITHUB_API = 'https://api.github.com';

const standIn = process.env[STAND_IN_VARIABLE];
const isLanguageServer = process.argv[1]?.endsWith(`${sep}dist${sep}server.js`) === true;
if (standIn && isLanguageServer) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === GITHUB_API || url.startsWith(`${GITHUB_API}/`)) return realFetch(`${standIn}${url.slice(GITHUB_API.length)}`, init);
    return realFetch(input, init);
  };
}
