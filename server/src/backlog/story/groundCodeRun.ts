// Code an attacker runs inside the server (eval of a request value, a deserialized function) runs
// with what the process holds, and that is the loss to name, not "every right and secret of it":
// the most valuable column of the database it queries, the committed secrets that open something
// alone, an environment file beside it (processHoldings.ts). Where the workspace shows none, the
// harm says what any server process holds: its database connections, environment and files.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { columnHarm, holdingsPhrase, processHoldings } from './processHoldings';

export function groundCodeRun(seed: AbuserStorySeed, _finding: Finding, context: GroundingContext): Grounded {
  return { seed: { ...seed, harm: codeRunHarm(context) } };
}

export function codeRunHarm(context: GroundingContext): string {
  const holdings = processHoldings(context.workspace);
  const phrase = holdingsPhrase(holdings);
  if (!phrase) return 'I copy what the server process holds: the databases it connects to, the secrets in its environment and every file it may read';
  return `I copy what the server process holds: ${phrase}${holdings.column ? columnHarm(holdings.column) : ''}`;
}
