// @requires-services mongo
import { after, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BSON } from 'mongodb';
import { MongoClient } from 'mongodb';
import { runAcceptance } from '@mstream/sdk/testing';
import { HostCodecs } from '../../../host/src/codecs/host-codecs.js';
import mongodb from './index.js';
import type { MongoHandle } from './mongo-service.js';

const uri = process.env.MONGO_URI ?? 'mongodb://127.0.0.1:27017/?directConnection=true';
const dbName = `mstream_acc_${randomBytes(4).toString('hex')}`;

after(async () => {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
  await client.db(dbName).dropDatabase().catch(() => undefined);
  await client.close();
});

runAcceptance(
  {
    plugin: mongodb,
    provider: 'mongodb',
    service: () => ({ connection_string: uri, db_name: dbName }),
    brokenService: () => ({ connection_string: 'mongodb://127.0.0.1:1/?directConnection=true&serverSelectionTimeoutMS=500', db_name: dbName }),
    resource: (testId) => `acc_${testId.replace(/-/g, '_')}`,
    schemaStoreOptions: (testId) => ({ resource: `acc_schemas_${testId.replace(/-/g, '_')}` }),
    // The source emits the stored document as BSON: payloads carry their _id, so what is read
    // back is byte-for-byte what was written, and insert-mode replays hit the duplicate _id.
    encoding: 'bson',
    codecs: new HostCodecs(),
    makePayload: (i) => BSON.serialize({ _id: `doc-${i}`, id: i, name: `event-${i}` }),
    badPayload: () => new Uint8Array([5, 0, 0, 0, 7]),
    // Sink cases read the collection itself: a write is acknowledged, so it is there at once.
    // (mongo-java-server also logs a change event for an insert it rejected as a duplicate, so
    // reading back through the change stream would report phantom duplicates; see docs/testing.md.)
    async readFromSink({ handle, resource }) {
      const docs = await (handle as MongoHandle).db.collection(resource).find({}, { promoteValues: false }).toArray();
      return docs.map((doc) => BSON.serialize(doc));
    },
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    timeouts: { readMs: 8000, caseMs: 25_000 },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
