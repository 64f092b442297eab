import { runRuleTests } from '../../test/ruleTester';
import rule from './no-token-in-web-storage';

runRuleTests(rule, {
  valid: [
    // A choice between two stores that are not web storage.
    "const target = remember ? diskStore : memoryStore;\ntarget.setItem('token', token);\n",
    // Preferences and non-secret state.
    "localStorage.setItem('theme', theme);\nsessionStorage.setItem('wizardStep', String(step));\n",
    "localStorage.setItem('tokenExpiry', String(expiresAt));\nlocalStorage.setItem('authRedirect', location.pathname);\n",
    'localStorage.locale = navigator.language;\n',
    // Clearing a token stores nothing.
    "localStorage.setItem('token', '');\nlocalStorage.removeItem('jwt');\nsessionStorage.accessToken = null;\n",
    // A constant value is no credential.
    "const GUEST = 'guest';\nlocalStorage.setItem('session', GUEST);\n",
    // Another object's setItem.
    "const cache = new Map();\ncache.setItem = (k, v) => cache.set(k, v);\ncache.setItem('token', response.token);\n",
    // A local variable that shadows the global and is not web storage.
    "function save(localStorage, token) {\n  localStorage.setItem('token', token);\n}\n",
    // The key decides over the value's name: a non-secret key holding a value named token.
    "localStorage.setItem('lastTokenRequest', tokenRequestedAt);\n",
  ],
  invalid: [
    {
      name: 'a storage chosen at run time between localStorage and sessionStorage',
      code: "const store = remember ? localStorage : sessionStorage;\nstore.setItem('token', token);\n",
      errors: [{ messageId: 'tokenInStorage', line: 2, column: 1, data: { storage: 'localStorage', what: "'token'" } }],
    },
    {
      name: 'a storage given by the caller, web storage by default',
      code: "export function keep(token, options = {}) {\n  const target = options.storage || sessionStorage;\n  target.setItem('access_token', token);\n}\n",
      errors: [{ messageId: 'tokenInStorage', line: 3, column: 3, data: { storage: 'sessionStorage' } }],
    },
    {
      name: 'setItem of a JWT after login',
      code: "async function login(email, password) {\n  const { data } = await api.post('/login', { email, password });\n  localStorage.setItem('jwt', data.token);\n}\n",
      errors: [{ messageId: 'tokenInStorage', line: 3, column: 3, severity: 'warning', confidence: 'high', data: { storage: 'localStorage', what: "'jwt'" } }],
    },
    {
      name: 'property assignment on window.sessionStorage',
      code: 'sessionStorage.accessToken = response.access_token;\nwindow.localStorage.refresh_token = response.refresh_token;\n',
      errors: [
        { messageId: 'tokenInStorage', line: 1, column: 1, data: { storage: 'sessionStorage', what: "'accessToken'" } },
        { messageId: 'tokenInStorage', line: 2, column: 1, data: { storage: 'localStorage', what: "'refresh_token'" } },
      ],
    },
    {
      name: 'bracket key and a key kept in a constant',
      code: "const TOKEN_KEY = 'auth_token';\nlocalStorage['id_token'] = idToken;\nlocalStorage.setItem(TOKEN_KEY, token);\n",
      errors: [
        { messageId: 'tokenInStorage', line: 2, column: 1, data: { what: "'id_token'" } },
        { messageId: 'tokenInStorage', line: 3, column: 1, data: { what: "'auth_token'" } },
      ],
    },
    {
      name: 'a key Rugged cannot read, with a token-named value',
      code: 'export function persist(storageKey: string, accessToken: string) {\n  window.localStorage.setItem(storageKey, accessToken);\n}\n',
      filename: 'auth.ts',
      errors: [{ messageId: 'tokenInStorage', line: 2, column: 3, data: { what: '`accessToken`' } }],
    },
    {
      name: 'a storage object kept in a variable',
      code: "const store = remember ? window.localStorage : window.sessionStorage;\nconst storage = window.localStorage;\nstorage.setItem('sessionId', sid);\n",
      errors: [{ messageId: 'tokenInStorage', line: 3, column: 1, data: { storage: 'localStorage' } }],
    },
  ],
});
