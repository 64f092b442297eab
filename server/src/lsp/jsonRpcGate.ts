// JSON-RPC hygiene in front of the connection, for what the library leaves unanswered: a framed
// message that is not JSON gets a Parse error (-32700), JSON that is no JSON-RPC message gets an
// Invalid Request (-32600), and after `shutdown` every further request gets an Invalid Request
// instead of being served (only the `exit` notification and responses still pass).
import { AbstractMessageReader, ErrorCodes, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';

type Id = number | string | null;

export class JsonRpcGate extends AbstractMessageReader {
  private shuttingDown = false;

  /** A `shutdown` request came in: the editor ended the session in order. */
  get shutdownReceived(): boolean {
    return this.shuttingDown;
  }

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
  ) {
    super();
    inner.onError((error) => {
      // A body that is not JSON: the framing held, so the stream is still in step and we can answer.
      if (error instanceof SyntaxError) this.answer(null, ErrorCodes.ParseError, 'Parse error: the message body is not valid JSON.');
      else this.fireError(error);
    });
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message: unknown) => {
      const pass = this.admit(message);
      if (pass) callback(pass);
    });
  }

  override dispose(): void {
    this.inner.dispose();
    super.dispose();
  }

  /** The message to hand on, or undefined when it was answered (or dropped) here. */
  private admit(message: unknown): Message | undefined {
    if (!isObject(message) || message.jsonrpc !== '2.0') {
      this.answer(idOf(message), ErrorCodes.InvalidRequest, 'Invalid Request: not a JSON-RPC 2.0 message.');
      return undefined;
    }
    const hasId = 'id' in message;
    if (typeof message.method !== 'string') {
      if (hasId && ('result' in message || 'error' in message)) return message as unknown as Message;
      this.answer(idOf(message), ErrorCodes.InvalidRequest, 'Invalid Request: a message needs a method, or a result or an error.');
      return undefined;
    }
    if (hasId && !validId(message.id)) {
      this.answer(null, ErrorCodes.InvalidRequest, 'Invalid Request: the id must be a number or a string.');
      return undefined;
    }
    if (this.shuttingDown) {
      if (hasId) this.answer(message.id as Id, ErrorCodes.InvalidRequest, `Invalid Request: the server is shutting down and does not serve ${message.method}.`);
      // Notifications other than exit are dropped, as LSP asks after shutdown.
      return message.method === 'exit' ? (message as unknown as Message) : undefined;
    }
    if (hasId && message.method === 'shutdown') this.shuttingDown = true;
    return message as unknown as Message;
  }

  private answer(id: Id, code: number, message: string): void {
    void this.writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message).catch(() => undefined);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validId(id: unknown): boolean {
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

/** The id to answer with: the message's own when it is usable, else null as JSON-RPC says. */
function idOf(message: unknown): Id {
  return isObject(message) && validId(message.id) ? (message.id as number | string) : null;
}
