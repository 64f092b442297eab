// The trace channel of the language client: the same "Rugged" output, with tracker credentials
// masked. With `rugged.trace.server` on verbose the client logs every request's parameters, and
// backlog requests carry a token; the mask is applied to every line before it is shown.
import * as vscode from 'vscode';
import { CREDENTIAL_FIELDS } from '../../server/src/shared/protocol';

const FIELD = new RegExp(`("(?:${CREDENTIAL_FIELDS.join('|')})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g');

export function maskCredentials(text: string): string {
  return text.replace(FIELD, '$1"[REDACTED]"');
}

/** A view of `output` whose text-writing methods mask credentials first. */
export function maskedTraceChannel(output: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const masked = new Set(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);
  return new Proxy(output, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && masked.has(property)) {
        return (message: unknown, ...rest: unknown[]) => (value as (...args: unknown[]) => unknown).call(target, typeof message === 'string' ? maskCredentials(message) : message, ...rest);
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}
