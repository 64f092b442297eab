// Opens everything a harness run needs once per suite: the databases (started if needed), one
// administrative connection each, the driver modules cases require, and a scratch folder.
import { rmSync } from 'node:fs';
import { ensureDatabases, openMariadb, openPostgres, openSqlite } from './databases';
import { driverModules } from './driverModules';
import { createScratch, type HarnessContext } from './harness';

/**
 * `self-test` uses databases of its own (created by the setup script), so the harness's own test
 * can run at the same time as the cases without reseeding under them.
 */
export async function openHarnessContext(purpose: 'cases' | 'self-test' = 'cases'): Promise<HarnessContext> {
  const setup = ensureDatabases();
  const suffix = purpose === 'self-test' ? '_self' : '';
  const facts = {
    postgres: { ...setup.postgres, database: setup.postgres.database + suffix },
    mariadb: { ...setup.mariadb, database: setup.mariadb.database + suffix },
  };
  const postgres = await openPostgres(facts.postgres);
  const sqlite = await openSqlite();
  return {
    databases: { postgres: postgres.admin, mariadb: await openMariadb(facts.mariadb), sqlite: sqlite.admin },
    modules: driverModules(facts, postgres.client, sqlite.db),
    scratch: createScratch(),
  };
}

export async function closeHarnessContext(ctx: HarnessContext | undefined): Promise<void> {
  if (!ctx) return;
  await ctx.modules.close();
  for (const db of Object.values(ctx.databases)) await db.close();
  rmSync(ctx.scratch, { recursive: true, force: true });
}
