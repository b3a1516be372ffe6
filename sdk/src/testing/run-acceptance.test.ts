import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, defineLazyPlugin, definePlugin, utf8, SDK_VERSION, type MstreamLazyPlugin, type MstreamPlugin, type SchemaStore, type Sink, type Source } from '@mstream/sdk';
import { createMemoryPlugin, runAcceptance, type AcceptanceDriver } from '@mstream/sdk/testing';

interface Outcome { ran: Map<string, Error | undefined>; skipped: string[] }

/** Runs the kit with a runner that collects cases, then executes them in order like node:test does. */
async function runKit(driver: AcceptanceDriver): Promise<Outcome> {
  const cases: Array<{ name: string; fn: () => Promise<void> | void }> = [];
  const skipped: string[] = [];
  // A lazy plugin's describe is asynchronous (it loads the plugin first): wait for it, as node:test does.
  let suite: unknown;
  runAcceptance(driver, { describe: (_n, fn) => void (suite = fn()), it: (name, fn) => cases.push({ name, fn }), skip: (name) => skipped.push(name) });
  await suite;
  const ran = new Map<string, Error | undefined>();
  for (const { name, fn } of cases) {
    ran.set(name.split(':')[0], await Promise.resolve().then(fn).then(() => undefined, (error: Error) => error));
  }
  return { ran, skipped };
}

const failed = (outcome: Outcome) => [...outcome.ran].filter(([, error]) => error).map(([id]) => id);

/** Wraps the memory plugin's source/sink/service definitions to inject one fault. */
function faulty(patch: {
  source?: (source: Source) => Source;
  sink?: (sink: Sink) => Sink;
  schemaStore?: (store: SchemaStore) => SchemaStore;
  configSchema?: Record<string, unknown>;
}): MstreamPlugin {
  const base = createMemoryPlugin();
  return definePlugin({
    id: 'faulty-memory', version: '1.0.0', sdk: `^${SDK_VERSION}`,
    register(points) {
      base.register({
        ...points,
        service: (d) => points.service(patch.configSchema ? { ...d, configSchema: patch.configSchema } : d),
        source: (d) => points.source({ ...d, create: async (init) => (patch.source ?? ((s) => s))(await d.create(init as never)) }),
        sink: (d) => points.sink({ ...d, create: async (init) => (patch.sink ?? ((s) => s))(await d.create(init as never)) }),
        schemas: (d) => points.schemas({ ...d, create: (handle, context, options) => (patch.schemaStore ?? ((s) => s))(d.create(handle as never, context, options)) }),
      });
    },
  });
}

const memoryDriver = (plugin: MstreamPlugin | MstreamLazyPlugin, extra: Partial<AcceptanceDriver> = {}): AcceptanceDriver => ({
  plugin, provider: 'memory', service: () => ({ idle_wait_ms: 20 }), resource: (id) => `r-${id}`,
  badPayload: () => utf8('{not json'), timeouts: { readMs: 1000, caseMs: 5000 }, ...extra,
});

/** What the memory plugin registers, as a lazy declaration of it must list. */
function memoryProvides(): string[] {
  const provides: string[] = [];
  const add = (kind: string) => (d: { provider: string }) => void provides.push(`${kind}:${d.provider}`);
  createMemoryPlugin().register({
    service: add('service'), source: add('source'), sink: add('sink'), middleware: add('middleware'), resources: add('resources'),
    schemas: add('schemas'), systemStore: add('store'), scriptEngine: add('engine'), onClose: () => undefined,
  });
  return provides;
}

describe('runAcceptance', () => {
  it('passes the in-memory reference plugin on every applicable case', async () => {
    const outcome = await runKit(memoryDriver(createMemoryPlugin()));
    assert.deepEqual(failed(outcome), []);
    assert.equal(outcome.ran.size, 17);
    assert.deepEqual(outcome.skipped.map((s) => s.split(':')[0]), ['sink.replayIdempotent']);
  });

  it('loads a lazy plugin first and runs the same cases on what it loaded', async () => {
    const eager = createMemoryPlugin();
    const lazy = defineLazyPlugin({ id: eager.id, version: eager.version, sdk: eager.sdk, provides: memoryProvides(), load: async () => eager });
    const outcome = await runKit(memoryDriver(lazy));
    assert.deepEqual(failed(outcome), []);
    assert.equal(outcome.ran.size, 17);
  });

  it('fails manifest.valid when a lazy plugin cannot load or registers other providers than it declares', async () => {
    const eager = createMemoryPlugin();
    const declaring = (provides: string[], load: () => Promise<MstreamPlugin>) => defineLazyPlugin({ id: eager.id, version: eager.version, sdk: eager.sdk, provides, load });
    const liar = await runKit(memoryDriver(declaring([...memoryProvides(), 'middleware:memory'], async () => eager)));
    assert.deepEqual([...liar.ran.keys()], ['manifest.valid']);
    assert.match(String(liar.ran.get('manifest.valid')?.message), /declared but not registered: middleware:memory/);
    const broken = await runKit(memoryDriver(declaring(memoryProvides(), () => Promise.reject(new Error('no such module')))));
    assert.match(String(broken.ran.get('manifest.valid')?.message), /no such module/);
  });

  it('reports a skipped case through runner.skip and rejects an unknown case id', async () => {
    const outcome = await runKit(memoryDriver(createMemoryPlugin(), { skip: ['source.resume'] }));
    assert.ok(outcome.skipped.some((s) => s.startsWith('source.resume') && s.includes('skipped by the driver')));
    assert.equal(outcome.ran.has('source.resume'), false);
    assert.throws(() => runAcceptance(memoryDriver(createMemoryPlugin(), { skip: ['source.resum'] }), { describe() {}, it() {} }), /unknown case "source.resum"/);
  });

  it('fails sink.partialWriteThrows when a sink accepts a bad payload', async () => {
    const outcome = await runKit(memoryDriver(faulty({ sink: (s) => ({ ...s, write: async () => {} }) })));
    assert.ok(failed(outcome).includes('sink.partialWriteThrows'));
  });

  it('fails errors.haveCodes when a plugin throws a plain Error', async () => {
    const outcome = await runKit(memoryDriver(faulty({ sink: (s) => ({ ...s, write: async () => { throw new Error('boom'); } }) })));
    assert.ok(failed(outcome).includes('errors.haveCodes'));
    assert.match(outcome.ran.get('errors.haveCodes')!.message, /sink\.write threw Error: boom/);
  });

  it('fails schemaStore.getMissing when a store answers an unknown id, and crud when an update loses the schema', async () => {
    const lenient = (s: SchemaStore): SchemaStore => ({ ...s, get: async (id, signal) => s.get(id, signal).catch(() => ({ id, name: id, encoding: 'json', definition: '{}' })) });
    assert.deepEqual(failed(await runKit(memoryDriver(faulty({ schemaStore: lenient })))), ['schemaStore.crud', 'schemaStore.getMissing']);
    const forgetful = (s: SchemaStore): SchemaStore => ({ ...s, save: async (input, signal) => (input.id ? { ...input, id: input.id } : s.save(input, signal)) });
    assert.deepEqual(failed(await runKit(memoryDriver(faulty({ schemaStore: forgetful })))), ['schemaStore.crud']);
  });

  it('fails source.resume when an exact source re-delivers acknowledged events', async () => {
    const outcome = await runKit(memoryDriver(faulty({ source: (s) => ({ ...s, open: (_position, signal) => s.open(undefined, signal) }) })));
    assert.deepEqual(failed(outcome), ['source.resume']);
  });

  it('fails source.idleReturnsEmpty when a read ignores its aborted signal', async () => {
    const slow = (s: Source): Source => ({ ...s, read: async () => new Promise((r) => setTimeout(() => r([]), 1500)) });
    const outcome = await runKit(memoryDriver(faulty({ source: slow }), { skip: ['source.readAll', 'source.resume', 'sink.writeBatch'] }));
    assert.ok(failed(outcome).includes('source.idleReturnsEmpty'));
  });

  it('fails lifecycle.noLeakedHandles when a source leaves a server listening', async () => {
    const servers: Server[] = [];
    const leaky = (s: Source): Source => ({ ...s, open: async (p, signal) => { servers.push(createServer().listen(0, '127.0.0.1')); await s.open(p, signal); } });
    const outcome = await runKit(memoryDriver(faulty({ source: leaky }), { skip: ['source.readAll', 'source.resume', 'sink.writeBatch', 'source.idleReturnsEmpty', 'source.openClose', 'lifecycle.closeIdempotent'] }));
    assert.deepEqual(failed(outcome), ['lifecycle.noLeakedHandles']);
    assert.match(outcome.ran.get('lifecycle.noLeakedHandles')!.message, /TCPServerWrap/);
    for (const server of servers) server.close();
  });

  it('fails lifecycle.noLeakedHandles when a sink never closes the file it opened', { skip: process.platform !== 'linux' }, async () => {
    const handles: FileHandle[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'kit-leak-'));
    const leaky = (s: Sink): Sink => ({ ...s, write: async (events, signal) => { handles.push(await open(join(dir, 'f'), 'a')); await s.write(events, signal); } });
    const outcome = await runKit(memoryDriver(faulty({ sink: leaky }), { skip: ['source.readAll', 'source.resume', 'sink.writeBatch', 'sink.partialWriteThrows'] }));
    await Promise.all(handles.map((h) => h.close()));
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(failed(outcome), ['lifecycle.noLeakedHandles']);
    assert.match(outcome.ran.get('lifecycle.noLeakedHandles')!.message, /file descriptors/);
  });

  it('fails config cases for an unmarked credential and a required key the schema does not enforce', async () => {
    const configSchema = {
      type: 'object', required: ['url'], additionalProperties: false,
      properties: { url: { type: 'string', default: 'x' }, api_key: { type: 'string' }, idle_wait_ms: { type: 'integer', default: 20 } },
    };
    const outcome = await runKit(memoryDriver(faulty({ configSchema }), { service: () => ({ url: 'mem://', idle_wait_ms: 20 }) }));
    assert.match(outcome.ran.get('config.secretsMarked')!.message, /service\.api_key/);
    // ajv applies the default before checking `required`, so deleting `url` is not reported.
    assert.match(outcome.ran.get('config.required')!.message, /deleting required "url"/);
  });

  it('drives a generator source by expectedCount, comparing positions', async () => {
    const generator = definePlugin({
      id: 'counter', version: '1.0.0', sdk: `^${SDK_VERSION}`,
      register(points) {
        points.service({ provider: 'counter', configSchema: { type: 'object' }, connect: () => ({}) });
        points.source<unknown, Record<string, unknown>>({
          provider: 'counter', resume: 'exact',
          create: (): Source => {
            let next = 0;
            return {
              open: async (position) => { next = position ? Number(Buffer.from(position).toString()) + 1 : 0; },
              read: async (max) => {
                const events = [];
                for (; next < 10 && events.length < max; next++) events.push(createEvent({ position: utf8(String(next)), payload: utf8(`{"n":${next}}`), encoding: 'json' }));
                return events;
              },
              ack: async () => {},
              close: async () => {},
            };
          },
        });
      },
    });
    const outcome = await runKit({ plugin: generator, provider: 'counter', service: () => ({}), resource: () => 'n', expectedCount: 10, timeouts: { readMs: 500 } });
    assert.deepEqual(failed(outcome), []);
    assert.ok(outcome.ran.has('source.readAll') && outcome.ran.has('source.resume'));
    const wrongCount = await runKit({ plugin: generator, provider: 'counter', service: () => ({}), resource: () => 'n', expectedCount: 12, timeouts: { readMs: 300 } });
    assert.ok(failed(wrongCount).includes('source.readAll'));
  });
});
