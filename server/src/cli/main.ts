// Entry point of the `rugged` command. `run(argv, io)` parses the command line, dispatches to a
// subcommand and returns the exit code; only the bottom of this file touches `process`, and it
// sets `process.exitCode` instead of calling `process.exit`, so output is always flushed.
import { allRules } from '../../../rules/index';
import { BacklogError } from '../backlog/backlog';
import { redactSecrets } from '../redaction/redact';
import { formatOptions, parseArguments } from './args';
import { commands } from './commands/index';
import { UsageError, type CliIo, type Command, type CommandContext } from './context';
import { ExitCode } from './exitCodes';
import { TOOL_HOME, TOOL_NAME, TOOL_VERSION } from '../shared/product';
import { terminalIo } from './terminalIo';
import { limitHeapGrowth } from '../shared/heapPolicy';
import { applyOptimizerPolicy } from './optimizerPolicy';

export type { CliIo } from './context';

export interface RunOptions {
  /** Rules to run instead of the shipped registry (tests). */
  rules?: CommandContext['rules'];
  /** ISO date for expiring suppressions instead of today (tests). */
  today?: string;
}

export async function run(argv: readonly string[], rawIo: CliIo, options: RunOptions = {}): Promise<number> {
  // The one output boundary: whatever a command or an error quotes from the workspace is escaped here.
  const io = terminalIo(rawIo);
  const context: CommandContext = { io, rules: options.rules ?? allRules, toolVersion: TOOL_VERSION, today: options.today };
  try {
    const [first, ...rest] = argv;
    if (first === undefined) throw new UsageError('missing command; run "rugged --help" for the list');
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout.write(rest[0] ? commandHelp(findCommand(rest[0])) : generalHelp());
      return ExitCode.Ok;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${TOOL_VERSION}\n`);
      return ExitCode.Ok;
    }
    const command = findCommand(first);
    const args = parseArguments(rest, command.options);
    if (args.options.help) {
      io.stdout.write(commandHelp(command));
      return ExitCode.Ok;
    }
    return await command.run(args, context);
  } catch (error) {
    // Both explain themselves: a wrong command line, or a backlog that cannot be read or written.
    if (error instanceof UsageError || error instanceof BacklogError) {
      // Messages name files and values of the workspace, which may hold a token.
      io.stderr.write(`rugged: ${redactSecrets(error.message).text}\n`);
    } else {
      // Not the user's fault: say so in one line, without a stack trace, and ask for a report.
      const message = redactSecrets(error instanceof Error ? error.message.split('\n')[0] : String(error)).text;
      io.stderr.write(`rugged: internal error: ${message} (please report it at ${TOOL_HOME}/issues)\n`);
    }
    return ExitCode.Error;
  }
}

function findCommand(name: string): Command {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  if (name.startsWith('-')) throw new UsageError(`unknown option "${name}"; run "rugged --help" for usage`);
  throw new UsageError(`unknown command "${name}"; commands: ${commands.map((c) => c.name).join(', ')}`);
}

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${TOOL_NAME} ${TOOL_VERSION}: security checklist rules for JavaScript and TypeScript`,
    '',
    'Usage: rugged <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also "rugged <command> --help")',
    '  -v, --version  Show the version',
    '',
    `Documentation: ${TOOL_HOME}`,
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', formatOptions(command.options), ...(command.details ? ['', command.details] : []), ''].join('\n');
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Created on first use only: touching process.stdin opens a handle that other commands do not need.
    get stdin() {
      return process.stdin;
    },
    cwd: process.cwd(),
    env: process.env,
  };
}

if (require.main === module) {
  limitHeapGrowth(process.execArgv);
  applyOptimizerPolicy(process.execArgv);
  // A closed pipe (`rugged scan | head`) is not worth a stack trace; other write failures fail the run.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') process.exitCode = ExitCode.Error;
    });
  }
  run(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = ExitCode.Error;
    },
  );
}
