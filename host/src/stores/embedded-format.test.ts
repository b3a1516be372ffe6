import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigValidationError } from '@mstream/sdk';
import { createQuietLogger } from '@mstream/sdk/testing';
import { applyEmbeddedFormat, checkEmbeddedFormat } from './embedded-format.js';
import { CURRENT_FORMATS, STORE_FORMAT, type StoreFormats, type StoreMigration } from './store-format.js';

// A migration only tests register: format 2 stamps every stored job, so the test can see it ran.
const stampJobs: StoreMigration = {
  from: 1,
  summary: 'jobs carry migrated_to',
  async embedded(dataDir) {
    const file = path.join(dataDir, 'jobs.json');
    const jobs = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
    for (const job of Object.values(jobs)) job.migrated_to = 2;
    await writeFile(file, JSON.stringify(jobs));
  },
  collection: async () => undefined,
};
const FORMAT_2: StoreFormats = { current: 2, migrations: [stampJobs] };
const JOBS = JSON.stringify({ copy: { name: 'copy', state: 'stopped' } });
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8'));

describe('embedded store format', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-format-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('records the current format in a new data folder, and opens it again without rewriting the marker', async () => {
    const logger = createQuietLogger();
    const plan = await checkEmbeddedFormat(path.join(dir, 'data'), CURRENT_FORMATS, '1.2.3');
    assert.equal(plan.found.format, STORE_FORMAT);
    await assert.rejects(readdir(path.join(dir, 'data')), /ENOENT/, 'checking writes nothing');
    await mkdir(path.join(dir, 'data'));
    await applyEmbeddedFormat(plan, '1.2.3', logger);
    const marker = await readJson(path.join(dir, 'data', 'store-format.json'));
    assert.equal(marker.format, STORE_FORMAT);
    assert.equal(marker.written_by, '1.2.3');

    const again = await checkEmbeddedFormat(path.join(dir, 'data'), CURRENT_FORMATS, '1.2.4');
    await applyEmbeddedFormat(again, '1.2.4', logger);
    assert.deepEqual(await readJson(path.join(dir, 'data', 'store-format.json')), marker, 'a current store is left as it is');
  });

  it('takes store files without a marker as format 1 (written before formats were recorded) and records it', async () => {
    await writeFile(path.join(dir, 'jobs.json'), JOBS);
    const logger = createQuietLogger();
    const plan = await checkEmbeddedFormat(dir, CURRENT_FORMATS, '1.2.3');
    assert.equal(plan.found.format, 1);
    await applyEmbeddedFormat(plan, '1.2.3', logger);
    assert.equal((await readJson(path.join(dir, 'store-format.json'))).format, 1);
    assert.equal(await readFile(path.join(dir, 'jobs.json'), 'utf8'), JOBS);
    assert.ok(logger.records.some((r) => r.msg === 'recorded store format 1 in store-format.json'));
  });

  it('refuses a newer format naming both formats and both versions, before writing anything', async () => {
    await writeFile(path.join(dir, 'store-format.json'), JSON.stringify({ format: 2, written_by: '9.0.0' }));
    await assert.rejects(checkEmbeddedFormat(dir, CURRENT_FORMATS, '1.2.3'), (error: unknown) => {
      assert.ok(error instanceof ConfigValidationError);
      assert.equal(error.issues[0].path, 'data_dir');
      assert.match(error.issues[0].message, /is in store format 2 \(written by mstream 9\.0\.0\), but this host \(mstream 1\.2\.3\) knows store formats up to 1/);
      return true;
    });
    assert.deepEqual(await readdir(dir), ['store-format.json']);
  });

  it('refuses a marker without a format number rather than guessing', async () => {
    await writeFile(path.join(dir, 'store-format.json'), '{"format": "two"');
    await assert.rejects(checkEmbeddedFormat(dir, CURRENT_FORMATS, '1.2.3'), /without a valid "format" number/);
  });

  it('migrates an older store after copying its files to backup-format-1-<time>/, and logs each step', async () => {
    await writeFile(path.join(dir, 'jobs.json'), JOBS);
    await mkdir(path.join(dir, 'dead-letters'));
    await writeFile(path.join(dir, 'dead-letters', 'copy.jsonl'), '{"id":"d1"}\n');
    await writeFile(path.join(dir, 'mstream.key'), 'k'.repeat(64));
    const logger = createQuietLogger();
    const plan = await checkEmbeddedFormat(dir, FORMAT_2, '2.0.0');
    assert.deepEqual(plan.steps, [stampJobs]);
    await applyEmbeddedFormat(plan, '2.0.0', logger);

    assert.equal((await readJson(path.join(dir, 'jobs.json'))).copy.migrated_to, 2);
    const marker = await readJson(path.join(dir, 'store-format.json'));
    assert.equal(marker.format, 2);
    assert.equal(marker.written_by, '2.0.0');
    const backups = (await readdir(dir)).filter((e) => e.startsWith('backup-format-1-'));
    assert.equal(backups.length, 1);
    const backup = path.join(dir, backups[0]);
    assert.deepEqual((await readdir(backup)).sort(), ['dead-letters', 'jobs.json'], 'the store files, not the key');
    assert.equal(await readFile(path.join(backup, 'jobs.json'), 'utf8'), JOBS, 'the backup holds the old format');
    assert.equal(await readFile(path.join(backup, 'dead-letters', 'copy.jsonl'), 'utf8'), '{"id":"d1"}\n');
    const lines = logger.records.map((r) => r.msg);
    assert.ok(lines.includes('backed up the embedded store (format 1) before migrating it to format 2'), lines.join('\n'));
    assert.ok(lines.includes('migrated the embedded store: jobs carry migrated_to'), lines.join('\n'));
    assert.equal((await checkEmbeddedFormat(dir, FORMAT_2, '2.0.0')).steps.length, 0, 'nothing left to do on the next start');
  });

  it('puts the old files back when a migration step fails, and keeps the backup', async () => {
    await writeFile(path.join(dir, 'jobs.json'), JOBS);
    const failing: StoreMigration = {
      ...stampJobs,
      async embedded(dataDir) {
        await writeFile(path.join(dataDir, 'jobs.json'), 'half-written');
        throw new Error('disk full');
      },
    };
    const plan = await checkEmbeddedFormat(dir, { current: 2, migrations: [failing] }, '2.0.0');
    await assert.rejects(applyEmbeddedFormat(plan, '2.0.0', createQuietLogger()), /from format 1 to 2 failed \(disk full\); its files were put back from .*backup-format-1-/);
    assert.equal(await readFile(path.join(dir, 'jobs.json'), 'utf8'), JOBS);
    assert.equal((await readdir(dir)).includes('store-format.json'), false, 'still unmarked, so still format 1');
    assert.equal((await readdir(dir)).filter((e) => e.startsWith('backup-format-1-')).length, 1);
  });

  it('refuses a store no migration chain reaches', async () => {
    await writeFile(path.join(dir, 'store-format.json'), JSON.stringify({ format: 0, written_by: '0.0.1' }));
    await assert.rejects(checkEmbeddedFormat(dir, CURRENT_FORMATS, '1.2.3'), /no migration from format 0 to 1/);
  });
});
