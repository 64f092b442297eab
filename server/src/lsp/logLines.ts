// The server's log (`window/logMessage`) quotes URIs, configuration keys and error messages that
// the workspace controls. Editors show it in panes and terminals, so each event is written as
// exactly one line with every control character escaped, like the CLI's stderr, and with every
// secret it might quote redacted: every log line passes here.
import type { RemoteConsole } from 'vscode-languageserver';
import { redactSecrets } from '../redaction/redact';
import { oneLine } from '../shared/terminalText';

const safe = (message: string) => oneLine(redactSecrets(message).text);

export type LogLines = Pick<RemoteConsole, 'error' | 'warn' | 'info' | 'log'>;

export function logLines(console: LogLines): LogLines {
  return {
    error: (message) => console.error(safe(message)),
    warn: (message) => console.warn(safe(message)),
    info: (message) => console.info(safe(message)),
    log: (message) => console.log(safe(message)),
  };
}
