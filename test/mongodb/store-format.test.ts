// @requires-services mongo
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import { ConfigValidationError } from '@mstream/sdk';
import { createQuietLogger, createTestContext, recordRegistration } from '@mstream/sdk/testing';
// The eager implementation: these tests take its definitions synchronously.
import mongodbPlugin from '../../plugins/mongodb/src/plugin.js';
import type { MongoHandle } from '../../plugins/mongodb/src/mongo-service.js';
import { Host, HOST_VERSION } from '../../host/src/host.js';
import { applyCollectionFormat, checkCollectionFormat, type VersionedCollection } from '../../host/src/stores/collection-format.js';
import { STORE_FORMAT, type StoreFormats } from '../../host/src/stores/store-format.js';
import { startTestHost } from '../../host/test/test-host.js';
import { MONGO_URI, openDb, uniqueName } from './helpers.js';

const dbName = uniqueName('mstream_format');
let db: Db;
let drop: () => Promise<void>;
before(async () => ({ db, drop } = await openDb(dbName)));
after(async () => drop());

const config = {
  system: {
    job_lifecycle: { service_name: 'sysdb', resource: 'jobs', startup_state: 'keep' },
    service_lifecycle: { service_name: 'sysdb', resource: 'services' },
  },
  services: [{ provider: 'mongodb', name: 'sysdb', connection_string: MONGO_URI, db_name: dbName }],
};
type Meta = { _id: string; format: number; written_by: string; resource: string };

describe('store format versions on MongoDB system stores', () => {
  it('records a format per collection in mstream_meta, opens it again, and refuses one marked newer naming both versions', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-format-mongo-'));
    try {
      await (await startTestHost({ plugins: [mongodbPlugin], config, dataDir })).close();
      const meta = db.collection<Meta>('mstream_meta');
      const jobsMarker = await meta.findOne({ _id: 'store-format:jobs' });
      assert.equal(jobsMarker?.format, STORE_FORMAT);
      assert.equal(jobsMarker?.written_by, HOST_VERSION);
      assert.equal(jobsMarker?.resource, 'jobs');
      assert.deepEqual((await meta.find().toArray()).map((d) => d._id).sort(), ['store-format:jobs', 'store-format:mstream_dead_letters', 'store-format:services']);

      await (await startTestHost({ plugins: [mongodbPlugin], config, dataDir })).close();
      assert.deepEqual(await meta.findOne({ _id: 'store-format:jobs' }), jobsMarker, 'a current collection is not re-marked');

      await meta.updateOne({ _id: 'store-format:services' }, { $set: { format: STORE_FORMAT + 1, written_by: '99.0.0' } });
      await rm(dataDir, { recursive: true, force: true });
      const host = new Host({ port: 0, logStdout: false, discover: false, plugins: [mongodbPlugin], config, dataDir });
      await assert.rejects(host.start(), (error: unknown) => {
        assert.ok(error instanceof ConfigValidationError);
        assert.equal(error.issues[0].path, 'system.service_lifecycle');
        assert.match(error.issues[0].message, new RegExp(`collection services on service sysdb is in store format ${STORE_FORMAT + 1} \\(written by mstream 99\\.0\\.0\\), but this host \\(mstream ${HOST_VERSION.replace(/\./g, '\\.')}\\) knows store formats up to ${STORE_FORMAT}`));
        return true;
      });
      await assert.rejects(readdir(dataDir), /ENOENT/, 'no data folder or key file was created');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('migrates an older collection under a lease, after copying it to <resource>_backup_format_1_<time>', async () => {
    const registration = recordRegistration(mongodbPlugin);
    const context = createTestContext({ pluginId: 'mongodb' });
    const service = registration.services.get('mongodb')!;
    const handle = (await service.connect({ connection_string: MONGO_URI, db_name: dbName, write_mode: 'insert', schemas_collection: 'schemas' }, context)) as MongoHandle;
    try {
      const store = registration.systemStores.get('mongodb')!;
      const open = async (name: string) => store.create(handle, name, context);
      const target: VersionedCollection = { section: 'checkpoints', service: 'sysdb', resource: 'old_checkpoints', collection: await open('old_checkpoints'), meta: await open('mstream_meta'), open };
      await target.collection.put('copy', { job_name: 'copy', history: [{ job_name: 'copy', cursor: 'AQ==', updated_at: 't' }] });
      const logger = createQuietLogger();
      await applyCollectionFormat(await checkCollectionFormat(target, TRIM_HISTORY, '2.0.0'), '2.0.0', 'host-a', logger);

      const migrated = await db.collection('old_checkpoints').findOne({ _id: 'copy' as never });
      assert.equal(migrated?.trimmed, true);
      assert.equal((await db.collection<Meta>('mstream_meta').findOne({ _id: 'store-format:old_checkpoints' }))?.format, 2);
      const backups = (await db.listCollections().toArray()).map((c) => c.name).filter((n) => n.startsWith('old_checkpoints_backup_format_1_'));
      assert.equal(backups.length, 1, 'one backup collection');
      const saved = await db.collection(backups[0]).findOne({ _id: 'copy' as never });
      assert.equal(saved?.job_name, 'copy');
      assert.equal(saved?.trimmed, undefined, 'the backup holds the old format');
      assert.equal(await db.collection('mstream_meta').countDocuments({ _id: 'store-format-migration:old_checkpoints' as never }), 0, 'the migration lease is released');
      assert.ok(logger.records.some((r) => r.msg === 'migrated collection old_checkpoints on service sysdb: checkpoint records carry trimmed'));
    } finally {
      await service.close!(handle);
      context.dispose();
    }
  });
});

// A migration only tests register: format 2 marks every checkpoint record, so the test can see it ran.
const TRIM_HISTORY: StoreFormats = {
  current: 2,
  migrations: [{
    from: 1,
    summary: 'checkpoint records carry trimmed',
    embedded: async () => undefined,
    async collection({ collection, keyOf }) {
      const records = await collection.list();
      await collection.putMany(records.map((r) => [keyOf(r), { ...r, trimmed: true }]));
    },
  }],
};
