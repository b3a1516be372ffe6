// @requires-services kafka
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import httpPlugin from '../../plugins/http/src/index.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { BROKERS, bareKafka, createTopic, produce, unique } from '../kafka/kafka-helpers.js';
import { localServer, type Received } from './local-server.js';

// Issue 16, item 2: the HTTP sink and middleware send an Idempotency-Key derived from each
// event's source identity, so a retried request and a replay after a restart carry the same key
// and an endpoint that honours it does the work once. The Kafka service seeks back an hour on
// every start: the second host replays every message.

const TOTAL = 30;
const KEY = /^"[0-9a-f]{32}"$/;

describe('Idempotency-Key of the HTTP sink and middleware', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('is the same on retries and on a replay after a restart, one key per message; array mode keys the batch', { timeout: 120_000 }, async () => {
    const failedOnce = new Set<string>();
    const server = await localServer((req, res) => {
      const body = req.body.toString();
      // Each path fails the first attempt of one request, so the retry shows its key.
      const first = `${req.path}|${req.path === '/api/batch' ? 'first batch' : body}`;
      if ((body.includes('"n":3,') || req.path === '/api/batch') && !failedOnce.has(first)) {
        failedOnce.add(first);
        return void res.writeHead(503).end('busy');
      }
      if (req.path === '/api/transform') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      res.writeHead(200).end('ok');
    });
    const kafka = bareKafka();
    const topic = unique('idem-in');
    const job = unique('idem');
    await createTopic(kafka, topic, 2);
    await produce(kafka, topic, Array.from({ length: TOTAL }, (_, i) => ({ value: JSON.stringify({ n: i, pad: 'x' }) })));
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-idem-'));
    dirs.push(dataDir);
    const config = {
      services: [
        { provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, offset_seek_back_seconds: 3600 },
        { provider: 'http', name: 'api', host: `${server.url}/api`, base_backoff_ms: 10, max_retries: 5 },
      ],
      connectors: [{
        name: job,
        source: { service_name: 'kafka', resource: topic, input_encoding: 'json', output_encoding: 'json' },
        middlewares: [{ service_name: 'api', resource: 'transform', output_encoding: 'json' }],
        sinks: [
          { service_name: 'api', resource: 'events', output_encoding: 'json' },
          { service_name: 'api', resource: 'batch', output_encoding: 'json', options: { batch_mode: 'array' } },
          { service_name: 'api', resource: 'plain', output_encoding: 'json', options: { idempotency_key: false } },
        ],
        batch: { kind: 'count', size: 10, max_wait_ms: 50 },
        retry: { initial_backoff_ms: 20, max_backoff_ms: 100 },
      }],
    };
    const at = (p: string) => server.received.filter((r) => r.path === p);
    try {
      for (const run of [1, 2]) {
        const h = await startTestHost({ discover: false, plugins: [kafkaPlugin, httpPlugin], config, dataDir });
        try {
          await eventually(() => new Set(at('/api/events').map((r) => r.body.toString())).size === TOTAL && at('/api/events').length >= run * TOTAL + 1, 60_000, `run ${run}: every message posted`);
          await eventually(async () => (await h.request('GET', `/jobs/${job}/metrics`)).body.events_processed >= TOTAL, 30_000, `run ${run}: every message written`);
        } finally {
          await h.close();
        }
      }

      const keysByBody = (requests: Received[]) => {
        const map = new Map<string, Set<string>>();
        for (const r of requests) {
          const body = r.body.toString();
          const set = map.get(body) ?? new Set<string>();
          set.add(String(r.headers['idempotency-key']));
          map.set(body, set);
        }
        return map;
      };
      for (const p of ['/api/events', '/api/transform']) {
        const byBody = keysByBody(at(p));
        assert.equal(byBody.size, TOTAL, `${p}: every message`);
        for (const [body, keys] of byBody) {
          assert.equal(keys.size, 1, `${p}: one key for ${body} across its retries and the replay (${[...keys].join(', ')})`);
          assert.match([...keys][0], KEY);
        }
        const counts = new Map<string, number>();
        for (const r of at(p)) counts.set(r.body.toString(), (counts.get(r.body.toString()) ?? 0) + 1);
        assert.ok([...counts.values()].every((n) => n >= 2), `${p}: the replay re-sent every message`);
        assert.equal(new Set([...byBody.values()].map((k) => [...k][0])).size, TOTAL, `${p}: different messages, different keys`);
      }
      const retried = at('/api/events').filter((r) => r.body.toString().includes('"n":3,'));
      assert.ok(retried.length >= 3, 'the failed attempt, its retry and the replay');
      // Keys are scoped by URL: the transform and the sink, two endpoints of one API, get different ones.
      const sinkKeys = new Set([...keysByBody(at('/api/events')).values()].map((k) => [...k][0]));
      assert.ok([...keysByBody(at('/api/transform')).values()].every((k) => !sinkKeys.has([...k][0])));

      const batches = at('/api/batch');
      assert.ok(batches.length >= 3);
      for (const r of batches) assert.match(String(r.headers['idempotency-key']), KEY);
      assert.equal(batches[0].headers['idempotency-key'], batches[1].headers['idempotency-key'], 'a retried batch keeps its key');
      assert.equal(batches[0].body.toString(), batches[1].body.toString());
      assert.ok(at('/api/plain').every((r) => r.headers['idempotency-key'] === undefined), 'idempotency_key = false sends none');
    } finally {
      await server.close();
    }
  });
});
