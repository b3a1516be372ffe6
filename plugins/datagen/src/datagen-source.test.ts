import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fromUtf8, isMstreamError, utf8, type Source, type StreamEvent } from '@mstream/sdk';
import { ConfigValidator, createTestContext } from '@mstream/sdk/testing';
import { datagenSource } from './datagen-source.js';
import type { DatagenOptions } from './datagen-options.js';

const validator = new ConfigValidator();

async function open(options: Record<string, unknown>, position?: Uint8Array, resource = 'user', seed?: number): Promise<Source> {
  const parsed = validator.parse(datagenSource.optionsSchema!, options) as unknown as DatagenOptions;
  const source = await datagenSource.create({ service: { seed }, resource, options: parsed, context: createTestContext(), encoding: 'json' });
  await source.open(position, AbortSignal.timeout(5000));
  return source;
}

async function take(source: Source, n: number, timeoutMs = 5000): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const end = Date.now() + timeoutMs;
  while (events.length < n && Date.now() < end) events.push(...(await source.read(n - events.length, AbortSignal.timeout(1000))));
  return events;
}

const docs = (events: StreamEvent[]) => events.map((e) => fromUtf8(e.payload));

describe('datagen source', () => {
  it('generates the same documents for the same seed and different ones for another seed', async () => {
    const a = docs(await take(await open({ rate: 0, seed: 1 }), 5));
    const b = docs(await take(await open({ rate: 0, seed: 1 }), 5));
    const c = docs(await take(await open({ rate: 0, seed: 2 }), 5));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    const user = JSON.parse(a[0]);
    assert.deepEqual(Object.keys(user).sort(), ['_id', 'age', 'country', 'created_at', 'email', 'name', 'plan']);
  });

  it('names each event by schema, seed and number: the same on a rerun, different for another seed or schema', async () => {
    const ids = async (options: Record<string, unknown>, resource = 'user') => (await take(await open(options, undefined, resource), 3)).map((e) => e.id);
    const a = await ids({ rate: 0, seed: 1 });
    assert.match(a[0]!, /^datagen:user:[0-9a-f]{12}:1\/0$/);
    assert.deepEqual(a.map((id) => id!.split('/')[1]), ['0', '1', '2']);
    assert.deepEqual(await ids({ rate: 0, seed: 1 }), a);
    assert.notDeepEqual(await ids({ rate: 0, seed: 2 }), a);
    assert.notDeepEqual((await ids({ rate: 0, seed: 1 }, 'order')).map((id) => id!.split(':')[2]), a.map((id) => id!.split(':')[2]));
    assert.notDeepEqual(await ids({ rate: 0, seed: 1, pool_size: 10 }), a, 'a pool changes which document number i is');
  });

  it('resumes right after a position with exactly the events a fresh source had there', async () => {
    const fresh = await take(await open({ rate: 0, seed: 3 }), 10);
    const resumed = await take(await open({ rate: 0, seed: 3 }, fresh[4].position), 5);
    assert.deepEqual(docs(resumed), docs(fresh.slice(5)));
    assert.deepEqual(resumed.map((e) => e.attributes.seq), ['5', '6', '7', '8', '9']);
  });

  it('stops after count events and then answers reads with []', async () => {
    const source = await open({ rate: 0, count: 7 });
    const events = await take(source, 100, 1000);
    assert.equal(events.length, 7);
    assert.deepEqual(await source.read(10, AbortSignal.timeout(100)), []);
  });

  it('paces events at roughly the configured rate', async () => {
    const source = await open({ rate: 50, seed: 4 });
    const started = Date.now();
    const events = await take(source, 26);
    const elapsed = Date.now() - started;
    assert.equal(events.length, 26);
    // 25 intervals of 20 ms = 500 ms; allow 3x either way on a noisy machine.
    assert.ok(elapsed >= 500 / 3 && elapsed <= 500 * 3, `26 events at 50/s took ${elapsed} ms`);
  });

  it('returns [] promptly when a read waiting for a slow rate is aborted', async () => {
    const source = await open({ rate: 0.1 });
    await take(source, 1);
    const started = Date.now();
    assert.deepEqual(await source.read(10, AbortSignal.timeout(50)), []);
    assert.ok(Date.now() - started < 500);
  });

  it('cycles through a pool of documents while numbering every event, with cheap reads', async () => {
    const source = await open({ rate: 0, pool_size: 10, seed: 5 });
    const events = await source.read(500, new AbortController().signal);
    assert.equal(events.length, 500);
    assert.equal(fromUtf8(events[3].payload), fromUtf8(events[13].payload));
    assert.notEqual(fromUtf8(events[3].payload), fromUtf8(events[4].payload));
    assert.equal(new Set(events.map((e) => e.attributes.seq)).size, 500);
    const signal = new AbortController().signal;
    const started = performance.now();
    for (let i = 0; i < 200; i++) await source.read(500, signal);
    const perRead = (performance.now() - started) / 200;
    assert.ok(perRead < 1, `read(500) took ${perRead.toFixed(3)} ms on average`);
  });

  it('accepts the plural of a built-in schema name as the resource', async () => {
    const [order] = await take(await open({ rate: 0 }, undefined, 'orders'), 1);
    assert.ok(Array.isArray(JSON.parse(fromUtf8(order.payload)).items));
  });

  it('loads schema_file relative to the working directory and uses an inline schema as given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datagen-'));
    try {
      const file = join(dir, 'thing.json');
      writeFileSync(file, JSON.stringify({ type: 'object', required: ['sku'], properties: { sku: { const: 'A-1' } } }));
      const fromFile = await take(await open({ rate: 0, schema_file: relative(process.cwd(), file) }, undefined, 'things'), 1);
      assert.deepEqual(JSON.parse(fromUtf8(fromFile[0].payload)), { sku: 'A-1' });
      const inline = await take(await open({ rate: 0, schema: { type: 'object', required: ['n'], properties: { n: { const: 1 } } } }, undefined, 'x'), 1);
      assert.deepEqual(JSON.parse(fromUtf8(inline[0].payload)), { n: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects both schema options, an unknown built-in resource and a missing schema file with MS_ERR_CONFIG_INVALID', async () => {
    const isConfigError = (e: unknown) => isMstreamError(e) && e.code === 'MS_ERR_CONFIG_INVALID';
    await assert.rejects(open({ schema: { type: 'object' }, schema_file: 'x.json' }), isConfigError);
    await assert.rejects(open({}, undefined, 'people'), (e) => isConfigError(e) && /user, order/.test((e as Error).message));
    await assert.rejects(open({ schema_file: 'does/not/exist.json' }, undefined, 'x'), isConfigError);
    await assert.rejects(open({ rate: 0 }, utf8('not-a-number')), (e) => isMstreamError(e));
  });
});
