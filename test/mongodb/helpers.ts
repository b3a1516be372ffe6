// Shared pieces of the MongoDB end-to-end tests: a unique database per run, a client for
// arranging and checking data, and a recording sink that keeps what a job delivered, in order.
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { BSON } from 'mongodb';
import { MongoClient, type Db } from 'mongodb';
import { definePlugin, type SourceDefinition, type StreamEvent } from '@mstream/sdk';
import { createTestContext, recordRegistration, type TestContext } from '@mstream/sdk/testing';
// The eager implementation: the fixture takes its definitions synchronously.
import mongodbPlugin from '../../plugins/mongodb/src/plugin.js';
import type { MongoHandle } from '../../plugins/mongodb/src/mongo-service.js';

export const MONGO_URI = process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/?directConnection=true';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export async function openDb(name: string): Promise<{ client: MongoClient; db: Db; drop(): Promise<void> }> {
  const client = new MongoClient(MONGO_URI, { serverSelectionTimeoutMS: 5000 });
  const db = client.db(name);
  return {
    client,
    db,
    async drop() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

export interface Recorded {
  operation: string;
  key?: string;
  doc: Record<string, unknown>;
  /** The payload bytes as delivered. */
  payload: Uint8Array;
  attributes: Record<string, string>;
}

/** Events delivered to `recorder` sinks, by resource; shared across host restarts in one test file. */
export const recorded = new Map<string, Recorded[]>();

/** A sink that records each event's operation, key and decoded BSON payload, in delivery order. */
export const recorderPlugin = definePlugin({
  id: 'recorder',
  version: '1.0.0',
  sdk: '^0.1.0',
  register(r) {
    r.service({ provider: 'recorder', configSchema: { type: 'object', additionalProperties: false, properties: {} }, connect: () => ({}) });
    r.sink({
      provider: 'recorder',
      encodings: ['bson'],
      create: ({ resource }) => ({
        async write(events: StreamEvent[]) {
          const list = recorded.get(resource) ?? [];
          recorded.set(resource, list);
          for (const e of events) {
            list.push({ operation: e.operation, key: typeof e.key === 'string' ? e.key : undefined, doc: BSON.deserialize(e.payload), payload: Uint8Array.from(e.payload), attributes: { ...e.attributes } });
          }
        },
        async close() {},
      }),
    });
  },
});

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a test that drives the mongodb source directly (without a host) works with. */
export interface SourceFixture {
  readonly dbName: string;
  readonly definition: SourceDefinition<unknown, Record<string, unknown>>;
  readonly context: TestContext;
  /** Set by the `before` hook: a client's view of the test database, and the plugin's service handle on it. */
  db: Db;
  handle: MongoHandle;
}

/**
 * Registers `before`/`after` hooks that connect the mongodb service to a fresh database (dropped
 * afterwards), for tests that create sources with `definition.create` themselves.
 */
export function sourceFixture(prefix: string): SourceFixture {
  const registration = recordRegistration(mongodbPlugin);
  const service = registration.services.get('mongodb')!;
  const fixture = {
    dbName: uniqueName(prefix),
    definition: registration.sources.get('mongodb')! as SourceDefinition<unknown, Record<string, unknown>>,
    context: createTestContext({ pluginId: 'mongodb' }),
  } as SourceFixture;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db: fixture.db, drop } = await openDb(fixture.dbName));
    const config = { connection_string: MONGO_URI, db_name: fixture.dbName, write_mode: 'insert', schemas_collection: 'schemas' };
    fixture.handle = (await service.connect(config, fixture.context)) as MongoHandle;
  });
  after(async () => {
    await service.close!(fixture.handle);
    fixture.context.dispose();
    await drop();
  });
  return fixture;
}
