// A security test per story, written for this code: the real method, route, field and payload, the
// story key in its name, and the refusal expected once the fix is in. It talks HTTP to a running
// app (BASE_URL), so it needs no knowledge of how the app is built and runs before and after the fix.
// Pure: the caller says which test framework the project uses.

export type TestFramework = 'node:test' | 'jest' | 'vitest' | 'mocha';

export interface SkeletonTarget {
  key: string;
  title: string;
  method: string;
  /** Full route with its mount prefix, e.g. `/products/:id`. */
  route: string;
  field: { location: 'query' | 'params' | 'body'; name: string };
  ruleId: string;
}

export interface TestSkeleton {
  /** Where to put it, relative to the project root. */
  path: string;
  framework: TestFramework;
  payload: string;
  /** What the test expects once the fix is in, in words. */
  refusal: string;
  code: string;
}

interface Attack {
  payload: (location: SkeletonTarget['field']['location']) => string;
  refusal: string;
}

/** Rule families whose attack an HTTP request can show, with the payload and what a fixed app answers. */
const ATTACKS: Readonly<Record<string, Attack>> = {
  sql: {
    // A value that matches nothing, then a condition that is always true: a query built from text
    // returns records, a bound parameter returns none.
    payload: (location) => (location === 'params' ? '999999 OR 1=1' : "zz-no-such-value' OR '1'='1' -- "),
    refusal: 'the request is refused (4xx) or returns no record, as a value that matches nothing would',
  },
};

/** Which framework the project's package.json names; node:test when none. */
export function detectFramework(packageJson: string | undefined): TestFramework {
  if (!packageJson) return 'node:test';
  try {
    const pkg = JSON.parse(packageJson) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    for (const name of ['vitest', 'jest', 'mocha'] as const) if (deps[name]) return name;
  } catch {
    // An unreadable package.json says nothing about the framework.
  }
  return 'node:test';
}

export function testSkeleton(target: SkeletonTarget, framework: TestFramework): TestSkeleton | undefined {
  const attack = ATTACKS[target.ruleId.split('/')[0]];
  if (!attack || !['GET', 'DELETE', 'POST', 'PUT', 'PATCH'].includes(target.method)) return undefined;
  const payload = attack.payload(target.field.location);
  const path = `test/security/${target.key.toLowerCase()}.test.js`;
  const name = `${target.key}: ${target.method} ${target.route} refuses an injected ${target.field.name}`;
  return { path, framework, payload, refusal: attack.refusal, code: render(target, framework, payload, attack.refusal, name) };
}

function render(target: SkeletonTarget, framework: TestFramework, payload: string, refusal: string, name: string): string {
  const header = {
    'node:test': "const { test } = require('node:test');",
    jest: '// jest provides test() as a global.',
    vitest: "import { test } from 'vitest';",
    mocha: '// mocha provides it() as a global.',
  }[framework];
  const testFn = framework === 'mocha' ? 'it' : 'test';
  const assertImport = framework === 'vitest' ? "import assert from 'node:assert/strict';" : "const assert = require('node:assert/strict');";
  const { location, name: field } = target.field;
  const request = (value: string) => requestFor(target, location, field, value);
  return [
    `// ${target.key}: ${target.title}`,
    '// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with',
    '// BASE_URL pointing at it (default http://localhost:3000).',
    header,
    assertImport,
    '',
    "const BASE_URL = process.env.BASE_URL || 'http://localhost:3000';",
    `const PAYLOAD = ${JSON.stringify(payload)};`,
    '',
    '/** Records in a response: none for a refusal (4xx/5xx) or an empty body, the length of a list, else one. */',
    'async function records(response) {',
    '  if (response.status >= 400) return 0;',
    '  const text = await response.text();',
    '  if (!text.trim()) return 0;',
    '  const body = JSON.parse(text);',
    '  return Array.isArray(body) ? body.length : body === null ? 0 : 1;',
    '}',
    '',
    `${testFn}(${JSON.stringify(name)}, async () => {`,
    `  const attack = await ${request('PAYLOAD')};`,
    `  // Expected: ${refusal}.`,
    '  assert.equal(await records(attack), 0);',
    '});',
    '',
  ].join('\n');
}

function requestFor(target: SkeletonTarget, location: SkeletonTarget['field']['location'], field: string, value: string): string {
  if (location === 'params') {
    const path = target.route.replace(new RegExp(`:${field}\\b`), `\${encodeURIComponent(${value})}`);
    return `fetch(\`\${BASE_URL}${path}\`, { method: '${target.method}' })`;
  }
  if (location === 'query') return `fetch(\`\${BASE_URL}${target.route}?${field}=\${encodeURIComponent(${value})}\`, { method: '${target.method}' })`;
  return `fetch(\`\${BASE_URL}${target.route}\`, { method: '${target.method}', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ${JSON.stringify(field)}: ${value} }) })`;
}
