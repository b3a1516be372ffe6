import { DataError, NotFoundError } from '../errors.js';
import { createEvent, fromUtf8, utf8, type StreamEvent } from '../event.js';
import { definePlugin, type MstreamPlugin } from '../plugin.js';
import type { SchemaEntry, SchemaStore } from '../schema-store.js';
import type { Sink } from '../sink.js';
import type { Source } from '../source.js';
import { SDK_VERSION } from '../version.js';
import { sleep } from './io.js';

type Stored = Pick<StreamEvent, 'payload' | 'encoding' | 'key' | 'attributes' | 'operation'>;

/** The `memory` service handle: append-only logs by resource name, living as long as the handle. @public */
export interface MemoryStore {
  /** The events of each resource, in write order; an event's position is its index. */
  readonly logs: Map<string, Stored[]>;
  /** How long an idle `read` waits for new events before resolving with []. */
  readonly idleWaitMs: number;
  /** Schemas of the `memory` schema store, by id. */
  readonly schemas: Map<string, SchemaEntry>;
}

function log(store: MemoryStore, resource: string): Stored[] {
  let entries = store.logs.get(resource);
  if (!entries) store.logs.set(resource, (entries = []));
  return entries;
}

function createSource(store: MemoryStore, resource: string): Source {
  let next = 0;
  return {
    async open(position) {
      // Positions are decimal indexes; resume strictly after the checkpointed one.
      next = position === undefined ? 0 : Number(fromUtf8(position)) + 1;
    },
    async read(max, signal) {
      const entries = log(store, resource);
      if (next >= entries.length && !signal.aborted) await sleep(store.idleWaitMs, signal);
      const batch = entries.slice(next, next + max);
      const first = next;
      next += batch.length;
      return batch.map((stored, i) => createEvent({ ...stored, position: utf8(String(first + i)), sourceTimestamp: Date.now() }));
    },
    async ack() {
      // Nothing to commit upstream: the host's checkpoint (the last acked position) is the state.
    },
    async close() {},
  };
}

function createSink(store: MemoryStore, resource: string): Sink {
  return {
    async write(events) {
      // Validate the whole batch first so a bad event leaves nothing half-written.
      for (const event of events) {
        if (event.encoding !== 'json') continue;
        try {
          JSON.parse(fromUtf8(event.payload));
        } catch (error) {
          throw new DataError(`memory sink: payload is not valid JSON`, { cause: error });
        }
      }
      log(store, resource).push(
        ...events.map(({ payload, encoding, key, attributes, operation }) => ({ payload, encoding, key, attributes, operation })),
      );
    },
    async close() {},
  };
}

/**
 * A complete in-memory plugin (service, source, sink, resources for provider `memory`), for
 * testing hosts and the acceptance kit itself without any external system. It passes every
 * acceptance case. Events written by the sink are readable by sources on the same handle and
 * resource; nothing survives `close` of the service.
 *
 * Ordering: sources deliver in write order. Resume: `exact` (positions are indexes).
 * Concurrency: any number of sources and sinks may share one handle and resource.
 * @public
 */
function createSchemaStore(store: MemoryStore): SchemaStore {
  const found = (id: string): SchemaEntry => {
    const entry = store.schemas.get(id);
    if (!entry) throw new NotFoundError(`memory: no schema "${id}"`);
    return entry;
  };
  return {
    list: async () => [...store.schemas.values()].map(({ id, name, encoding }) => ({ id, name, encoding })),
    get: async (id) => found(id),
    async save(input) {
      const id = input.id ?? input.name;
      const now = new Date().toISOString();
      const entry: SchemaEntry = { ...input, id, created_at: store.schemas.get(id)?.created_at ?? now, updated_at: now };
      store.schemas.set(id, entry);
      return entry;
    },
    async delete(id) {
      found(id);
      store.schemas.delete(id);
    },
  };
}

export function createMemoryPlugin(): MstreamPlugin {
  return definePlugin({
    id: 'memory',
    version: SDK_VERSION,
    sdk: `^${SDK_VERSION}`,
    description: 'In-memory event logs, for tests.',
    register(points) {
      points.service<{ idle_wait_ms: number }, MemoryStore>({
        provider: 'memory',
        configSchema: {
          type: 'object',
          properties: { idle_wait_ms: { type: 'integer', minimum: 0, default: 50, description: 'How long an idle read waits.' } },
          additionalProperties: false,
        },
        connect: (config) => ({ logs: new Map(), idleWaitMs: config.idle_wait_ms, schemas: new Map() }),
        async check() {},
        async close(store) {
          store.logs.clear();
        },
      });
      points.source<MemoryStore, Record<string, never>>({
        provider: 'memory',
        resume: 'exact',
        create: ({ service, resource }) => createSource(service, resource),
      });
      points.sink<MemoryStore, Record<string, never>>({
        provider: 'memory',
        create: ({ service, resource }) => createSink(service, resource),
      });
      points.schemas<MemoryStore>({ provider: 'memory', create: (store) => createSchemaStore(store) });
      points.resources<MemoryStore>({
        provider: 'memory',
        create: (store) => ({
          async list() {
            return [...store.logs].map(([name, entries]) => ({ name, resource_type: 'log', details: { events: entries.length } }));
          },
          async read(name) {
            const entries = store.logs.get(name);
            if (!entries) throw new NotFoundError(`memory: no resource "${name}"`);
            return entries.map((e) => fromUtf8(e.payload)).join('\n');
          },
        }),
      });
    },
  });
}
