import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../host/test/test-host.js';
export { freePort };

/** One request a local test server received. */
export interface Received {
  at: number;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A real node:http server on 127.0.0.1 with a random port, answering through `handler`. */
export async function localServer(handler: (req: Received, res: ServerResponse, index: number) => void | Promise<void>) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { at: Date.now(), path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      received.push(entry);
      void handler(entry, res, received.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

