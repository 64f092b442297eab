// The peer the benchmark compares Rugged with: ESLint 9 and the security plugins people install,
// pinned, installed by the benchmark itself into its cache (install scripts disabled), never into
// the repository's node_modules. The ESLint configuration enables each plugin's security rules and
// is written next to them, so the CLI rows and the in-process row lint with the same rules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Exact versions: a peer that changes between runs would make the ratios meaningless. */
export const PEER_SPECS: Readonly<Record<string, string>> = {
  eslint: '9.39.5',
  'eslint-plugin-security': '4.1.0',
  '@microsoft/eslint-plugin-sdl': '1.1.0',
  'eslint-plugin-no-unsanitized': '4.1.5',
  'eslint-plugin-sonarjs': '4.2.2',
  // ESLint parses TypeScript only through a parser plugin; this one wraps the same typescript-estree.
  '@typescript-eslint/parser': '8.74.0',
  typescript: '6.0.3',
};

/**
 * eslint-plugin-sonarjs bundles every Sonar rule (code smells included); these are its
 * vulnerability and security-hotspot rules, the ones a security linter is compared with.
 */
export const SONARJS_SECURITY_RULES = [
  'code-eval', 'content-security-policy', 'cookie-no-httponly', 'cors', 'csrf', 'disabled-auto-escaping',
  'disabled-resource-integrity', 'dompurify-unsafe-config', 'encryption-secure-mode', 'file-permissions', 'frame-ancestors',
  'hardcoded-secret-signatures', 'hashing', 'insecure-cookie', 'insecure-jwt-token', 'link-with-target-blank',
  'no-hardcoded-ip', 'no-hardcoded-passwords', 'no-hardcoded-secrets', 'no-ip-forward', 'no-mixed-content',
  'no-os-command-from-path', 'no-referrer-policy', 'no-session-cookies-on-static-assets', 'no-unsafe-unzip', 'no-weak-cipher',
  'os-command', 'pseudo-random', 'publicly-writable-directories', 'session-regeneration', 'slow-regex', 'sql-queries',
  'strict-transport-security', 'unverified-certificate', 'unverified-hostname', 'web-sql-database', 'x-powered-by', 'xml-parser-xxe',
];

/**
 * Rules that crash ESLint on real code, which stops the whole run (exit 2); left out and listed
 * in RESULTS.md, with what they trip on.
 */
export const CRASHING_RULES: Readonly<Record<string, string>> = {
  '@microsoft/sdl/no-insecure-random': 'throws on `require(name)` with a non-literal argument (path.basename of undefined)',
};

/** Plugin package, the prefix its rules carry in a configuration, and which of its rules run. */
const PLUGINS = [
  { pkg: 'eslint-plugin-security', prefix: 'security', pick: () => true },
  { pkg: '@microsoft/eslint-plugin-sdl', prefix: '@microsoft/sdl', pick: () => true },
  { pkg: 'eslint-plugin-no-unsanitized', prefix: 'no-unsanitized', pick: () => true },
  { pkg: 'eslint-plugin-sonarjs', prefix: 'sonarjs', pick: (name: string) => SONARJS_SECURITY_RULES.includes(name) },
];

export interface Peers {
  folder: string;
  eslintBin: string;
  eslintVersion: string;
  configFile: string;
  /** Enabled rule ids per plugin package, for RESULTS.md. */
  rules: Record<string, string[]>;
  /** Rules left out because they need type information, which no row gives any tool. */
  typeAwareLeftOut: string[];
}

interface RuleMeta {
  meta?: { docs?: { requiresTypeChecking?: boolean }; deprecated?: unknown };
}

/** Installs the pinned peers into `<cache>/peers` unless they are there, and writes the ESLint config. */
export function preparePeers(speedCache: string, options: { offline: boolean }): Peers {
  const folder = join(speedCache, 'peers');
  const installed = (name: string) => {
    const manifest = join(folder, 'node_modules', name, 'package.json');
    return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version === PEER_SPECS[name];
  };
  const missing = Object.keys(PEER_SPECS).filter((name) => !installed(name));
  if (missing.length > 0) {
    if (options.offline) throw new Error(`peers not in the cache (${folder}) and --offline was given: ${missing.join(', ')}`);
    mkdirSync(folder, { recursive: true });
    if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{ "name": "rugged-bench-peers", "private": true }\n');
    const specs = Object.entries(PEER_SPECS).map(([name, version]) => `${name}@${version}`);
    process.stderr.write(`peers: npm install ${specs.join(' ')}\n`);
    const install = spawnSync('npm', ['install', '--prefix', folder, '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', ...specs], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
    if (install.status !== 0) throw new Error(`npm install of the peers failed: ${(install.stderr || install.error?.message || '').trim()}`);
  }
  const load = createRequire(join(folder, 'package.json'));
  const rules: Record<string, string[]> = {};
  const typeAwareLeftOut: string[] = [];
  const enabled: Record<string, string> = {};
  for (const plugin of PLUGINS) {
    const module = load(plugin.pkg) as { rules?: Record<string, RuleMeta> };
    rules[plugin.pkg] = [];
    for (const [name, rule] of Object.entries(module.rules ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const id = `${plugin.prefix}/${name}`;
      if (!plugin.pick(name) || rule.meta?.deprecated || id in CRASHING_RULES) continue;
      if (rule.meta?.docs?.requiresTypeChecking) {
        typeAwareLeftOut.push(id);
        continue;
      }
      rules[plugin.pkg].push(id);
      enabled[id] = 'warn';
    }
  }
  const configFile = join(speedCache, 'eslint.config.cjs');
  writeFileSync(configFile, eslintConfigText(folder, enabled));
  return {
    folder,
    eslintBin: join(folder, 'node_modules', 'eslint', 'bin', 'eslint.js'),
    eslintVersion: PEER_SPECS.eslint,
    configFile,
    rules,
    typeAwareLeftOut,
  };
}

/**
 * A flat configuration as plain CommonJS (ESLint loads it; the Linter row requires it): the
 * plugins from the peers folder, the chosen rules on every source, CommonJS for .cjs and the
 * TypeScript parser for TypeScript, the way a project would set ESLint up for this code.
 */
export function eslintConfigText(peersFolder: string, enabled: Record<string, string>): string {
  return `// Written by npm run bench (scripts/speed/peers.ts); regenerated on every run.
const load = require('node:module').createRequire(${JSON.stringify(join(peersFolder, 'package.json'))});
const plugins = {
  security: load('eslint-plugin-security'),
  '@microsoft/sdl': load('@microsoft/eslint-plugin-sdl'),
  'no-unsanitized': load('eslint-plugin-no-unsanitized'),
  sonarjs: load('eslint-plugin-sonarjs'),
};
const rules = ${JSON.stringify(enabled, null, 2)};
const common = { plugins, rules, linterOptions: { reportUnusedDisableDirectives: 'off' } };
module.exports = [
  { ...common, files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  { ...common, files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'], languageOptions: { parser: load('@typescript-eslint/parser'), ecmaVersion: 'latest', sourceType: 'module' } },
];
`;
}
