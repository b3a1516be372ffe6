// The workspace API (the original mstream's saved Transform Studio state): shapes, 404s, the id
// rule, and persistence in the embedded store across a host restart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestHost } from './test-host.js';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('workspaces API', () => {
  it('creates, lists, reads, replaces and deletes with the original shapes; 404 for unknown ids', async () => {
    const h = await startTestHost({ config: {} });
    try {
      assert.deepEqual((await h.request('GET', '/workspaces')).body, []);
      const created = await h.request('POST', '/workspaces', {
        name: 'masking', script: { service_name: 'scripts', resource: 'mask.js' }, input: '{"email":"a@b.c"}',
        schema: { schema_id: 'users-v1', service_name: 'registry' }, test_suite_id: 'suite-1', script_source: 'function transform(d, a) { return result(d, a); }',
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(Object.keys(created.body).sort(), ['item', 'message']);
      const item = created.body.item;
      assert.match(item.id, /^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      assert.match(item.created_at, ISO);
      assert.equal(item.created_at, item.updated_at);
      assert.deepEqual({ ...item, id: 'x', created_at: 't', updated_at: 't' }, {
        id: 'x', name: 'masking', script: { service_name: 'scripts', resource: 'mask.js' }, input: '{"email":"a@b.c"}',
        schema: { schema_id: 'users-v1', service_name: 'registry' }, test_suite_id: 'suite-1',
        script_source: 'function transform(d, a) { return result(d, a); }', created_at: 't', updated_at: 't',
      });
      assert.deepEqual((await h.request('GET', '/workspaces')).body, [{ id: item.id, name: 'masking' }]);
      assert.deepEqual((await h.request('GET', `/workspaces/${item.id}`)).body, item);

      // PUT replaces the whole workspace, keeps created_at; a whole GET answer may be sent back.
      await new Promise((r) => setTimeout(r, 5));
      const put = await h.request('PUT', `/workspaces/${item.id}`, { ...item, name: 'renamed', input: undefined, script: undefined });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.item.name, 'renamed');
      assert.equal(put.body.item.created_at, item.created_at);
      assert.notEqual(put.body.item.updated_at, item.updated_at);
      assert.equal(put.body.item.input, undefined);
      assert.equal(put.body.item.test_suite_id, 'suite-1');
      assert.equal((await h.request('PUT', `/workspaces/${item.id}`, { id: 'other', name: 'x' })).status, 400);
      assert.equal((await h.request('PUT', '/workspaces/nope', { name: 'x' })).status, 404);

      // A chosen id follows the id rule.
      const named = await h.request('POST', '/workspaces', { id: 'ws-1', name: 'one' });
      assert.equal(named.status, 201);
      assert.equal(named.body.item.id, 'ws-1');
      const bad = await h.request('POST', '/workspaces', { id: '../etc', name: 'bad' });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.issues.some((i: { path: string }) => i.path === 'body.id'), JSON.stringify(bad.body));
      assert.equal((await h.request('POST', '/workspaces', { input: 'no name' })).status, 400);
      assert.equal((await h.request('POST', '/workspaces', { name: 'x', surprise: 1 })).status, 400);

      for (const method of ['GET', 'DELETE']) {
        const res = await h.request(method, '/workspaces/missing');
        assert.equal(res.status, 404, method);
        assert.match(res.body.message, /workspace "missing" not found/);
      }
      const deleted = await h.request('DELETE', '/workspaces/ws-1');
      assert.deepEqual(deleted, { ...deleted, status: 200, body: { message: 'workspace deleted' } });
      assert.equal((await h.request('GET', '/workspaces/ws-1')).status, 404);

      const doc = (await h.request('GET', '/openapi.json')).body;
      assert.ok(doc.paths['/workspaces/{id}'].put && doc.paths['/workspaces'].post, 'in the OpenAPI document');
    } finally {
      await h.close();
    }
  });

  it('keeps workspaces in the embedded store across a restart', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-ws-'));
    try {
      const first = await startTestHost({ config: {}, dataDir });
      let saved: Record<string, unknown>;
      try {
        saved = (await first.request('POST', '/workspaces', { id: 'kept', name: 'kept', input: '{}' })).body.item;
      } finally {
        await first.close();
      }
      assert.ok(JSON.parse(await readFile(path.join(dataDir, 'workspaces.json'), 'utf8')).kept, 'in workspaces.json');
      const second = await startTestHost({ config: {}, dataDir });
      try {
        assert.deepEqual((await second.request('GET', '/workspaces/kept')).body, saved);
        assert.deepEqual((await second.request('GET', '/workspaces')).body, [{ id: 'kept', name: 'kept' }]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
