// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, recordRegistration } from '@mstream/sdk/testing';
import type { Source, SourceDefinition, StreamEvent } from '@mstream/sdk';
import mongodbPlugin from '../../plugins/mongodb/src/plugin.js';
import type { MongoHandle } from '../../plugins/mongodb/src/mongo-service.js';
import { TcpProxy } from '../net/tcp-proxy.js';
import { MONGO_URI, openDb, sleep, uniqueName } from './helpers.js';

const registration = recordRegistration(mongodbPlugin);
const service = registration.services.get('mongodb')!;
const definition = registration.sources.get('mongodb')! as SourceDefinition<unknown, Record<string, unknown>>;

/** Reads (as the host does: an error is retried after a pause) until `want` keys arrived or time is up. */
async function readKeys(source: Source, want: number, timeoutMs: number): Promise<{ keys: string[]; errors: string[] }> {
  const keys: string[] = [];
  const errors: string[] = [];
  const end = Date.now() + timeoutMs;
  while (keys.length < want && Date.now() < end) {
    try {
      const events: StreamEvent[] = await source.read(10, AbortSignal.timeout(2000));
      keys.push(...events.map((e) => String(e.key)));
    } catch (error) {
      errors.push((error as Error).message);
      await sleep(200);
    }
  }
  return { keys, errors };
}

describe('mongodb change stream source when the server goes away and comes back', () => {
  const dbName = uniqueName('mstream_outage');
  let db: Awaited<ReturnType<typeof openDb>>;
  let proxy: TcpProxy;
  before(async () => {
    db = await openDb(dbName);
    proxy = await TcpProxy.start(new URL(MONGO_URI).host);
  });
  after(async () => {
    await proxy.cut();
    await db.drop();
  });

  it('reports the unreachable server, then reads on after the last change it handed out', async () => {
    const context = createTestContext({ pluginId: 'mongodb' });
    // The driver gives up on a server after 1 s and heartbeats every 0.5 s here (5 s and 10 s by default).
    const config = { connection_string: `mongodb://127.0.0.1:${proxy.port}/?directConnection=true&serverSelectionTimeoutMS=1000&heartbeatFrequencyMS=500`, db_name: dbName, write_mode: 'insert', schemas_collection: 'schemas' };
    const handle = (await service.connect(config, context)) as MongoHandle;
    const coll = db.db.collection<{ _id: string }>('orders');
    const options = { pipeline: [], full_document: 'updateLookup', full_document_before_change: 'off', on_unresumable: 'fail', snapshot: false, snapshot_batch_size: 100, max_await_ms: 100, raw_documents: true };
    const source = await definition.create({ service: handle, resource: 'orders', options, context, encoding: 'bson' });
    try {
      await source.open(undefined, AbortSignal.timeout(10_000));
      await coll.insertOne({ _id: 'a' });
      assert.deepEqual((await readKeys(source, 1, 10_000)).keys, ['a']);

      await proxy.cut();
      await coll.insertMany([{ _id: 'b' }, { _id: 'c' }]);
      const during = await readKeys(source, 1, 4000);
      assert.deepEqual(during.keys, [], 'nothing can be read while the server is away');
      assert.ok(during.errors.length > 0, 'reads fail while the server is away (the host retries them)');
      const reported = context.healthReports.filter((r): r is string => r !== null);
      assert.ok(reported.some((r) => r.includes(`127.0.0.1:${proxy.port}`)), `the trouble names the server: ${JSON.stringify(context.healthReports)}`);

      await proxy.restore();
      await coll.insertOne({ _id: 'd' });
      const afterwards = await readKeys(source, 3, 20_000);
      // Before the fix the driver's closed stream failed every read with "ChangeStream is closed".
      assert.deepEqual(afterwards.keys, ['b', 'c', 'd'], `read after the outage (errors: ${afterwards.errors.slice(-2).join(' | ')})`);
      assert.equal(context.healthReports.at(-1), null, 'the trouble is reported over once the server answers again');
    } finally {
      await source.close();
      await service.close!(handle);
      context.dispose();
    }
  });
});
