import assert from 'node:assert/strict';
import type { SchemaEncoding, SchemaEntry, SchemaStore } from '../../schema-store.js';
import type { Harness, ResolvedDriver } from '../harness.js';
import type { Registration } from '../registration.js';
import type { AcceptanceCase } from './case.js';
import { assertMstreamError } from './common.js';

const NO_STORE = 'the plugin registers no schema store for this provider';

/** Two versions of a small schema in the driver's encoding; the second is a compatible evolution. */
function definitions(encoding: SchemaEncoding): [string, string] {
  if (encoding === 'avro') {
    const record = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'KitUser', fields: [{ name: 'id', type: 'long' }, ...fields] });
    return [record([]), record([{ name: 'nickname', type: ['null', 'string'], default: null }])];
  }
  const schema = (title: string) => JSON.stringify({ title, type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] });
  return [schema('kit user'), schema('kit user, revised')];
}

/** Definitions are compared as JSON: registries may re-serialise the text they were given. */
function assertSameDefinition(actual: string, expected: string, what: string): void {
  assert.deepEqual(JSON.parse(actual), JSON.parse(expected), `${what}: the definition read back differs from the one saved`);
}

async function openStore(harness: Harness): Promise<SchemaStore> {
  const handle = await harness.connect();
  const definition = harness.registration.schemas.get(harness.driver.provider)!;
  return harness.call('schemas.create', () => definition.create(handle, harness.context, harness.driver.schemaStoreOptions?.(harness.testId)));
}

const applies = (registration: Registration, driver: ResolvedDriver) => (registration.schemas.has(driver.provider) ? undefined : NO_STORE);

/**
 * Save, list, get, update and delete one schema. Stores that never overwrite (Pub/Sub) may refuse
 * the update with `MS_ERR_CONFLICT`, as `SchemaStore.save` allows; any other outcome of an update
 * must be readable back.
 */
export const schemaStoreCrud: AcceptanceCase = {
  id: 'schemaStore.crud',
  summary: 'a saved schema is listed, read back, updated (or refused with MS_ERR_CONFLICT) and deleted',
  notApplicable: applies,
  async run(harness: Harness) {
    const store = await openStore(harness);
    const encoding = harness.driver.schemaEncoding ?? 'json';
    const [first, second] = definitions(encoding);
    const name = `kit-${harness.testId}`;
    const signal = () => AbortSignal.timeout(harness.driver.caseMs);
    let saved: SchemaEntry | undefined;
    try {
      saved = await harness.call('schemas.save', () => store.save({ name, encoding, definition: first }, signal()));
      assert.ok(typeof saved.id === 'string' && saved.id.length > 0, 'save must return the entry with a non-empty id');
      assert.equal(saved.encoding, encoding, 'save must return the encoding it stored');
      assertSameDefinition(saved.definition, first, 'save');
      const id = saved.id;

      const listed = await harness.call('schemas.list', () => store.list(signal()));
      const summary = listed.find((entry) => entry.id === id);
      assert.ok(summary, `list must include the saved schema "${id}"`);
      assert.equal(summary.encoding, encoding);

      const got = await harness.call('schemas.get', () => store.get(id, signal()));
      assert.equal(got.id, id);
      assert.equal(got.encoding, encoding);
      assertSameDefinition(got.definition, first, 'get');

      const updated = await harness.call('schemas.save', () => store.save({ id, name, encoding, definition: second }, signal())).catch((error: unknown) => {
        assertMstreamError(error, 'save over an existing schema', ['MS_ERR_CONFLICT']);
        return undefined;
      });
      if (updated) {
        assert.equal(updated.id, id, 'saving with an id must keep that id');
        assertSameDefinition((await harness.call('schemas.get', () => store.get(id, signal()))).definition, second, 'get after an update');
      }

      await harness.call('schemas.delete', () => store.delete(id, signal()));
      saved = undefined;
      assert.ok(!(await harness.call('schemas.list', () => store.list(signal()))).some((entry) => entry.id === id), `list must not include "${id}" after delete`);
      await assert.rejects(harness.call('schemas.get', () => store.get(id, signal())), (error) => assertMstreamError(error, 'get after delete', ['MS_ERR_NOT_FOUND']));
    } finally {
      // A failed assertion must not leave the schema behind for the next run.
      if (saved) await store.delete(saved.id, signal()).catch(() => undefined);
    }
  },
};

/** `get` and `delete` of an id the store never held fail with `MS_ERR_NOT_FOUND`. */
export const schemaStoreGetMissing: AcceptanceCase = {
  id: 'schemaStore.getMissing',
  summary: 'get and delete of an unknown id fail with MS_ERR_NOT_FOUND',
  notApplicable: applies,
  async run(harness: Harness) {
    const store = await openStore(harness);
    const id = `kit-missing-${harness.testId}`;
    const signal = () => AbortSignal.timeout(harness.driver.caseMs);
    const notFound = (what: string) => (error: unknown) => assertMstreamError(error, what, ['MS_ERR_NOT_FOUND']);
    await assert.rejects(harness.call('schemas.get', () => store.get(id, signal())), notFound('get of an unknown id'));
    await assert.rejects(harness.call('schemas.delete', () => store.delete(id, signal())), notFound('delete of an unknown id'));
  },
};
