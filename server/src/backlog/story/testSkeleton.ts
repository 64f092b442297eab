// A security test per story, written for this code: the real method, route, field and payload, the
// story key in its name, and the refusal expected once the fix is in. It talks HTTP to a running
// app (BASE_URL), so it needs no knowledge of how the app is built and runs before and after the fix;
// a committed secret is checked in the files instead. The attacks themselves are in skeletonAttacks.ts.
// Pure: the caller says which test framework the project uses and which libraries it installs.
import { planAttack, type AttackPlan, type AttackTarget } from './skeletonAttacks';
import { withOwnerFieldCase } from './skeletonOwnerField';

export type TestFramework = 'node:test' | 'jest' | 'vitest' | 'mocha';

/** `port`: where the app listens by default, for BASE_URL's default (3000 when unknown). */
export type SkeletonTarget = AttackTarget & { title: string; port?: number };

export interface TestSkeleton {
  /** Where to put it, relative to the project root. */
  path: string;
  framework: TestFramework;
  payload: string;
  /** What the test expects once the fix is in, in words. */
  refusal: string;
  /** The test criterion of the story, naming the test's path. */
  criterion: string;
  /** Control criteria the fix needs for the test to pass, for this code (an error answered, a value checked). */
  controls?: string[];
  code: string;
}

/** A test to write, or why none is proposed (the attack is already stopped), or nothing (Rugged cannot send it). */
export type TestPlan = { skeleton: TestSkeleton } | { notProposed: string } | undefined;

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

export function planTest(target: SkeletonTarget, framework: TestFramework): TestPlan {
  const attack = planAttack(target);
  if (!attack) return undefined;
  if ('notProposed' in attack) return attack;
  const outcome = withOwnerFieldCase(attack, target);
  const path = `test/security/${target.key.toLowerCase()}.test.js`;
  return {
    skeleton: {
      path,
      framework,
      payload: outcome.payload,
      refusal: outcome.refusal,
      criterion: outcome.criterion(path),
      ...(outcome.controls?.length ? { controls: outcome.controls } : {}),
      code: render(target, framework, outcome),
    },
  };
}

/** The skeleton alone, for callers that do not need the reason a test is not proposed. */
export function testSkeleton(target: SkeletonTarget, framework: TestFramework): TestSkeleton | undefined {
  const plan = planTest(target, framework);
  return plan && 'skeleton' in plan ? plan.skeleton : undefined;
}

function render(target: SkeletonTarget, framework: TestFramework, plan: AttackPlan): string {
  const esm = framework === 'vitest';
  const header = {
    'node:test': "const { test } = require('node:test');",
    jest: '// jest provides test() as a global.',
    vitest: "import { test } from 'vitest';",
    mocha: '// mocha provides it() as a global.',
  }[framework];
  const testFn = framework === 'mocha' ? 'it' : 'test';
  const imports = [esm ? "import assert from 'node:assert/strict';" : "const assert = require('node:assert/strict');"];
  const byModule = new Map<string, string[]>();
  for (const [name, module] of Object.entries(plan.requires ?? {})) byModule.set(module, [...(byModule.get(module) ?? []), name]);
  for (const [module, names] of byModule) {
    imports.push(esm ? `import { ${names.join(', ')} } from 'node:${module}';` : `const { ${names.join(', ')} } = require('node:${module}');`);
  }
  const baseUrl = `http://localhost:${target.port ?? 3000}`;
  const http = !plan.inProcess && !plan.payload.startsWith('no payload: the test reads the code');
  return [
    `// ${target.key}: ${target.title}`,
    plan.inProcess
      ? "// Loads the app in this process: fails while the code is vulnerable, passes once the fix is in.\n// Run it from the project root (or set PROJECT_ROOT; APP_ENTRY names the file that starts the app)."
      : http
        ? `// Fails while the code is vulnerable, passes once the fix is in. Start the app, then run it with\n// BASE_URL pointing at it (default ${baseUrl}).`
        : "// Reads the project's files: fails while the weakness is in the code, passes once it is fixed.\n// Run it from the project root (or set PROJECT_ROOT).",
    header,
    ...imports,
    ...block([
      ...(http ? [`const BASE_URL = process.env.BASE_URL || '${baseUrl}';`] : []),
      ...(http && !/^(?:no payload|an unsigned|a token )/.test(plan.payload) ? [`const PAYLOAD = ${JSON.stringify(plan.payload)};`] : []),
    ]),
    ...block(plan.preamble),
    ...[{ testName: plan.testName, body: plan.body }, ...(plan.more ?? [])].flatMap((t) => ['', `${testFn}(${JSON.stringify(t.testName)}, async () => {`, ...t.body.map((line) => `  ${line}`), '});']),
    '',
  ].join('\n');
}

/** Lines preceded by a blank line, or nothing for none. */
function block(lines: readonly string[]): string[] {
  return lines.length > 0 ? ['', ...lines] : [];
}
