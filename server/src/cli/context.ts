// What a command gets to work with: streams, working directory, environment and the rule set.
// Commands never touch `process` directly, so tests run them in-process with fakes.
import type { RuleModule } from '../engine/api';
import type { OptionSpecs, ParsedArgs } from './args';

export interface OutputStream {
  write(chunk: string): unknown;
  /** True when a person is watching (colour is allowed). */
  isTTY?: boolean;
}

/** Where interactive answers come from (`rugged story` without --yes on a terminal). */
export interface InputStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Absent in tests and pipes: commands then never ask questions. */
  stdin?: InputStream;
  /** Relative paths on the command line are resolved against this folder. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * What commands write through: every write is escaped for the terminal (see terminalIo.ts), so
 * text from the workspace cannot steer it.
 */
export interface TerminalOutput extends OutputStream {
  /** Text a formatter coloured after escaping its workspace parts: its colour sequences stay. */
  writeColoured(text: string): void;
}

export interface TerminalIo extends CliIo {
  stdout: TerminalOutput;
}

export interface CommandContext {
  io: TerminalIo;
  /** The rules to run; `allRules` unless a test injects its own. */
  rules: readonly RuleModule[];
  /** The version recorded where output says which Rugged made it (a story's provenance). */
  toolVersion: string;
  /** ISO date for expiring suppressions; today unless a test pins it. */
  today?: string;
}

export { UsageError } from './usageError';

/**
 * A subcommand. Register it in `commands/index.ts` (one line); its help text is built from
 * `usage`, `summary` and `options`.
 */
export interface Command {
  name: string;
  /** One line for `rugged --help`. */
  summary: string;
  /** e.g. `rugged scan [paths...] [options]`. */
  usage: string;
  options: OptionSpecs;
  /** Extra help paragraphs after the options (exit codes, examples). */
  details?: string;
  /** A command with nothing to wait for returns its exit code directly. */
  run(args: ParsedArgs, context: CommandContext): number | Promise<number>;
}
