// The CLI's output boundary: `run()` wraps the real streams once, so every line any command
// prints passes through the terminal escaping, whoever wrote the message and whatever it quotes.
import { escapeForTerminal, escapeKeepingColours } from '../shared/terminalText';
import type { CliIo, OutputStream, TerminalIo, TerminalOutput } from './context';

/** Newlines and tabs on stdout are the formatters' own layout (reports, tables, JSON). */
const LAYOUT = '\n\t';

export function terminalIo(io: CliIo): TerminalIo {
  return {
    stdout: documentStream(io.stdout),
    stderr: messageStream(io.stderr),
    cwd: io.cwd,
    env: io.env,
    // A getter, not a copy: reading the real process.stdin opens a handle other commands do not need.
    get stdin() {
      return io.stdin;
    },
  };
}

/** stdout carries documents: their line breaks stay, everything else is escaped. */
function documentStream(raw: OutputStream): TerminalOutput {
  return {
    isTTY: raw.isTTY,
    write: (chunk: string) => raw.write(escapeForTerminal(chunk, LAYOUT)),
    writeColoured: (text: string) => void raw.write(escapeKeepingColours(text, LAYOUT)),
  };
}

/**
 * stderr carries messages, one per write (an error, a warning, a question): only a final newline
 * stays, so each message is exactly one line whatever it quotes.
 */
function messageStream(raw: OutputStream): OutputStream {
  return {
    isTTY: raw.isTTY,
    write: (chunk: string) => {
      const ended = chunk.endsWith('\n');
      return raw.write(`${escapeForTerminal(ended ? chunk.slice(0, -1) : chunk)}${ended ? '\n' : ''}`);
    },
  };
}
