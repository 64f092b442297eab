// The server's log (`window/logMessage`) quotes URIs, configuration keys and error messages that
// the workspace controls. Editors show it in panes and terminals, so each event is written as
// exactly one line with every control character escaped, like the CLI's stderr.
import type { RemoteConsole } from 'vscode-languageserver';
import { oneLine } from '../shared/terminalText';

export type LogLines = Pick<RemoteConsole, 'error' | 'warn' | 'info' | 'log'>;

export function logLines(console: LogLines): LogLines {
  return {
    error: (message) => console.error(oneLine(message)),
    warn: (message) => console.warn(oneLine(message)),
    info: (message) => console.info(oneLine(message)),
    log: (message) => console.log(oneLine(message)),
  };
}
