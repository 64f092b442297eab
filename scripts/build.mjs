// Bundles the extension client, the language server, the CLI and the library API with esbuild.
// Each bundle is self-contained so the .vsix and `npx rugged` need no node_modules.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { asciiOnly } from './asciiBundle.mjs';

// `--outdir=DIR` lets scripts/package.mjs bundle into a staging folder without touching dist/.
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // Prefer a package's ESM build: jsonc-parser's UMD build loads its modules with a require()
  // that esbuild cannot follow, so the bundle would miss them.
  mainFields: ['module', 'main'],
  // typescript-estree probes for optional project-service code we never use.
  external: ['vscode'],
  // Written below, after asciiOnly: esbuild escapes non-ASCII characters in code but keeps them in
  // the comments it preserves, and one such character makes V8 hold a whole bundle twice as large.
  write: false,
};

const results = await Promise.all([
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: join(outdir, 'server.js') }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: join(outdir, 'extension.js') }),
  build({ ...common, entryPoints: ['server/src/library/api.ts'], outfile: join(outdir, 'api.js') }),
  // The analysis worker of `rugged scan --jobs`, loaded by dist/cli.js from its own folder.
  build({ ...common, entryPoints: ['server/src/cli/scanWorker.ts'], outfile: join(outdir, 'scanWorker.js') }),
  // The language server's workspace-scan worker, loaded by dist/server.js from its own folder.
  build({ ...common, entryPoints: ['server/src/lsp/analysisWorker.ts'], outfile: join(outdir, 'analysisWorker.js') }),
]);
for (const file of results.flatMap((result) => result.outputFiles ?? [])) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, asciiOnly(file.text));
}
chmodSync(join(outdir, 'cli.js'), 0o755);
