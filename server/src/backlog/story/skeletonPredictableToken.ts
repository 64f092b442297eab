// The security test for a token drawn from Math.random or the clock. Two tokens that merely differ
// prove nothing (a predictable generator hands out different tokens too), so the test loads the app
// in its own process with Math.random and the clock frozen and asks for a token twice: a token
// derived from them comes back the same, one from a CSPRNG does not. Counters, time-based UUIDs and
// shortid are not frozen this way; for those the story keeps the reviewer's check.
import type { AttackOutcome, AttackTarget } from './attackPlan';
import { IN_PROCESS_REQUIRES, START_APP } from './inProcessApp';
import { bodyFill } from './skeletonBodyFields';
import { requestWith, sendsBody } from './skeletonRequests';

const NOT_PROPOSED =
  'the token is not drawn from Math.random or the clock (a counter, a time-based UUID, shortid) or Rugged cannot see the route that issues it, so a test could only show that two tokens differ, which a predictable generator passes too; a reviewer checks the token comes from crypto.randomBytes or the session library';

/** The sources this test can freeze, as the rule's message names them. */
const FROZEN_SOURCES = /Math\.random\(\)|Date\.now\(\)|new Date\(|getTime\(\)|the clock/;

export function predictableToken(target: AttackTarget, where: string | undefined): AttackOutcome {
  // The message names the source before "is predictable" (its advice names crypto.randomUUID too).
  const source = target.message.split(/ is predictable| makes /)[0];
  if (!where || !FROZEN_SOURCES.test(source) || /the counter|UUID|shortid/.test(source)) return { notProposed: NOT_PROPOSED };
  const name = target.cookieName ?? /\bres\.cookie\(\s*['"]([\w-]+)['"]/.exec(target.regionText ?? '')?.[1];
  // The route may need credentials before it issues a token: every field it reads is sent, an
  // account's from the environment.
  const fill = sendsBody(target.method!) ? bodyFill(target.regionText ?? '', undefined, true) : undefined;
  const refusal = `two ${name ? `\`${name}\` cookies` : 'answers'} issued while Math.random and the clock are frozen differ (the token comes from a CSPRNG)`;
  const init = sendsBody(target.method!) ? ["headers: { 'content-type': 'application/json' }", 'body: JSON.stringify(REQUEST_BODY)'] : [];
  return {
    payload: 'no payload: the test asks for a token twice with Math.random and the clock frozen',
    refusal,
    criterion: (path) => `\`${path}\` loads the app, freezes Math.random and the clock, calls \`${where}\` twice and passes: ${refusal}; it fails before the fix, when both tokens are the same`,
    testName: `${target.key}: ${where} issues tokens that do not depend on Math.random or the clock`,
    inProcess: true,
    requires: { ...IN_PROCESS_REQUIRES },
    preamble: [
      'const ROOT = process.env.PROJECT_ROOT || process.cwd();',
      ...(name ? [`const COOKIE = ${JSON.stringify(name)};`] : []),
      '',
      '// Frozen before the app loads, so every token it draws from them is the same.',
      "const FROZEN = Date.parse('2025-01-01T00:00:00Z');",
      'Math.random = () => 0.5;',
      'const RealDate = Date;',
      'globalThis.Date = class extends RealDate {',
      '  constructor(...args) {',
      '    if (args.length === 0) super(FROZEN);',
      '    else super(...args);',
      '  }',
      '  static now() {',
      '    return FROZEN;',
      '  }',
      '};',
      '',
      ...START_APP,
      '',
      'let BASE_URL;',
      ...(fill ? [...fill.preamble, `const REQUEST_BODY = { ${fill.entries.join(', ')} };`] : []),
      '',
      `/** The token ${name ? 'in the cookie the app sets' : 'the answer carries (its cookies and body)'}. */`,
      'async function issueToken() {',
      `  const answer = await ${requestWith(target as Required<AttackTarget>, undefined, '', init)};`,
      "  assert.ok(answer.status < 400, `the route refused the request (${answer.status}): fill in what it needs to issue a token`);",
      '  const body = await answer.text();',
      '  const cookies = answer.headers.getSetCookie();',
      ...(name
        ? ['  const cookie = cookies.find((c) => c.startsWith(`${COOKIE}=`));', '  return cookie ? cookie.slice(COOKIE.length + 1).split(\';\')[0] : \'\';']
        : ["  return [...cookies.map((c) => c.split(';')[0]), body].join('\\n');"]),
      '}',
    ],
    body: [
      ...(fill?.check ?? []),
      'const server = await startApp();',
      'BASE_URL = `http://127.0.0.1:${server.address().port}`;',
      'try {',
      '  const first = await issueToken();',
      '  const second = await issueToken();',
      "  assert.notEqual(first, '', 'no token was issued: point the request at the route that hands one out');",
      `  // Expected: ${refusal}.`,
      "  assert.notEqual(second, first, 'the same token came back: it is derived from Math.random or the clock, not a CSPRNG');",
      '} finally {',
      '  await stopApp(server);',
      '}',
    ],
  };
}
