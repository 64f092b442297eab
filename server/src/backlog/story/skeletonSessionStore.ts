// The hand-made session store's story. Its seed asks for a test that logs in, logs out and replays
// the old session cookie; where the code already deletes the session from its store at logout, that
// test passes before the fix, so none is proposed and the story says what is left to check instead.
import type { AttackOutcome, AttackTarget } from './attackPlan';

/** The store a finding of the hand-made session store rule names (`sessions`). */
export function storeNameOf(message: string): string | undefined {
  const match = /hand-made store `([A-Za-z_$][\w$.]*)`|^`([A-Za-z_$][\w$.]*)` is a hand-made session store/.exec(message);
  return match ? (match[1] ?? match[2]) : undefined;
}

/**
 * The statement that removes a session from `store` inside a logout route (`delete sessions[sid]`,
 * `sessions.delete(sid)`, `sessions[sid] = undefined`), or undefined when no logout does.
 */
export function logoutRemoval(text: string, store: string): string | undefined {
  const name = store.replace(/[.$]/g, (c) => `\\${c}`);
  const removal = new RegExp(`\\bdelete\\s+${name}\\s*\\[[^\\]\\n]+\\]|\\b${name}\\s*\\.\\s*delete\\s*\\([^)\\n]*\\)|\\b${name}\\s*\\[[^\\]\\n]+\\]\\s*=\\s*(?:undefined|null)\\b`, 'g');
  for (const match of text.matchAll(removal)) {
    // The route registered last before the removal is the one it belongs to.
    const routes = [...text.slice(0, match.index).matchAll(/\.(?:get|post|put|delete|all|use)\s*\(\s*['"`]([^'"`]*)['"`]/g)];
    const path = routes[routes.length - 1]?.[1] ?? '';
    if (/log-?out|sign-?out|logoff/i.test(path)) return match[0];
  }
  return undefined;
}

export function homemadeSessionStore(target: AttackTarget): AttackOutcome {
  if (!target.logoutRemoval) return undefined;
  return {
    notProposed: `logout already deletes the session from the store (\`${target.logoutRemoval}\`), so a test that logs in, logs out and replays the old cookie passes before the fix; what the hand-made store lacks (expiry, a new id at login, a store every process shares) needs a clock or a victim's browser to show, so a reviewer checks it`,
  };
}
