// The server's end of the wire for the two transports Rugged documents (`--stdio`, `--node-ipc`),
// with the JSON-RPC gate in front of the connection. Other transports the library understands
// (`--socket`, `--pipe`) are left to it, without the gate.
import { IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageWriter } from 'vscode-languageserver/node';
import { format } from 'node:util';
import { JsonRpcGate } from './jsonRpcGate';

export interface Transport {
  reader: JsonRpcGate;
  writer: MessageWriter;
}

export function serverTransport(argv: readonly string[]): Transport | undefined {
  if (argv.includes('--node-ipc')) {
    const writer = new IPCMessageWriter(process);
    return { reader: new JsonRpcGate(new IPCMessageReader(process), writer), writer };
  }
  if (!argv.includes('--stdio')) return undefined;
  const writer = new StreamMessageWriter(process.stdout);
  const reader = new JsonRpcGate(new StreamMessageReader(process.stdin), writer);
  // The editor closing our input is the end of the session, as the library does for its own stdio.
  const ended = () => process.exit(reader.shutdownReceived ? 0 : 1);
  process.stdin.on('end', ended);
  process.stdin.on('close', ended);
  // Standard output carries the protocol: a stray console.log from any dependency must not corrupt it.
  const toStderr = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  return { reader, writer };
}
