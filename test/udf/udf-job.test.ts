import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BSON, Decimal128, ObjectId } from 'bson';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { createWorld, scriptedPlugin, type ScriptedWorld } from '../../host/test/fixtures/scripted-plugin.js';
import udfPlugin from '../../plugins/udf/src/index.js';
import { capturePlugin } from './capture-plugin.js';

// One script with a hostile branch per `mode`; the good events are masked.
const SCRIPT = `function transform(doc, attributes) {
  switch (doc.mode) {
    case 'loop': for (;;) {}
    case 'spin': { const a = []; for (;;) a.push('x'.repeat(100000)); }
    case 'recurse': { const f = (n) => f(n + 1) + 1; return f(0); }
    case 'bomb': { const a = []; for (;;) a.push(new Array(100000).fill(1)); }
    case 'escape': return { p: typeof process, r: typeof require, c: [].constructor.constructor('return typeof process')() };
    case 'pollute': Object.prototype.isAdmin = true; Array.prototype.map = null; return doc;
    case 'throw': throw new Error('bad document ' + doc.n);
  }
  doc.email = mask_email(doc.email);
  doc.admin = ({}).isAdmin === true;
  return result(doc);
}`;

const oid = (n: number) => new ObjectId(n.toString(16).padStart(24, '0'));
const good = (n: number) =>
  JSON.stringify({ _id: { $oid: oid(n).toHexString() }, n, email: `user${n}@example.com`, at: { $date: '2024-01-02T03:04:05.678Z' }, price: { $numberDecimal: '10.50' } });

async function withJob(world: ScriptedWorld, job: Record<string, unknown>, test: (h: TestHost, written: ReturnType<typeof capturePlugin>['written']) => Promise<void>, sources = [{ filename: 'mask.js', content: SCRIPT }]) {
  const capture = capturePlugin();
  const h = await startTestHost({
    plugins: [scriptedPlugin(world), udfPlugin, capture.plugin],
    config: {
      services: [
        { provider: 'scripted', name: 'src' },
        { provider: 'udf', name: 'scripts', sources },
        { provider: 'capture', name: 'out' },
      ],
      connectors: [
        {
          name: 'udf-job',
          source: { service_name: 'src', resource: 'in', output_encoding: 'bson' },
          middlewares: [{ service_name: 'scripts', resource: 'mask.js', output_encoding: 'bson', options: { timeout_ms: 200, memory_limit_mb: 16 } }],
          sinks: [{ service_name: 'out', resource: 'all', output_encoding: 'bson' }],
          retry: { initial_backoff_ms: 10, max_backoff_ms: 50 },
          ...job,
        },
      ],
    },
  });
  try {
    await test(h, capture.written);
  } finally {
    await h.close();
  }
}

describe('udf middleware in a real job', () => {
  it('masks BSON documents keeping their types, and dead-letters every hostile event while the job keeps running', { timeout: 58_000 }, async () => {
    const world = createWorld();
    const hostile = ['loop', 'spin', 'recurse', 'bomb', 'throw', 'pollute'];
    world.topics.set('in', [good(0), ...hostile.map((mode, i) => JSON.stringify({ mode, n: 100 + i })), JSON.stringify({ mode: 'escape' }), good(1), good(2)]);
    await withJob(world, {}, async (h, written) => {
      // Generous: each killed sandbox thread is restarted, which takes seconds on a loaded machine.
      await eventually(() => written.length === 5, 45_000, 'good events written');
      const docs = written.map((e) => BSON.deserialize(e.payload, { useBigInt64: true }));
      const masked = docs.filter((d) => d.email);
      assert.deepEqual(masked.map((d) => d.email), ['u***@example.com', 'u***@example.com', 'u***@example.com']);
      for (const [i, d] of masked.entries()) {
        assert.ok(d._id instanceof ObjectId && d._id.equals(oid(i)), 'ObjectId survives');
        assert.ok(d.at instanceof Date && d.at.toISOString() === '2024-01-02T03:04:05.678Z', 'Date survives');
        assert.ok(d.price instanceof Decimal128 && d.price.toString() === '10.50', 'Decimal128 survives');
        assert.equal(d.admin, false, 'a polluting script did not change later events');
      }
      const escape = docs.find((d) => d.p !== undefined);
      assert.deepEqual({ p: escape?.p, r: escape?.r, c: escape?.c }, { p: 'undefined', r: 'undefined', c: 'undefined' });
      // 'pollute' writes to frozen intrinsics: a no-op, so the event itself passes unchanged.
      assert.ok(docs.some((d) => d.mode === 'pollute'));

      const dl = await eventually(async () => {
        const res = await h.request('GET', '/jobs/udf-job/dead-letters');
        return res.body.total === 5 ? res.body : undefined;
      }, 10_000, '5 dead letters');
      for (const entry of dl.items) {
        assert.equal(entry.stage, 'middlewares[0]');
        assert.equal(entry.code, 'MS_ERR_DATA');
        assert.match(entry.reason, /script "mask\.js"/);
      }
      const reasons = dl.items.map((e: { reason: string }) => e.reason).join('\n');
      assert.match(reasons, /line 9: Error: bad document 104/);
      assert.match(reasons, /stack overflow/);
      assert.match(reasons, /interrupted|killed/);
      assert.equal((await h.request('GET', '/jobs/udf-job')).body.state, 'running');
    });
  });

  it('in batch mode the script maps the whole batch: drops, fans out and keeps each event\'s attributes', { timeout: 30_000 }, async () => {
    const world = createWorld();
    world.topics.set('in', Array.from({ length: 6 }, (_, n) => JSON.stringify({ n })));
    const script = `function transform(docs, first, all) {
      return flatten(docs.filter((d) => d.n % 3 !== 0).map((d) => d.n === 4 ? [d, result({ copy: d.n }, { copied: 'yes' })] : [d]));
    }`;
    await withJob(world, { batch: { size: 6, max_wait_ms: 200 } }, async (_h, written) => {
      await eventually(() => written.length === 5, 10_000, '5 events');
      const docs = written.map((e) => BSON.deserialize(e.payload));
      assert.deepEqual(docs, [{ n: 1 }, { n: 2 }, { n: 4 }, { copy: 4 }, { n: 5 }]);
      assert.deepEqual(written.map((e) => e.attributes), [{ n: '1' }, { n: '2' }, { n: '4' }, { copied: 'yes' }, { n: '5' }]);
    }, [{ filename: 'mask.js', content: script }]);
  });

  it('reports a script that does not compile with its name and line, and lists, reads and refuses scripts through the API', { timeout: 30_000 }, async () => {
    const world = createWorld();
    await withJob(world, {}, async (h) => {
      const job = await eventually(async () => {
        const res = await h.request('GET', '/jobs/udf-job');
        return res.body.state === 'failed' ? res.body : undefined;
      }, 10_000, 'job failed');
      assert.match(job.error.message, /mask\.js" line 2: SyntaxError/);

      const list = await h.request('GET', '/services/scripts/resources');
      assert.deepEqual(list.body.resources.map((r: { name: string; resource_type: string }) => [r.name, r.resource_type]), [['mask.js', 'script']]);
      const put = await h.request('PUT', '/services/scripts/resources/fixed.js', { content: 'function transform(d) {\n  return d;\n}' });
      assert.equal(put.status, 200);
      const read = await h.request('GET', '/services/scripts/resources/fixed.js');
      assert.match(read.body.content, /return d;/);
      const bad = await h.request('PUT', '/services/scripts/resources/bad.js', { content: 'function transform(d) {\n  return d +;\n}' });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(bad.body), /line 2/);
      const traversal = await h.request('PUT', `/services/scripts/resources/${encodeURIComponent('../evil.js')}`, { content: 'function transform(d) { return d; }' });
      assert.equal(traversal.status, 400);
      // The API refuses it before the plugin sees it: a resource is one path segment.
      assert.match(JSON.stringify(traversal.body), /path\.resource: must be one path segment/);
    }, [{ filename: 'mask.js', content: 'function transform(d) {\n  return d +;\n}' }]);
  });
});
