import type { IncomingMessage } from 'node:http';

/** The whole body of a request the test servers received, as bytes (empty when none was sent). */
export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
