// Command-line parsing for every subcommand: `--name value`, `--name=value`, short aliases and
// `--` before positionals. Mistakes become UsageErrors whose message fits on one line.
import { UsageError } from './usageError';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One-letter alias, without the dash. */
  short?: string;
  /** The only values a string option accepts. */
  values?: readonly string[];
  /** Placeholder shown in help, e.g. FILE. */
  valueName?: string;
  description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  /** Option values by long name; absent options are undefined. */
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Every command understands --help. */
export const HELP_OPTION: OptionSpecs = { help: { type: 'boolean', short: 'h', description: 'Show this help.' } };

export function parseArguments(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const all: OptionSpecs = { ...specs, ...HELP_OPTION };
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const equals = arg.indexOf('=');
    const written = equals > 0 ? arg.slice(0, equals) : arg;
    const name = long ? written.slice(2) : Object.keys(all).find((key) => all[key].short === written.slice(1));
    const spec = name === undefined ? undefined : all[name];
    if (name === undefined || spec === undefined) {
      const hint = long ? nearest(written.slice(2), Object.keys(all)) : undefined;
      throw new UsageError(`unknown option "${written}"${hint ? `; did you mean "--${hint}"?` : ''}`);
    }
    if (spec.type === 'boolean') {
      if (equals > 0) throw new UsageError(`option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    let value: string | undefined = equals > 0 ? arg.slice(equals + 1) : argv[i + 1];
    if (equals < 0) {
      if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`option --${name} needs a value${spec.values ? ` (${spec.values.join(', ')})` : ''}`);
      i++;
    }
    value ??= '';
    if (spec.values && !spec.values.includes(value)) {
      throw new UsageError(`option --${name} must be one of ${spec.values.join(', ')} (got "${value}")`);
    }
    if (value === '') throw new UsageError(`option --${name} needs a non-empty value`);
    options[name] = value;
  }
  return { options, positionals };
}

/** The options part of a command's help text, aligned in two columns. */
export function formatOptions(specs: OptionSpecs): string {
  const rows = Object.entries({ ...specs, ...HELP_OPTION }).map(([name, spec]) => {
    const value = spec.type === 'string' ? ` ${spec.values ? spec.values.join('|') : spec.valueName ?? 'VALUE'}` : '';
    return [`${spec.short ? `-${spec.short}, ` : '    '}--${name}${value}`, spec.description];
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}

function nearest(word: string, candidates: readonly string[]): string | undefined {
  return candidates.find((candidate) => candidate.startsWith(word) || word.startsWith(candidate) || sameLettersOneOff(word, candidate));
}

/** True for a single typo: one letter added, dropped, changed or two swapped. */
function sameLettersOneOff(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i);
  const restB = b.slice(i);
  return (
    restA.slice(1) === restB.slice(1) ||
    restA.slice(1) === restB ||
    restA === restB.slice(1) ||
    (restA.length > 1 && restA[0] === restB[1] && restA[1] === restB[0] && restA.slice(2) === restB.slice(2))
  );
}
