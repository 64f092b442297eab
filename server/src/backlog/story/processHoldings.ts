// What a server process holds that hurts when an attacker takes it, from the workspace's own facts:
// the most valuable column of the tables its SQL names (plaintext passwords first), the committed
// secrets that open something alone (a JWT key mints tokens; an express-session secret opens
// nothing without a stolen id), and an environment file beside it. A story whose attacker runs code
// as the process, or reads its files, names these as the loss instead of "every right and secret
// of it". Nothing is guessed: with no fact the list is empty and the caller says what any server holds.
import { mostValuable, type ValuableColumn } from './groundSql';
import { secretHarm } from './groundSecret';
import type { FileWorthReading, WorkspaceFacts } from './workspaceFacts';
import { joinAnd } from './wordList';

/** A committed secret in a module of the workspace, with what taking it lets the attacker do, and the open story that already owns it. */
export interface HeldSecret {
  file: FileWorthReading;
  /** "I sign tokens with any claims, ...", from what the secret is. */
  harm: string;
  /** The tracker id of the open story that moves and rotates it. */
  owner?: string;
}

export interface Holdings {
  column?: ValuableColumn;
  secrets: HeldSecret[];
  /** Environment files beside the code (their content is never read). */
  envFiles: string[];
}

/** A session secret that only signs random ids opens nothing alone, so it is no loss worth naming. */
const OPENS_NOTHING_ALONE = /express-session|@fastify\/session/;

export function processHoldings(workspace: WorkspaceFacts | undefined): Holdings {
  const files = workspace?.filesWorthReading ?? [];
  const column = mostValuable(workspace?.sqlTables ?? [], undefined);
  const secrets = files
    .filter((f) => !/^(?:the environment file|the SQLite database|a private key)$/.test(f.holds) && !OPENS_NOTHING_ALONE.test(f.holds))
    .map((file): HeldSecret => {
      const owner = workspace?.secretOwners?.find((o) => o.path === file.path)?.id;
      return { file, harm: secretHarm(file.holds), ...(owner ? { owner } : {}) };
    });
  const envFiles = files.filter((f) => f.holds === 'the environment file').map((f) => f.path);
  return { ...(column ? { column } : {}), secrets, envFiles };
}

/** "the plaintext passwords in users.password, the JWT signing key in src/security.js and the secrets in .env", or undefined when no fact names one. */
export function holdingsPhrase(holdings: Holdings): string | undefined {
  const parts = [
    ...(holdings.column ? [holdings.column.phrase] : []),
    ...holdings.secrets.map((s) => `${s.file.holds} in ${s.file.path}`),
    ...holdings.envFiles.map((path) => `the secrets in ${path}`),
  ];
  return parts.length === 0 ? undefined : joinAnd(parts);
}

/** What a column's loss leads to: passwords let the attacker sign in as their owners. */
export function columnHarm(column: ValuableColumn): string {
  if (column.passwords === 'plaintext') return `, and sign in as those users, here and wherever they reused the password`;
  if (column.passwords === 'hashes') return `, and crack the hashes offline to sign in as those users`;
  return '';
}
