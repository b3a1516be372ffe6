import { after, describe, it } from 'node:test';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runAcceptance } from '@mstream/sdk/testing';
import http from './index.js';

// A real local HTTP server stands in for the remote endpoint: it stores each POST body by path
// and rejects bodies that are not JSON with 400 (what `sink.partialWriteThrows` needs).
const stored = new Map<string, Uint8Array[]>();
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    if (req.method !== 'POST') return void res.writeHead(200).end();
    try {
      JSON.parse(body.toString());
    } catch {
      return void res.writeHead(400).end('not json');
    }
    const list = stored.get(req.url ?? '/') ?? [];
    list.push(new Uint8Array(body));
    stored.set(req.url ?? '/', list);
    res.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

// The listener source needs a port per case, known synchronously; consecutive ports from a random base.
let nextPort = 20000 + Math.floor(Math.random() * 10000); // below Linux's ephemeral range (32768+)
const ports = new Map<string, number>();
const portOf = (testId: string) => {
  if (!ports.has(testId)) ports.set(testId, nextPort++);
  return ports.get(testId)!;
};

runAcceptance(
  {
    plugin: http,
    provider: 'http',
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    service: () => ({ host: base, base_backoff_ms: 10, max_retries: 2 }),
    brokenService: () => ({ host: 'http://127.0.0.1:1', connection_timeout_sec: 2 }),
    resource: (testId) => `acc-${testId}`,
    sourceOptions: (testId) => ({ listen_port: portOf(`acc-${testId}`) }),
    badPayload: () => new TextEncoder().encode('{not json'),
    // The client of the listener is answered only after ack, so requests are sent without
    // waiting for their responses (a 503 at close is expected and ignored).
    writeToSource: async ({ resource }, payloads) => {
      await Promise.all(
        payloads.map(
          (payload) =>
            new Promise<void>((resolve, reject) => {
              const req = request({ host: '127.0.0.1', port: portOf(resource), path: `/${resource}`, method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', Connection: 'close' } });
              req.on('response', (res) => res.resume());
              req.on('error', reject);
              req.end(payload, () => resolve());
            }),
        ),
      );
    },
    readFromSink: async ({ resource }, count, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while ((stored.get(`/${resource}`)?.length ?? 0) < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return stored.get(`/${resource}`) ?? [];
    },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
