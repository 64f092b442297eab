// AS-DPF6NPXH: read every document of every user's shared lists
// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with
// BASE_URL pointing at it (default http://localhost:3001).
const { test } = require('node:test');
const assert = require('node:assert/strict');

const BASE_URL = process.env.BASE_URL || 'http://localhost:3001';
const PAYLOAD = "zz-no-such-value' || '1' == '1";

/** Records in a response: none for a refusal (4xx) or an empty body, the length of a list (or of an envelope's list), else one. */
async function records(response) {
  // A crash or an error page is not a refusal: the fixed code answers the attack like any other value.
  assert.ok(response.status < 500, `answered ${response.status}: the request crashed the handler`);
  if (response.status >= 400) return 0;
  const text = await response.text();
  if (!text.trim()) return 0;
  const body = JSON.parse(text);
  const list = Array.isArray(body) ? body : ['data', 'items', 'results', 'rows'].map((key) => body?.[key]).find(Array.isArray);
  return list ? list.length : body === null ? 0 : 1;
}

// Two user accounts of your test data, each signed in through POST /session/login, with different lists:
// the attacker (ATTACKER) and the victim (VICTIM); ATTACKER_OWNER and VICTIM_OWNER are the values of `owner`
// that name each of them. Set ATTACKER_NAME, ATTACKER_PASSWORD, VICTIM_NAME, VICTIM_PASSWORD, ATTACKER_OWNER and VICTIM_OWNER before running it.
const ATTACKER = { "name": process.env.ATTACKER_NAME, "password": process.env.ATTACKER_PASSWORD };
const VICTIM = { "name": process.env.VICTIM_NAME, "password": process.env.VICTIM_PASSWORD };
const ATTACKER_OWNER = process.env.ATTACKER_OWNER;
const VICTIM_OWNER = process.env.VICTIM_OWNER;

/** Signs in through POST /session/login and returns the headers that carry the login (its cookies). */
async function signIn(account) {
  const response = await fetch(`${BASE_URL}/session/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  assert.ok(response.status < 400, `signing in as ${account["name"]} answered ${response.status}`);
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  assert.ok(cookies.length > 0, 'the login set no cookie');
  return { cookie: cookies.join('; ') };
}

test("AS-DPF6NPXH: GET /todos/lists refuses an injected owner", async () => {
  const attack = await fetch(`${BASE_URL}/todos/lists?owner=${encodeURIComponent(PAYLOAD)}`, { method: 'GET' });
  // Expected: the request is refused (4xx) or returns no document, as a value that matches nothing would.
  assert.equal(await records(attack), 0);
});

test("AS-DPF6NPXH: GET /todos/lists answers a signed-in user with their own lists, whatever owner names", async () => {
  assert.ok(ATTACKER["name"] && ATTACKER["password"] && VICTIM["name"] && VICTIM["password"] && ATTACKER_OWNER && VICTIM_OWNER, "set ATTACKER_NAME, ATTACKER_PASSWORD, VICTIM_NAME, VICTIM_PASSWORD, ATTACKER_OWNER and VICTIM_OWNER first: two user accounts with different lists");
  /** The answer to a request for the records `value` names, sent with `login`. */
  const ask = (login, value) => fetch(`${BASE_URL}/todos/lists?owner=${encodeURIComponent(value)}`, { method: 'GET', headers: login }).catch((error) => assert.fail(`GET /todos/lists gave no answer (${error.cause?.code ?? error.message}): the request stopped the app`));
  const attacker = await signIn(ATTACKER);
  const victim = await signIn(VICTIM);
  const victimsOwn = await (await ask(victim, VICTIM_OWNER)).text();
  const attackersOwn = await (await ask(attacker, ATTACKER_OWNER)).text();
  assert.notEqual(victimsOwn, attackersOwn, 'the two accounts see the same lists: give the victim lists of their own');
  const others = await ask(attacker, VICTIM_OWNER);
  // Expected: the request is refused (403 or 404), or it answers exactly as it does for the attacker's own `owner`.
  if (others.status === 403 || others.status === 404) return;
  assert.ok(others.status < 300, `answered ${others.status} to a signed-in user asking for another user's lists`);
  assert.equal(await others.text(), attackersOwn, "the attacker's answer for the victim's owner is not their own lists: it shows another user's");
});
