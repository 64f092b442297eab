// A command built from a request value has two holes when that value is also part of a file name in
// the command (`tar czf exports/orders-${month}.tgz`): the shell reads it as code, and the command
// reads it as a path. execFile closes the first only; `../` in the value still puts the file the
// command writes, or reads, outside its folder. The story asks for both, naming the field.
import type { AbuserStorySeed } from '../../engine/api';
import type { Finding } from '../../engine/finding';
import type { Grounded, GroundingContext } from './groundingTypes';

const REQUEST_VALUE = String.raw`req(?:uest)?\.(?:body|query|params)\.(\w+)`;
/** The value right after a `/` or right before a `.ext`, in a template or a concatenation. */
const IN_A_PATH: readonly RegExp[] = [
  new RegExp(String.raw`/[\w.-]*\$\{\s*${REQUEST_VALUE}\s*\}`),
  new RegExp(String.raw`\$\{\s*${REQUEST_VALUE}\s*\}\.[A-Za-z]\w*`),
  new RegExp(String.raw`/[\w.-]*['"\x60]\s*\+\s*${REQUEST_VALUE}`),
  new RegExp(String.raw`${REQUEST_VALUE}\s*\+\s*['"\x60]\.[A-Za-z]\w*`),
];

export function groundShellCommand(seed: AbuserStorySeed, _finding: Finding, context: GroundingContext): Grounded {
  const field = fieldInAPath(context.handler);
  if (!field) return { seed };
  const control = `\`${field}\` is checked against the shape it must have (a pattern or a list of allowed values) before it becomes part of a file name in the command, so a value with \`../\` or \`/\` is refused and no file is written or read outside the command's folder`;
  // A value inside a word (`orders-${month}.tgz`) is never read as an option: `--` would be filler.
  const rest = startsAWord(context.handler, field) ? seed.controls.slice(1) : seed.controls.slice(1).filter((c) => !/read as options/.test(c));
  return { seed: { ...seed, controls: [...seed.controls.slice(0, 1), control, ...rest] } };
}

/** Whether the field starts a word of a command line (after a space, or as the whole command), where a leading `-` makes it an option. */
function startsAWord(handler: string, field: string): boolean {
  const value = String.raw`req(?:uest)?\.(?:body|query|params)\.${field}\b`;
  return [new RegExp(String.raw`(?:\s|\x60)\$\{\s*${value}`), new RegExp(String.raw`(?:\s['"\x60]|\()\s*\+?\s*${value}`)].some((p) => p.test(handler));
}

/** The request field a command uses as part of a path, if any. */
export function fieldInAPath(handler: string): string | undefined {
  for (const call of handler.matchAll(/\b(?:exec|execSync|spawn|spawnSync)\s*\(([^;]*)/g)) {
    for (const pattern of IN_A_PATH) {
      const field = pattern.exec(call[1])?.[1];
      if (field) return field;
    }
  }
  return undefined;
}
