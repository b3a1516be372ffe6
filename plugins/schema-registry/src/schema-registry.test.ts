// @requires-services registry
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordRegistration } from '@mstream/sdk/testing';
import plugin from './plugin.js';
import { RegistryClient } from './registry-client.js';
import { RegistryHandle, RegistrySchemaStore } from './registry-schema-store.js';

const URL = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const signal = new AbortController().signal;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const store = (url = URL) => new RegistrySchemaStore(new RegistryHandle(new RegistryClient({ url, timeout_ms: 5000, subject_cache_ms: 5000 })));
const user = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'User', fields: [{ name: 'email', type: 'string' }, ...fields] });

describe('schema-registry plugin against a real Confluent-compatible registry', () => {
  it('registers exactly what the manifest declares', async () => {
    const registration = recordRegistration(plugin);
    const manifest = (await import('../package.json', { with: { type: 'json' } })).default.mstream.provides;
    assert.deepEqual(registration.provides.slice().sort(), [...manifest].sort());
  });

  it('saves, lists, gets (by subject, version and global id) and deletes a subject', async () => {
    const s = store();
    const subject = unique('users-value');
    const saved = await s.save({ name: subject, encoding: 'avro', definition: user([]) }, signal);
    assert.equal(saved.id, subject);
    assert.equal(typeof saved.registry_id, 'number');
    assert.equal(saved.version, 1);
    const v2 = await s.save({ name: subject, encoding: 'avro', definition: user([{ name: 'age', type: ['null', 'int'], default: null }]) }, signal);
    assert.equal(v2.version, 2);
    assert.notEqual(v2.registry_id, saved.registry_id);

    assert.ok((await s.list(signal)).some((x) => x.id === subject && x.encoding === 'avro'));
    assert.equal((await store().get(subject, signal)).version, 2, 'a subject is its latest version');
    assert.equal((await s.get(`${subject}/versions/1`, signal)).registry_id, saved.registry_id);
    const byId = await store().get(String(saved.registry_id), signal);
    assert.equal(JSON.parse(byId.definition).fields.length, 1);
    assert.deepEqual((await s.listVersions(subject, signal)).map((e) => e.version), [1, 2]);

    await s.delete(subject, signal);
    await assert.rejects(store().get(subject, signal), (e: { code: string }) => e.code === 'MS_ERR_NOT_FOUND');
  });

  it('keeps JSON Schemas as schemaType JSON', async () => {
    const s = store();
    const subject = unique('orders-value');
    const definition = JSON.stringify({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });
    const saved = await s.save({ name: subject, encoding: 'json', definition }, signal);
    assert.equal(saved.encoding, 'json');
    assert.equal((await store().getById(saved.registry_id!, signal)).encoding, 'json');
    await s.delete(subject, signal);
  });

  it('refuses an incompatible schema with a conflict carrying the registry\'s reason', async () => {
    const s = store();
    const subject = unique('compat-value');
    await s.save({ name: subject, encoding: 'avro', definition: user([]) }, signal);
    const client = new RegistryClient({ url: URL, timeout_ms: 5000, subject_cache_ms: 0 });
    await client.request('PUT', `/config/${subject}`, signal, { compatibility: 'BACKWARD' });
    const incompatible = JSON.stringify({ type: 'record', name: 'User', fields: [{ name: 'email', type: 'int' }] });
    await assert.rejects(s.save({ name: subject, encoding: 'avro', definition: incompatible }, signal), (e: { code: string; message: string }) => e.code === 'MS_ERR_CONFLICT' && /not compatible/.test(e.message));
    await s.delete(subject, signal);
  });

  it('answers NotFound for unknown subjects, versions and ids, and 400 for a broken definition', async () => {
    const s = store();
    const missing = unique('missing');
    for (const id of [missing, `${missing}/versions/3`, '987654321']) {
      await assert.rejects(s.get(id, signal), (e: { code: string }) => e.code === 'MS_ERR_NOT_FOUND', id);
    }
    await assert.rejects(s.delete(missing, signal), (e: { code: string }) => e.code === 'MS_ERR_NOT_FOUND');
    await assert.rejects(s.save({ name: missing, encoding: 'avro', definition: '{"type":"record"}' }, signal), (e: { code: string }) => e.code === 'MS_ERR_CONFIG_INVALID');
  });

  it('reports an unreachable registry as a retriable connection error', async () => {
    await assert.rejects(store('http://127.0.0.1:1').list(signal), (e: { code: string; retriable: boolean }) => e.code === 'MS_ERR_CONNECTION' && e.retriable);
  });
});
