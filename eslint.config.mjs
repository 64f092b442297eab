// Lint for Rugged's own code: typescript-eslint's type-checked recommended set over every source,
// test and script folder. `npm run lint` runs it and `scripts/test.mjs` runs it before any test.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // Deliberately vulnerable inputs (fixtures, the e2e workspace, examples) are data for the
    // scanner, not code we maintain; dist/ and .cache/ are generated.
    ignores: [
      'dist/',
      'node_modules/',
      '.cache/',
      'test/fixtures/',
      'test/e2e/workspace/',
      'examples/',
      'client/walkthrough/',
    ],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    // A disable comment that no longer suppresses anything is an exception nobody needs: remove it.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: {
        // The scripts written in plain JavaScript are outside tsconfig.json; the default project
        // gives them types too, so the type-aware rules see them.
        projectService: { allowDefaultProject: ['scripts/*.mjs', 'eslint.config.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Rules and the engine compare ESTree `node.type` with string literals, as ESTree is written;
      // typescript-eslint types `type` as an enum, and tsc already rejects a literal that names no
      // member (TS2367, TS2678), which is the mistake this rule is after.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Stripping and escaping control characters from hostile text (terminal output, Markdown,
      // configuration messages) is deliberate here, and those patterns must name them.
      'no-control-regex': 'off',
      // `_name` marks a parameter an interface requires but this implementation does not read,
      // the same convention tsc's noUnusedParameters accepts.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // node:test's describe/it/test return promises the runner itself awaits and reports.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
    },
  },
  {
    // LSP protocol declarations follow vscode-languageserver's own shape, `namespace XRequest {
    // export const type = new RequestType(...) }`, so client and server read them the same way.
    files: ['server/src/shared/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
  {
    files: ['scripts/*.mjs'],
    languageOptions: {
      // The Node globals these scripts use (TypeScript files get them from @types/node).
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      // Plain JavaScript has no annotations: every parameter and every require() is `any`, so these
      // rules would ask for types the language cannot state. The other type-aware rules (floating
      // promises, misused promises, ...) still run here.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
