// A secret compared with request input is often read from the environment. When nothing gives it a
// default and nothing refuses to start without it, an unset variable is `undefined`, and so is a
// header the request leaves out: `undefined === undefined` lets that request in with no timing at
// all. That, not the byte-by-byte timing, is then the cheap way in, and the story says so.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';
import { envVarsGuarded } from './workspaceFacts';

export function groundTimingComparison(seed: AbuserStorySeed, finding: Finding, context: GroundingContext): Grounded {
  const comparison = context.text.slice(finding.range.start.offset, finding.range.end.offset);
  const variable = unguardedEnvSecret(comparison, finding, context);
  if (!variable) return { seed };
  const input = missingInputOf(finding);
  const comparesSignatures = /webhook|signature|hmac/i.test(context.handler);
  return {
    seed: {
      ...seed,
      harm: `I use {asset} without the key: while \`${variable}\` is unset where the app runs, a request without ${input} matches it (\`undefined === undefined\`), and otherwise I recover the key one byte at a time by timing my guesses`,
      controls: [
        `The app refuses to start when \`${variable}\` is unset or empty, and the key is compared with crypto.timingSafeEqual on buffers of equal length, so a request without ${input} is refused (403) whatever the environment holds`,
        ...seed.controls.slice(1).filter((c) => comparesSignatures || !/webhook/i.test(c)),
      ],
    },
    unsetEnv: { variable, input },
    likelihood: {
      level: 2,
      reason: `\`${variable}\` comes from the environment with no default and nothing refuses to start without it, so wherever it is unset a request without ${input} gets in`,
    },
  };
}

/** The environment variable the secret side reads, when nothing gives it a default or checks it at start-up. */
function unguardedEnvSecret(comparison: string, finding: Finding, context: GroundingContext): string | undefined {
  const direct = /process\.env\.([A-Za-z_]\w*)|process\.env\[\s*['"]([^'"]+)['"]\s*\]/.exec(comparison);
  let variable = direct ? (direct[1] ?? direct[2]) : undefined;
  if (direct && /^\s*(?:\|\||\?\?)/.test(comparison.slice(direct.index + direct[0].length))) return undefined;
  if (!variable) {
    // `const KEY = process.env.KEY;` read once at the top of the file, with nothing after it.
    const name = /^`?([A-Za-z_$][\w$]*)`?$/.exec(String(finding.data?.secret ?? ''))?.[1];
    const declared = name ? new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*=\\s*process\\.env\\.([A-Za-z_]\\w*)\\s*(?:;|\\n)`).exec(context.text) : null;
    variable = declared?.[1];
  }
  if (!variable) return undefined;
  const guarded = new Set([...(context.workspace?.envGuarded ?? []), ...envVarsGuarded(context.text)]);
  return guarded.has(variable) ? undefined : variable;
}

/** "the `x-api-key` header" for a header, else the input as the rule names it. */
function missingInputOf(finding: Finding): string {
  const input = /\((.*)\)$/.exec(String(finding.data?.input ?? ''))?.[1] ?? '';
  const header = /headers(?:\.|\[\s*['"])([\w-]+)|\.get\(\s*['"]([\w-]+)['"]/i.exec(input);
  if (header) return `the \`${header[1] ?? header[2]}\` header`;
  return input ? `\`${input}\`` : 'the value';
}
