import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import datagenPlugin from '../../plugins/datagen/src/index.js';
import filePlugin from '../../plugins/file/src/index.js';
import { startTestHost, type TestHost } from './test-host.js';

const TOKEN = 'files-root-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('the files root over the API', () => {
  let base: string;
  let dataDir: string;
  let outside: string;
  let h: TestHost;

  before(async () => {
    base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'mstream-files-root-api-')));
    dataDir = path.join(base, 'data');
    outside = path.join(base, 'outside');
    await mkdir(outside);
    await mkdir(dataDir);
    await symlink(outside, path.join(dataDir, 'link'));
    // With no MSTREAM_FILES_ROOT the root is the data folder.
    h = await startTestHost({ dataDir, apiToken: TOKEN, plugins: [filePlugin, datagenPlugin], config: { services: [{ provider: 'datagen', name: 'gen' }] } });
  });
  after(async () => {
    await h.close();
    await rm(base, { recursive: true, force: true });
  });

  const refusedAt = async (route: string, body: unknown, field: string) => {
    const res = await h.request('POST', route, body, auth);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.code, 'MS_ERR_CONFIG_INVALID');
    const issue = res.body.issues.find((i: { path: string }) => i.path === field);
    assert.ok(issue, `an issue at ${field}: ${JSON.stringify(res.body.issues)}`);
    assert.match(issue.message, new RegExp(`is outside the files root ${dataDir}`));
    return issue.message as string;
  };

  it('POST /services refuses a file service folder outside the root, naming body.path, and creates nothing', async () => {
    const message = await refusedAt('/services', { provider: 'file', name: 'abs', path: path.join(outside, 'abs') }, 'body.path');
    assert.match(message, /set MSTREAM_FILES_ROOT to widen it/);
    assert.equal((await h.request('GET', '/services/abs', undefined, auth)).status, 404);
    assert.equal(existsSync(path.join(outside, 'abs')), false);
  });

  it('POST /services refuses escaping the root with ".."', async () => {
    await refusedAt('/services', { provider: 'file', name: 'dots', path: '../outside/dots' }, 'body.path');
    assert.equal((await h.request('GET', '/services/dots', undefined, auth)).status, 404);
    assert.equal(existsSync(path.join(outside, 'dots')), false);
  });

  it('POST /services refuses escaping through a symlink inside the root, even to a folder not created yet', async () => {
    await refusedAt('/services', { provider: 'file', name: 'linked', path: 'link/new-folder' }, 'body.path');
    assert.equal((await h.request('GET', '/services/linked', undefined, auth)).status, 404);
    assert.deepEqual(await readdir(outside), []);
  });

  it('POST /services refuses the data folder itself, which holds the key and the stores', async () => {
    const res = await h.request('POST', '/services', { provider: 'file', name: 'data', path: '.' }, auth);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(res.body.issues[0].message, /is the host's data folder/);
  });

  it('POST /services accepts a folder inside the root and stores its absolute path', async () => {
    const res = await h.request('POST', '/services', { provider: 'file', name: 'files', path: 'out' }, auth);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.item.path, path.join(dataDir, 'out'));
    assert.equal((await h.request('GET', '/services/files', undefined, auth)).body.path, path.join(dataDir, 'out'));
  });

  it('POST /jobs refuses a source option marked x-path and a schemas[].file outside the root, and stores no job', async () => {
    await writeFile(path.join(outside, 'schema.json'), '{"type":"object"}');
    const job = {
      name: 'escape',
      source: { service_name: 'gen', resource: 'x', output_encoding: 'json', options: { schema_file: path.join(outside, 'schema.json') } },
      sinks: [{ service_name: 'files', resource: 'x.jsonl', output_encoding: 'json' }],
      schemas: [{ id: 's', file: '../outside/schema.json' }],
    };
    const res = await h.request('POST', '/jobs', job, auth);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    assert.ok(paths.includes('body.source.options.schema_file'), paths.join());
    assert.ok(paths.includes('body.schemas[0].file'), paths.join());
    assert.equal((await h.request('GET', '/jobs/escape', undefined, auth)).status, 404);
  });

  it('POST /plugins refuses a local folder outside the root before reading it', async () => {
    const folder = path.join(outside, 'some-plugin');
    await mkdir(folder);
    await writeFile(path.join(folder, 'package.json'), '{"name":"some-plugin","version":"1.0.0"}');
    await refusedAt('/plugins', { spec: folder }, 'spec');
    await refusedAt('/plugins', { spec: '../outside/some-plugin.tgz' }, 'spec');
    assert.deepEqual(await readdir(path.join(dataDir, 'plugins', 'tarballs')).catch(() => []), []);
  });
});
