import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, scriptedPlugin } from './fixtures/scripted-plugin.js';
import { eventually, startTestHost, type TestHost } from './test-host.js';

const SECRET = 'hunter2-very-secret';

describe('REST API', () => {
  let h: TestHost;
  const world = createWorld();

  before(async () => {
    world.topics.set('in', ['{"id":1}', '{"id":2}', '{"reject":true}']);
    h = await startTestHost({
      plugins: [scriptedPlugin(world)],
      config: {
        services: [
          { provider: 'scripted', name: 'src', password: SECRET },
          { provider: 'scripted', name: 'dst' },
        ],
        connectors: [
          {
            name: 'copy',
            source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
            sinks: [{ service_name: 'dst', resource: 'out', output_encoding: 'json' }],
          },
        ],
      },
    });
    await eventually(() => world.written.get('out')?.length === 2);
  });
  after(() => h.close());

  describe('monitoring', () => {
    it('GET /health reports healthy, the version and uptime', async () => {
      const res = await h.request('GET', '/health');
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'healthy');
      assert.match(res.body.version, /^\d+\.\d+\.\d+/);
      assert.equal(typeof res.body.uptime_seconds, 'number');
    });

    it('GET /stats sums running jobs and counts jobs by state', async () => {
      const res = await h.request('GET', '/stats');
      assert.equal(res.status, 200);
      assert.equal(res.body.total_events_processed, 3);
      assert.equal(res.body.running_jobs, 1);
      assert.equal(res.body.error_jobs, 0);
    });

    it('GET /jobs/{name}/metrics shows counters, lag and windowed throughput', async () => {
      const res = await h.request('GET', '/jobs/copy/metrics');
      assert.equal(res.status, 200);
      assert.equal(res.body.events_processed, 3);
      assert.equal(res.body.dead_letters, 1);
      assert.ok(res.body.throughput_per_second > 0);
      assert.ok(res.body.last_processed_at);
      assert.equal((await h.request('GET', '/jobs/nope/metrics')).status, 404);
    });

    it('GET /metrics is Prometheus text with per-job series', async () => {
      const res = await h.request('GET', '/metrics');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /text\/plain/);
      assert.match(res.body, /mstream_job_events_processed_total\{job="copy"\} 3/);
      assert.match(res.body, /# TYPE mstream_job_lag_seconds gauge/);
    });

    it('GET /openapi.json describes every route', async () => {
      const res = await h.request('GET', '/openapi.json');
      assert.equal(res.status, 200);
      for (const path of ['/health', '/jobs', '/jobs/{name}/dead-letters/redrive', '/services/{name}/schemas/{id}', '/logs/stream', '/plugins', '/test-suites/{id}']) {
        assert.ok(res.body.paths[path], `${path} documented`);
      }
    });
  });

  describe('services', () => {
    it('lists services with secrets masked and usage', async () => {
      const res = await h.request('GET', '/services');
      assert.equal(res.status, 200);
      const src = res.body.find((s: { name: string }) => s.name === 'src');
      assert.equal(src.password, '****');
      assert.deepEqual(src.used_by_jobs, ['copy']);
      assert.ok(!JSON.stringify(res.body).includes(SECRET));
      assert.equal((await h.request('GET', '/services?provider=none')).body.length, 0);
    });

    it('creates a service, refuses a duplicate with 409 and a bad one with every problem', async () => {
      const created = await h.request('POST', '/services', { provider: 'scripted', name: 'extra', password: 'another-secret' });
      assert.equal(created.status, 201);
      assert.equal(created.body.item.password, '****');
      assert.equal((await h.request('POST', '/services', { provider: 'scripted', name: 'extra' })).status, 409);
      const bad = await h.request('POST', '/services', { provider: 'scripted', name: 'bad name!', colour: 'blue' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'MS_ERR_CONFIG_INVALID');
      const paths = bad.body.issues.map((i: { path: string }) => i.path);
      assert.deepEqual(paths.sort(), ['body.colour', 'body.name']);
      const unknown = await h.request('POST', '/services', { provider: 'kafka-x', name: 'k' });
      assert.equal(unknown.status, 400);
      assert.match(unknown.body.message, /unknown provider "kafka-x"/);
    });

    it('GET /services/{name} is 404 for an unknown service', async () => {
      const res = await h.request('GET', '/services/ghost');
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'MS_ERR_NOT_FOUND');
    });

    it('refuses to delete a service in use and deletes an unused one', async () => {
      const inUse = await h.request('DELETE', '/services/src');
      assert.equal(inUse.status, 409);
      assert.match(inUse.body.message, /in use by jobs: copy/);
      assert.equal((await h.request('DELETE', '/services/extra')).status, 200);
      assert.equal((await h.request('DELETE', '/services/extra')).status, 404);
    });

    it('answers 400 for resources and schemas a provider does not support', async () => {
      for (const route of ['/services/dst/resources', '/services/dst/resources/x', '/services/dst/schemas', '/services/dst/schema/introspect?resource=x']) {
        const res = await h.request('GET', route);
        assert.equal(res.status, 400, route);
        assert.equal(res.body.code, 'MS_ERR_UNSUPPORTED', route);
      }
      assert.equal((await h.request('GET', '/services/dst/schema/introspect')).status, 400);
      assert.equal((await h.request('PUT', '/services/dst/resources/x', { content: 'x' })).status, 400);
      assert.equal((await h.request('PUT', '/services/dst/resources/x', { nope: 1 })).status, 400);
      assert.equal((await h.request('POST', '/services/dst/schemas', { name: 'n', encoding: 'xml', definition: '{}' })).status, 400);
      assert.equal((await h.request('GET', '/services/ghost/resources')).status, 404);
    });
  });

  describe('jobs', () => {
    it('lists jobs with state, pipeline and plugin versions', async () => {
      const res = await h.request('GET', '/jobs');
      assert.equal(res.status, 200);
      assert.equal(res.body[0].name, 'copy');
      assert.equal(res.body[0].state, 'running');
      assert.deepEqual(res.body[0].linked_services, ['src', 'dst']);
      assert.deepEqual(res.body[0].plugin_versions, { scripted: '1.2.3' });
    });

    it('reports every problem of a bad job definition with its path', async () => {
      const res = await h.request('POST', '/jobs', {
        name: 'broken',
        source: { service_name: 'kafka-x', resource: 'a', output_encoding: 'xml' },
        sinks: [{ service_name: 'src', output_encoding: 'json', extra: 1 }],
        batch: { size: 0 },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'MS_ERR_CONFIG_INVALID');
      const issues = res.body.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`);
      assert.ok(issues.includes('body.source.service_name: unknown service "kafka-x"'), issues.join('\n'));
      assert.ok(issues.some((i: string) => i.startsWith('body.source.output_encoding')));
      assert.ok(issues.some((i: string) => i.startsWith('body.sinks[0].resource')));
      assert.ok(issues.some((i: string) => i.startsWith('body.sinks[0].extra')));
      assert.ok(issues.some((i: string) => i.startsWith('body.batch.size')));
      assert.equal((await h.request('POST', '/jobs', { name: 'x' })).status, 400);
    });

    it('creates, stops, restarts and deletes a job; a running name is a conflict', async () => {
      const def = { name: 'second', source: { service_name: 'src', resource: 'in', output_encoding: 'json' }, sinks: [{ service_name: 'dst', resource: 'out2', output_encoding: 'json' }] };
      const created = await h.request('POST', '/jobs', def);
      assert.equal(created.status, 201);
      assert.equal(created.body.item.state, 'running');
      assert.equal((await h.request('POST', '/jobs', def)).status, 409);
      await eventually(() => world.written.get('out2')?.length === 2);
      const stopped = await h.request('POST', '/jobs/second/stop');
      assert.equal(stopped.status, 200);
      assert.equal(stopped.body.item.state, 'stopped');
      assert.deepEqual((await h.request('GET', '/jobs/second/metrics')).body.events_processed, 0);
      assert.equal((await h.request('POST', '/jobs/second/restart')).body.item.state, 'running');
      assert.equal((await h.request('GET', '/jobs/second/checkpoints')).status, 200);
      assert.equal((await h.request('DELETE', '/jobs/second')).status, 200);
      assert.equal((await h.request('GET', '/jobs/second')).status, 404);
      for (const route of ['/jobs/ghost/stop', '/jobs/ghost/restart']) assert.equal((await h.request('POST', route)).status, 404);
      assert.equal((await h.request('DELETE', '/jobs/ghost')).status, 404);
      assert.equal((await h.request('GET', '/jobs/ghost/checkpoints')).status, 404);
    });

    it('lists, shows, and discards dead letters', async () => {
      const list = await h.request('GET', '/jobs/copy/dead-letters?limit=10');
      assert.equal(list.status, 200);
      assert.equal(list.body.total, 1);
      const id = list.body.items[0].id;
      const one = await h.request('GET', `/jobs/copy/dead-letters/${id}`);
      assert.equal(Buffer.from(one.body.payload, 'base64').toString(), '{"reject":true}');
      assert.equal((await h.request('GET', '/jobs/copy/dead-letters?limit=abc')).status, 400);
      const failedRedrive = await h.request('POST', '/jobs/copy/dead-letters/redrive', { ids: [id] });
      assert.equal(failedRedrive.body.failed, 1);
      assert.equal((await h.request('GET', `/jobs/copy/dead-letters/${id}`)).body.attempts, 2);
      assert.equal((await h.request('POST', '/jobs/copy/dead-letters/redrive', { ids: ['nope'] })).status, 404);
      assert.equal((await h.request('DELETE', `/jobs/copy/dead-letters/${id}`)).status, 200);
      assert.equal((await h.request('DELETE', `/jobs/copy/dead-letters/${id}`)).status, 404);
      assert.equal((await h.request('DELETE', '/jobs/copy/dead-letters')).status, 200);
    });
  });

  describe('plugins, logs and test suites', () => {
    it('GET /plugins lists each plugin with version, SDK range and what it provides', async () => {
      const res = await h.request('GET', '/plugins');
      const scripted = res.body.find((p: { id: string }) => p.id === 'scripted');
      assert.equal(scripted.status, 'loaded');
      assert.equal(scripted.sdk, '^0.1.0');
      assert.deepEqual(scripted.provides.sort(), ['middleware:scripted', 'service:scripted', 'sink:scripted', 'source:scripted']);
      const providers = await h.request('GET', '/providers');
      assert.equal(providers.body[0].config_schema.properties.password['x-secret'], true);
    });

    it('GET /logs filters by job and level and rejects a bad level', async () => {
      const res = await h.request('GET', '/logs?job_name=copy&level=info&limit=50');
      assert.equal(res.status, 200);
      assert.ok(res.body.logs.length > 0);
      assert.ok(res.body.logs.every((l: { job_name?: string }) => l.job_name === 'copy'));
      assert.equal((await h.request('GET', '/logs?level=loud')).status, 400);
      assert.equal((await h.request('GET', '/logs?since=yesterday')).status, 400);
      assert.ok(!JSON.stringify((await h.request('GET', '/logs?limit=1000')).body).includes(SECRET));
    });

    it('GET /logs/stream sends recent entries as server-sent events', async () => {
      const controller = new AbortController();
      const res = await fetch(`${h.url}/logs/stream?initial=5`, { signal: controller.signal });
      assert.equal(res.headers.get('content-type'), 'text/event-stream');
      const reader = res.body!.getReader();
      const { value } = await reader.read();
      controller.abort();
      assert.match(new TextDecoder().decode(value), /^data: \{/);
    });

    it('saves, lists, reads and deletes test suites', async () => {
      const saved = await h.request('POST', '/test-suites', { name: 'masking', cases: [{ name: 'a', input: {}, assertions: [] }] });
      assert.equal(saved.status, 201);
      const id = saved.body.item.id;
      assert.deepEqual((await h.request('GET', '/test-suites')).body, [{ id, name: 'masking', case_count: 1 }]);
      assert.equal((await h.request('GET', `/test-suites/${id}`)).body.name, 'masking');
      assert.equal((await h.request('DELETE', `/test-suites/${id}`)).status, 200);
      assert.equal((await h.request('GET', `/test-suites/${id}`)).status, 404);
      assert.equal((await h.request('POST', '/test-suites', { cases: 'no' })).status, 400);
    });
  });

  describe('bad requests', () => {
    it('answers malformed JSON with 400, oversized bodies with 413, unknown routes with JSON 404, wrong methods with 405', async () => {
      const malformed = await h.request('POST', '/jobs', '{"name": ');
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.code, 'MS_ERR_BAD_REQUEST');
      const empty = await h.request('POST', '/jobs', '');
      assert.equal(empty.status, 400);
      const huge = await h.request('POST', '/services', { provider: 'scripted', name: 'big', label: 'x'.repeat(2 * 1024 * 1024) });
      assert.equal(huge.status, 413);
      assert.equal(huge.body.code, 'MS_ERR_PAYLOAD_TOO_LARGE');
      const missing = await h.request('GET', '/nothing/here');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'MS_ERR_ROUTE_NOT_FOUND');
      const wrongMethod = await h.request('PATCH', '/jobs');
      assert.equal(wrongMethod.status, 405);
      assert.equal(typeof wrongMethod.body.message, 'string');
    });
  });
});

describe('API token', () => {
  it('requires the bearer token on every route except /health', async () => {
    const h = await startTestHost({ apiToken: 'tok-123', config: {} });
    try {
      assert.equal((await h.request('GET', '/health')).status, 200);
      const denied = await h.request('GET', '/jobs');
      assert.equal(denied.status, 401);
      assert.equal(denied.body.code, 'MS_ERR_UNAUTHORIZED');
      assert.equal((await h.request('GET', '/jobs', undefined, { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await h.request('GET', '/jobs', undefined, { authorization: 'Bearer tok-123' })).status, 200);
    } finally {
      await h.close();
    }
  });
});
