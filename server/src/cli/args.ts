// Command-line parsing for every subcommand: `--name value`, `--name=value`, short aliases and
// `--` before positionals. Mistakes become UsageErrors whose message fits on one line.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../config/suggest';
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

/**
 * Reads the command line with node's `parseArgs` (long and short names, `--name=value`, `--`),
 * without its strict mode: its tokens are checked here so every mistake is one short line that
 * names the option, instead of node's longer messages.
 */
export function parseArguments(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const all: OptionSpecs = { ...specs, ...HELP_OPTION };
  const config: ParseArgsConfig['options'] = {};
  for (const [name, spec] of Object.entries(all)) config[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(all, token.name) ? all[token.name] : undefined;
    if (spec === undefined) {
      const hint = token.rawName.startsWith('--') ? closest(token.name, Object.keys(all)) : undefined;
      throw new UsageError(`unknown option "${token.rawName}"${hint ? `; did you mean "--${hint}"?` : ''}`);
    }
    options[token.name] = spec.type === 'boolean' ? booleanValue(token.name, token.inlineValue) : stringValue(token.name, spec, token.value, token.inlineValue);
  }
  return { options, positionals };
}

function booleanValue(name: string, inlineValue: boolean | undefined): true {
  if (inlineValue) throw new UsageError(`option --${name} takes no value`);
  return true;
}

function stringValue(name: string, spec: OptionSpec, value: string | undefined, inlineValue: boolean | undefined): string {
  // `--output --format json` is a forgotten value, not a file named "--format"; "-" (stdin/stdout) is a value.
  if (value === undefined || (!inlineValue && value.startsWith('-') && value !== '-')) {
    throw new UsageError(`option --${name} needs a value${spec.values ? ` (${spec.values.join(', ')})` : ''}`);
  }
  if (spec.values && !spec.values.includes(value)) throw new UsageError(`option --${name} must be one of ${spec.values.join(', ')} (got "${value}")`);
  if (value === '') throw new UsageError(`option --${name} needs a non-empty value`);
  return value;
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
