// Where a file sits in a project says what its findings mean: a query built from strings in a
// migration or a test is not the one a user's request reaches. The conventions are one table of
// data, so the rules never look at paths, and a project adds or replaces globs in `.rugged.json`.

/** The kinds of code that are not the product; everything else is production. */
export const CONTEXT_KINDS = ['vendored', 'fixture', 'mock', 'test', 'example', 'migration', 'script'] as const;
export type ContextKind = (typeof CONTEXT_KINDS)[number];

/**
 * What a context does to a finding's severity: `info` makes it at most info, `lower` takes it one
 * step down (error to warning, warning to info), `off` leaves it as the rule said.
 */
export type ContextEffect = 'info' | 'lower' | 'off';
export const CONTEXT_EFFECTS: readonly ContextEffect[] = ['info', 'lower', 'off'];

export interface ContextSettings {
  /** Globs of files that are production code even where a context glob matches; checked first. */
  production: string[];
  /** minimatch globs relative to the project root, per context; the first kind (in CONTEXT_KINDS order) that matches wins. */
  globs: Record<ContextKind, string[]>;
  effects: Record<ContextKind, ContextEffect>;
}

/**
 * The conventions, most specific first: a fixture under `test/` is a fixture, a test under
 * `vendor/` is vendored. Folder names match at any depth (monorepo packages have their own);
 * `scripts/` and `tools/` only at the root or a package's root, because `public/scripts/` is code
 * a browser runs.
 */
export const DEFAULT_CONTEXT_GLOBS: Readonly<Record<ContextKind, readonly string[]>> = {
  vendored: ['**/vendor/**', '**/vendors/**', '**/third_party/**', '**/third-party/**', '**/bower_components/**', '**/node_modules/**', '**/*.min.js'],
  fixture: ['**/fixtures/**', '**/fixture/**', '**/__fixtures__/**', '**/__testfixtures__/**', '**/testdata/**', '**/test-data/**', '**/__snapshots__/**'],
  mock: ['**/__mocks__/**', '**/mocks/**', '**/*.mock.*'],
  test: [
    '**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/specs/**', '**/e2e/**', '**/cypress/**', '**/playwright/**',
    '**/*.test.*', '**/*.spec.*', '**/*.e2e.*', '**/*.cy.*', '**/*_test.*',
  ],
  example: ['**/examples/**', '**/example/**', '**/demo/**', '**/demos/**', '**/samples/**', '**/sample/**'],
  migration: ['**/migrations/**', '**/migration/**', '**/seeders/**', '**/seeds/**', '**/db/migrate/**'],
  script: [
    'scripts/**', 'tools/**', '*/*/scripts/**', '*/*/tools/**', '.github/**',
    '**/[Gg]runtfile.*', '**/[Gg]ulpfile.*', '**/[Jj]akefile.*',
    '**/webpack.config.*', '**/rollup.config.*', '**/vite.config.*', '**/esbuild.config.*', '**/babel.config.*',
    '**/jest.config.*', '**/vitest.config.*', '**/karma.conf.*', '**/playwright.config.*', '**/cypress.config.*',
  ],
};

/**
 * Test, fixture, mock and example code is not deployed: its findings are information. Scripts and
 * migrations run with the maintainer's input on the maintainer's machine, not a visitor's, so they
 * are one step down. Vendored code is someone else's to fix.
 */
export const DEFAULT_CONTEXT_EFFECTS: Readonly<Record<ContextKind, ContextEffect>> = {
  vendored: 'info',
  fixture: 'info',
  mock: 'info',
  test: 'info',
  example: 'info',
  migration: 'lower',
  script: 'lower',
};

export function defaultContextSettings(): ContextSettings {
  const globs = {} as Record<ContextKind, string[]>;
  for (const kind of CONTEXT_KINDS) globs[kind] = [...DEFAULT_CONTEXT_GLOBS[kind]];
  return { production: [], globs, effects: { ...DEFAULT_CONTEXT_EFFECTS } };
}

/** How a context is named in outputs: "test file", "vendored file". */
export function describeContext(kind: ContextKind): string {
  return `${kind} file`;
}
