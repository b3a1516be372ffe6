import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigValidationError } from '@mstream/sdk';
import { createQuietLogger, createTestContext, recordRegistration } from '@mstream/sdk/testing';
import { Host, HOST_VERSION } from '../src/host.js';
import { applyCollectionFormat, checkCollectionFormat, type VersionedCollection } from '../src/stores/collection-format.js';
import { STORE_FORMAT, type StoreFormats } from '../src/stores/store-format.js';
import { createWorld, scriptedPlugin } from './fixtures/scripted-plugin.js';
import { memorySystemPlugin, type MemoryBackend } from './fixtures/memory-system-plugin.js';
import { eventually, startTestHost } from './test-host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NEWER = { format: STORE_FORMAT + 1, written_by: '99.0.0', written_at: '2030-01-01T00:00:00.000Z' };
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'mstream-store-format-'));

const job = {
  name: 'copy',
  source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
  sinks: [{ service_name: 'src', resource: 'out', output_encoding: 'json' }],
};

/** Asserts a refusal that names the store's format and writer and this host's version and format. */
function refusedAsNewer(path: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ConfigValidationError, String(error));
    assert.equal(error.issues[0].path, path);
    assert.match(error.issues[0].message, new RegExp(`store format ${NEWER.format} \\(written by mstream 99\\.0\\.0\\), but this host \\(mstream ${HOST_VERSION.replace(/\./g, '\\.')}\\) knows store formats up to ${STORE_FORMAT}`));
    return true;
  };
}

describe('store format versions', () => {
  it('opens a data folder written in the current format, and one from before formats were recorded', async () => {
    const dataDir = await tempDir();
    const plugins = [scriptedPlugin(createWorld())];
    const config = { system: { job_lifecycle: { startup_state: 'keep' } }, services: [{ provider: 'scripted', name: 'src' }] };
    try {
      const first = await startTestHost({ plugins, config, dataDir });
      try {
        assert.equal((await first.request('POST', '/jobs', job)).status, 201);
      } finally {
        await first.close();
      }
      const marker = await readJson(path.join(dataDir, 'store-format.json'));
      assert.equal(marker.format, STORE_FORMAT);
      assert.equal(marker.written_by, HOST_VERSION);

      const second = await startTestHost({ plugins, config, dataDir });
      try {
        await eventually(async () => (await second.request('GET', '/jobs/copy')).status === 200, 5000, 'stored job');
      } finally {
        await second.close();
      }
      assert.deepEqual(await readJson(path.join(dataDir, 'store-format.json')), marker, 'a current store is not rewritten');

      // Today's files without a marker: what every host wrote before formats were recorded.
      await rm(path.join(dataDir, 'store-format.json'));
      const third = await startTestHost({ plugins, config, dataDir });
      try {
        assert.equal((await third.request('GET', '/jobs/copy')).status, 200);
      } finally {
        await third.close();
      }
      assert.equal((await readJson(path.join(dataDir, 'store-format.json'))).format, 1);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a data folder in a newer format before writing anything', async () => {
    const dataDir = await tempDir();
    try {
      await writeFile(path.join(dataDir, 'store-format.json'), JSON.stringify(NEWER));
      const host = new Host({ port: 0, logStdout: false, discover: false, dataDir, config: {} });
      await assert.rejects(host.start(), refusedAsNewer('data_dir'));
      assert.deepEqual(await readdir(dataDir), ['store-format.json'], 'no key file, no audit log');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('records a format per system collection in mstream_meta, and refuses one marked newer', async () => {
    const backend: MemoryBackend = new Map();
    const dataDir = await tempDir();
    const plugins = [memorySystemPlugin(backend)];
    const config = { system: { job_lifecycle: { service_name: 'sysdb', startup_state: 'keep' }, checkpoints: { service_name: 'sysdb', resource: 'cps' } }, services: [{ provider: 'memsys', name: 'sysdb' }] };
    try {
      await (await startTestHost({ plugins, config, dataDir })).close();
      const meta = backend.get('mstream_meta')!;
      assert.deepEqual([...meta.keys()].sort(), ['store-format:cps', 'store-format:mstream_dead_letters', 'store-format:mstream_jobs']);
      assert.equal(meta.get('store-format:mstream_jobs')!.format, STORE_FORMAT);
      assert.equal(meta.get('store-format:mstream_jobs')!.written_by, HOST_VERSION);

      meta.set('store-format:cps', { ...NEWER, resource: 'cps' });
      await rm(dataDir, { recursive: true, force: true });
      const host = new Host({ port: 0, logStdout: false, discover: false, dataDir, plugins, config });
      await assert.rejects(host.start(), refusedAsNewer('system.checkpoints'));
      await assert.rejects(readdir(dataDir), /ENOENT/, 'not even the data folder or its key was created');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('migrates an older system collection after copying it to <resource>_backup_format_1_<time>', async () => {
    const backend: MemoryBackend = new Map();
    const target = await memsysTarget(backend, 'mstream_jobs');
    await target.collection.put('copy', { name: 'copy', state: 'stopped' });
    const logger = createQuietLogger();
    const plan = await checkCollectionFormat(target, STAMP_JOBS, '2.0.0');
    assert.equal(plan.found.format, 1, 'no marker: format 1');
    await applyCollectionFormat(plan, '2.0.0', 'host-a', logger);

    assert.equal(backend.get('mstream_jobs')!.get('copy')!.migrated_to, 2);
    assert.equal(backend.get('mstream_meta')!.get('store-format:mstream_jobs')!.format, 2);
    const backups = [...backend.keys()].filter((name) => name.startsWith('mstream_jobs_backup_format_1_'));
    assert.equal(backups.length, 1);
    assert.deepEqual([...backend.get(backups[0])!.entries()], [['copy', { name: 'copy', state: 'stopped' }]], 'the backup holds the old format under the same keys');
    assert.ok(logger.records.some((r) => r.msg === 'migrated collection mstream_jobs on service sysdb: jobs carry migrated_to'));
    assert.equal((await checkCollectionFormat(target, STAMP_JOBS, '2.0.0')).steps.length, 0);
  });

  it('mstream start exits 2 naming both versions when the data folder is newer', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const config = path.join(dir, 'empty.toml');
    try {
      await writeFile(config, '');
      await mkdir(dataDir);
      await writeFile(path.join(dataDir, 'store-format.json'), JSON.stringify(NEWER));
      const { MSTREAM_API_TOKEN: _t, MSTREAM_DATA_DIR: _d, ...env } = process.env;
      const result = spawnSync(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', 'host/src/cli.ts', 'start', '--config', config, '--data-dir', dataDir, '--port', '0'], {
        cwd: root, encoding: 'utf8', env, timeout: 120_000,
      });
      assert.equal(result.status, 2, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, /data_dir: .* is in store format 2 \(written by mstream 99\.0\.0\), but this host \(mstream [^)]+\) knows store formats up to 1/);
      assert.deepEqual(await readdir(dataDir), ['store-format.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// A migration only tests register: format 2 stamps every stored job, so the test can see it ran.
const STAMP_JOBS: StoreFormats = {
  current: 2,
  migrations: [{
    from: 1,
    summary: 'jobs carry migrated_to',
    embedded: async () => undefined,
    async collection({ section, collection, keyOf }) {
      if (section !== 'job_lifecycle') return;
      const jobs = await collection.list();
      await collection.putMany(jobs.map((j) => [keyOf(j), { ...j, migrated_to: 2 }]));
    },
  }],
};

/** The job collection of a memsys service, as the host hands it to the format check. */
async function memsysTarget(backend: MemoryBackend, resource: string): Promise<VersionedCollection> {
  const definition = recordRegistration(memorySystemPlugin(backend)).systemStores.get('memsys')!;
  const context = createTestContext({ pluginId: 'memsys' });
  const open = async (name: string) => definition.create(backend, name, context);
  return { section: 'job_lifecycle', service: 'sysdb', resource, collection: await open(resource), meta: await open('mstream_meta'), open };
}
