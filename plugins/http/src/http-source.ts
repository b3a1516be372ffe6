import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionError, createEvent, fromUtf8, utf8, type Encoding, type Source, type SourceDefinition, type StreamEvent } from '@mstream/sdk';
import { encodingOf, headerAttributes } from './http-request.js';
import type { HttpService } from './http-service.js';

/** Source options as validated by the schema below. */
export interface HttpSourceOptions {
  listen_host: string;
  listen_port: number;
  split_arrays: boolean;
  max_pending_requests: number;
  max_body_bytes: number;
}

interface PendingRequest {
  res: ServerResponse;
  remaining: number;
  count: number;
}

/**
 * An HTTP listener: each POST to the path becomes one event (or one per element of a JSON array
 * with `split_arrays`). The client is answered 202 `{accepted: n}` only once the host acked every
 * one of its events, i.e. every sink confirmed them (dead-lettered events count as handled);
 * when the job stops first, it gets 503 and should retry. Positions are sequence numbers of this
 * listener's lifetime: there is nothing to resume. A request's `Idempotency-Key` gives its events
 * their ids.
 */
class HttpListener implements Source {
  private server?: Server;
  private readonly queue: StreamEvent[] = [];
  private readonly owners = new Map<string, PendingRequest>();
  private readonly pending = new Set<PendingRequest>();
  private seq = 0;
  private wake?: () => void;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly options: HttpSourceOptions,
    private readonly encoding: Encoding,
  ) {}

  /** The bound address, for tests that listen on port 0. */
  get address(): AddressInfo | undefined {
    return this.server?.address() as AddressInfo | undefined;
  }

  async open(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new ConnectionError(`cannot listen on ${this.options.listen_host}:${this.options.listen_port}: ${error.message}`, { cause: error })));
      server.listen(this.options.listen_port, this.options.listen_host, () => resolve());
    });
    this.server = server;
  }

  async read(max: number, signal: AbortSignal): Promise<StreamEvent[]> {
    if (this.queue.length === 0 && !signal.aborted && !this.closed) {
      // Wait briefly for a request; the host polls again after an empty read.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 250);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.wake = undefined;
    }
    return this.queue.splice(0, max);
  }

  async ack(positions: Uint8Array[]): Promise<void> {
    for (const position of positions) {
      const key = fromUtf8(position);
      const owner = this.owners.get(key);
      if (!owner) continue; // already acknowledged (acks may repeat)
      this.owners.delete(key);
      if (--owner.remaining === 0) {
        this.pending.delete(owner);
        reply(owner.res, 202, { accepted: owner.count });
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    for (const owner of this.pending) reply(owner.res, 503, { error: 'the job stopped before the events were delivered; retry' }, { 'Retry-After': '1' });
    this.pending.clear();
    this.owners.clear();
    this.queue.length = 0;
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://listener').pathname;
    if (path !== this.path) return reply(res, 404, { error: `nothing listens on ${path}; POST to ${this.path}` });
    if (req.method !== 'POST') return reply(res, 405, { error: 'use POST' }, { Allow: 'POST' });
    if (this.closed) return reply(res, 503, { error: 'the job is stopping' }, { 'Retry-After': '1' });
    if (this.pending.size >= this.options.max_pending_requests) {
      req.resume();
      return reply(res, 429, { error: 'too many requests in flight' }, { 'Retry-After': '1' });
    }
    const body = await readBody(req, this.options.max_body_bytes);
    if (body === 'too-large') return reply(res, 413, { error: `body exceeds ${this.options.max_body_bytes} bytes` }, { Connection: 'close' });
    if (body === 'aborted' || this.closed) return reply(res, 503, { error: 'the job is stopping' });
    const encoding = encodingOf(req.headers['content-type']) ?? this.encoding;
    const attributes = headerAttributes(new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : []))));
    let payloads: Uint8Array[] = [body];
    if (this.options.split_arrays && encoding === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(body).toString('utf8'));
      } catch {
        return reply(res, 400, { error: 'body is not valid JSON' });
      }
      if (Array.isArray(parsed)) payloads = parsed.map((item) => Buffer.from(JSON.stringify(item)));
    }
    if (payloads.length === 0) return reply(res, 202, { accepted: 0 });
    const ids = eventIds(this.path, req.headers['idempotency-key'], payloads.length);
    const owner: PendingRequest = { res, remaining: payloads.length, count: payloads.length };
    this.pending.add(owner);
    res.on('close', () => this.pending.delete(owner));
    const now = Date.now();
    payloads.forEach((payload, i) => {
      const key = String(this.seq++);
      this.owners.set(key, owner);
      this.queue.push(createEvent({ position: utf8(key), id: ids?.[i], payload, encoding, attributes, sourceTimestamp: now }));
    });
    this.wake?.();
  }
}

/**
 * Event ids from the client's `Idempotency-Key` header (IETF draft-ietf-httpapi-idempotency-key-
 * header; the value may be a quoted string): a client that retries a request with the same key
 * sends the same records, so they get the same ids and idempotent sinks write them once. One id
 * per element of a split array. Without the header a request has no stable identity: no ids.
 */
function eventIds(path: string, header: string | string[] | undefined, count: number): string[] | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  const key = raw?.trim().replace(/^"(.*)"$/, '$1');
  if (!key) return undefined;
  const base = `http:${path}/${key}`;
  return count === 1 ? [base] : Array.from({ length: count }, (_, i) => `${base}/${i}`);
}

function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('aborted', () => resolve('aborted'));
    req.on('error', () => resolve('aborted'));
  });
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The `http` source: a listener; the resource is the URL path it accepts POSTs on. */
export const httpSource: SourceDefinition<HttpService, HttpSourceOptions> = {
  provider: 'http',
  resume: 'none',
  resourceLabel: 'URL path to listen on',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['listen_port'],
    properties: {
      listen_host: { type: 'string', default: '127.0.0.1', description: 'Interface to bind; 0.0.0.0 exposes the listener to the network.' },
      listen_port: { type: 'integer', minimum: 0, maximum: 65535, description: 'TCP port (0 picks a free one).' },
      split_arrays: { type: 'boolean', default: false, description: 'A JSON array body becomes one event per element.' },
      max_pending_requests: { type: 'integer', minimum: 1, default: 100, description: 'Requests waiting for delivery; beyond it clients get 429 with Retry-After.' },
      max_body_bytes: { type: 'integer', minimum: 1, default: 10 * 1024 * 1024, description: 'Largest accepted body; larger ones get 413.' },
    },
  },
  create({ resource, options, encoding }) {
    return new HttpListener(`/${resource.replace(/^\/+/, '')}`, options, encoding);
  },
};
