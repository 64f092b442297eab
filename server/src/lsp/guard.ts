// Every handler runs behind this guard: a failure is logged with the document it concerns, the
// status says so, and the client gets an empty answer. One bad request never kills the server.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { redactSecrets } from '../redaction/redact';
import type { StatusReporter } from './status';

export class HandlerGuard {
  constructor(
    private readonly logError: (message: string) => void,
    private readonly status: StatusReporter,
  ) {}

  /**
   * Wraps `handler`; on failure answers `fallback` (a `Failure` answers with an error instead, for
   * requests that have no empty result). `uriOf` names the resource for the log. ResponseErrors
   * pass through: they are deliberate answers that tell the user what to do.
   */
  wrap<P, R, X extends unknown[] = []>(
    name: string,
    fallback: R | Failure,
    uriOf: (params: P) => string | undefined,
    handler: (params: P, ...rest: X) => R | Promise<R>,
  ): (params: P, ...rest: X) => Promise<R> {
    return async (params: P, ...rest: X) => {
      try {
        return await handler(params, ...rest);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        const uri = safeUri(() => uriOf(params));
        this.report(name, uri, error);
        if (fallback instanceof Failure) throw new ResponseError(ErrorCodes.InternalError, `${name} failed for ${uri ?? 'the workspace'}; the Rugged output has the details.`);
        return fallback;
      }
    };
  }

  report(name: string, uri: string | undefined, error: unknown): void {
    // Error messages may quote workspace text (a path, a value read from a file).
    const message = redactSecrets(`${name} failed for ${uri ?? 'the workspace'}: ${describeError(error)}`).text;
    try {
      this.logError(message);
      this.status.failed(message);
    } catch {
      // The connection itself is gone; there is nobody left to tell.
    }
  }
}

/** Marks requests that answer a failure with an error response rather than an empty result. */
export class Failure {}

export const FAIL = new Failure();

function safeUri(uriOf: () => string | undefined): string | undefined {
  try {
    return uriOf();
  } catch {
    return undefined;
  }
}

/** The message and where it happened (one stack frame), never a whole stack trace. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frame = error.stack?.split('\n').find((line) => line.trim().startsWith('at '))?.trim();
  return frame ? `${error.message} (${frame})` : error.message;
}
