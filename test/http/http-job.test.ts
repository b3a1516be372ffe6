import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { definePlugin, NO_OPTIONS, type StreamEvent } from '@mstream/sdk';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import { createWorld, scriptedPlugin } from '../../host/test/fixtures/scripted-plugin.js';
import httpPlugin from '../../plugins/http/src/index.js';
import { freePort, localServer } from './local-server.js';

const RETRY = { initial_backoff_ms: 20, max_backoff_ms: 100 };

function capture() {
  const written: StreamEvent[] = [];
  const plugin = definePlugin({
    id: 'capture', version: '0.0.1', sdk: '^0.1.0',
    register(r) {
      r.service({ provider: 'capture', configSchema: NO_OPTIONS, connect: () => written });
      r.sink({ provider: 'capture', create: () => ({ async write(events) { written.push(...events); }, async close() {} }) });
    },
  });
  return { plugin, written };
}

describe('http plugin in a real job', () => {
  it('sink: retries 5xx, honours Retry-After on 429, dead-letters a 400 and keeps order', { timeout: 30_000 }, async () => {
    const server = await localServer((req, res, i) => {
      const text = req.body.toString();
      if (text.includes('reject')) return void res.writeHead(400).end('{"error":"bad field"}');
      if (i < 2) return void res.writeHead(503).end('busy');
      if (i === 2) return void res.writeHead(429, { 'Retry-After': '1' }).end('slow down');
      res.writeHead(200).end('ok');
    });
    const world = createWorld();
    world.topics.set('in', ['{"id":0}', '{"id":1,"reject":true}', '{"id":2}']);
    const h = await startTestHost({
      plugins: [scriptedPlugin(world), httpPlugin],
      config: {
        services: [
          { provider: 'scripted', name: 'src' },
          { provider: 'http', name: 'api', host: `${server.url}/api`, base_backoff_ms: 20, max_retries: 5, headers: { Authorization: 'Bearer s3cr3t-token', 'X-Team': 'data' } },
        ],
        connectors: [{ name: 'post', source: { service_name: 'src', resource: 'in', output_encoding: 'json' }, sinks: [{ service_name: 'api', resource: 'events', output_encoding: 'json' }], retry: RETRY }],
      },
    });
    try {
      const ok = () => server.received.filter((r) => r.body.toString().includes('"id"') && !r.body.toString().includes('reject'));
      await eventually(() => new Set(ok().slice(3).map((r) => r.body.toString())).size === 2, 15_000, 'both good events accepted');
      assert.equal(server.received[0].path, '/api/events');
      assert.equal(server.received[0].headers['content-type'], 'application/json');
      assert.equal(server.received[0].headers['x-n'], '0', 'attributes travel as X- headers');
      assert.equal(server.received[0].headers.authorization, 'Bearer s3cr3t-token');
      // Three failed attempts of the first event, then its success.
      assert.deepEqual(server.received.slice(0, 4).map((r) => r.body.toString()), Array(4).fill('{"id":0}'));
      assert.ok(server.received[3].at - server.received[2].at >= 900, 'waited for Retry-After: 1');
      const dl = await eventually(async () => ((await h.request('GET', '/jobs/post/dead-letters')).body.total === 1 ? (await h.request('GET', '/jobs/post/dead-letters')).body : undefined));
      assert.equal(dl.items[0].stage, 'sinks[0]');
      assert.match(dl.items[0].reason, /rejected with 400: \{"error":"bad field"\}/);
      assert.doesNotMatch(dl.items[0].reason, /s3cr3t/);
      assert.equal(Buffer.from(dl.items[0].payload, 'base64').toString(), '{"id":1,"reject":true}');
      const services = await h.request('GET', '/services');
      const api = services.body.find((s: { name: string }) => s.name === 'api');
      assert.equal(JSON.stringify(api).includes('s3cr3t'), false, 'the Authorization header is never shown');
      assert.equal(api.headers, '****');
    } finally {
      await h.close();
      await server.close();
    }
  });

  it('middleware: transforms through a local service, merges X- headers, drops on 204 and fans out arrays', { timeout: 30_000 }, async () => {
    const server = await localServer((req, res) => {
      const docs = JSON.parse(req.body.toString()) as Array<{ id: number; name: string }>;
      if (!Array.isArray(docs)) return void res.writeHead(400).end();
      const out = docs.filter((d) => d.id !== 1).flatMap((d) => (d.id === 2 ? [{ ...d, copy: 1 }, { ...d, copy: 2 }] : [{ ...d, name: d.name.toUpperCase() }]));
      if (out.length === 0) return void res.writeHead(204).end();
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Enriched-By': 'local' }).end(JSON.stringify(out));
    });
    const world = createWorld();
    world.topics.set('in', ['{"id":0,"name":"ann"}', '{"id":1,"name":"bob"}', '{"id":2,"name":"cy"}']);
    const sink = capture();
    const h = await startTestHost({
      plugins: [scriptedPlugin(world), httpPlugin, sink.plugin],
      config: {
        services: [{ provider: 'scripted', name: 'src' }, { provider: 'http', name: 'fn', host: server.url, base_backoff_ms: 10 }, { provider: 'capture', name: 'out' }],
        connectors: [
          {
            name: 'enrich',
            batch: { size: 1 },
            source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
            middlewares: [{ service_name: 'fn', resource: '/transform', output_encoding: 'json', options: { batch_mode: 'array' } }],
            sinks: [{ service_name: 'out', resource: 'x', output_encoding: 'json' }],
            retry: RETRY,
          },
        ],
      },
    });
    try {
      await eventually(() => sink.written.length === 3, 10_000, 'three events');
      assert.deepEqual(sink.written.map((e) => JSON.parse(Buffer.from(e.payload).toString())), [{ id: 0, name: 'ANN' }, { id: 2, name: 'cy', copy: 1 }, { id: 2, name: 'cy', copy: 2 }]);
      assert.deepEqual(sink.written[0].attributes, { n: '0', 'enriched-by': 'local' });
      assert.equal(server.received[0].path, '/transform');
    } finally {
      await h.close();
      await server.close();
    }
  });

  it('middleware with concurrent_batches: requests of consecutive batches overlap, events still arrive in order', { timeout: 30_000 }, async () => {
    for (const concurrent of [1, 2]) {
      let open = 0;
      let mostOpen = 0;
      // Answers late, and the first batch slowest, so a later batch's answer comes back first.
      const server = await localServer(async (req, res, i) => {
        mostOpen = Math.max(mostOpen, ++open);
        await new Promise((resolve) => setTimeout(resolve, i === 0 ? 300 : 60));
        open--;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(req.body);
      });
      const world = createWorld();
      const events = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: i }));
      world.topics.set('in', events);
      const sink = capture();
      const h = await startTestHost({
        plugins: [scriptedPlugin(world), httpPlugin, sink.plugin],
        config: {
          services: [{ provider: 'scripted', name: 'src' }, { provider: 'http', name: 'fn', host: server.url }, { provider: 'capture', name: 'out' }],
          connectors: [
            {
              name: 'overlap',
              batch: { size: 5, max_wait_ms: 20 },
              source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
              middlewares: [{ service_name: 'fn', resource: '/echo', output_encoding: 'json', options: { batch_mode: 'array', concurrent_batches: concurrent } }],
              sinks: [{ service_name: 'out', resource: 'x', output_encoding: 'json' }],
              retry: RETRY,
            },
          ],
        },
      });
      try {
        await eventually(() => sink.written.length === 20, 10_000, `20 events (concurrent_batches ${concurrent})`);
        assert.deepEqual(sink.written.map((e) => Buffer.from(e.payload).toString()), events, 'in source order');
        assert.equal(mostOpen, concurrent, `at most ${concurrent} request(s) out at once`);
      } finally {
        await h.close();
        await server.close();
      }
    }
  });

  it('source: answers 202 only after the sink wrote, and 503 when the job stops with requests pending', { timeout: 30_000 }, async () => {
    let hang = false;
    const slow = await localServer(async (req, res) => {
      if (hang) return; // never answers: the event stays in flight
      await new Promise((r) => setTimeout(r, 400));
      res.writeHead(200).end();
    });
    const port = await freePort();
    const h = await startTestHost({
      plugins: [httpPlugin],
      config: {
        services: [{ provider: 'http', name: 'in' }, { provider: 'http', name: 'slow', host: slow.url, max_retries: 1 }],
        connectors: [
          {
            name: 'ingest',
            source: { service_name: 'in', resource: 'ingest', output_encoding: 'json', options: { listen_port: port } },
            sinks: [{ service_name: 'slow', resource: 'store', output_encoding: 'json' }],
            retry: RETRY,
          },
        ],
      },
    });
    try {
      const url = `http://127.0.0.1:${port}/ingest`;
      await eventually(async () => (await fetch(url, { method: 'GET' }).catch(() => undefined))?.status === 405, 5000, 'listener up');
      const res = await fetch(url, { method: 'POST', body: '{"id":1}', headers: { 'Content-Type': 'application/json', 'X-Tenant': 'acme' } });
      const answeredAt = Date.now();
      assert.equal(res.status, 202);
      assert.deepEqual(await res.json(), { accepted: 1 });
      assert.equal(slow.received.length, 1);
      assert.equal(slow.received[0].body.toString(), '{"id":1}');
      assert.equal(slow.received[0].headers['x-tenant'], 'acme');
      assert.ok(answeredAt >= slow.received[0].at + 350, 'the client was answered after the sink server had the body and answered it');

      hang = true;
      const pending = fetch(url, { method: 'POST', body: '{"id":2}', headers: { 'Content-Type': 'application/json' } });
      await eventually(() => slow.received.length === 2, 5000, 'second event reached the sink');
      const stop = await h.request('POST', '/jobs/ingest/stop');
      assert.equal(stop.status, 200);
      const late = await pending;
      assert.equal(late.status, 503);
      assert.equal(late.headers.get('retry-after'), '1');
    } finally {
      await h.close();
      await slow.close();
    }
  });
});
