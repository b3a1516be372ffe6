import assert from 'node:assert/strict';
import type { StreamEvent } from '../../event.js';
import type { Harness, ResolvedDriver } from '../harness.js';
import type { Registration } from '../registration.js';
import { ABORT_GRACE_MS, payloadKey, readUntil, sorted } from '../io.js';
import type { AcceptanceCase } from './case.js';
import {
  EVENT_COUNT, NO_FEED, assertEventShape, assertIdleRead, feed, identity, payloads, readExactly, sourceMode,
  type SourceMode,
} from './common.js';

const NO_SOURCE = 'the plugin registers no source for the provider';

/** A source opens on a fresh resource and closes. */
export const sourceOpenClose: AcceptanceCase = {
  id: 'source.openClose',
  summary: 'a source opens on a fresh resource and closes',
  notApplicable: (registration, driver) => (registration.sources.has(driver.provider) ? undefined : NO_SOURCE),
  async run(harness: Harness) {
    const handle = await harness.connect();
    const source = await harness.openSource(handle);
    await source.close();
  },
};

/**
 * Opens a source, makes it produce its events (feeding it when it can be fed) and reads them all.
 * Returns the events and how to identify them.
 */
async function produceAndReadAll(harness: Harness, handle: unknown): Promise<{ events: StreamEvent[]; mode: SourceMode; expected: string[] }> {
  const { driver } = harness;
  const mode = sourceMode(harness.registration, driver)!;
  const source = await harness.openSource(handle);
  if (mode === 'fed') {
    const written = payloads(driver);
    await feed(harness, handle, written);
    const events = await readExactly(source, EVENT_COUNT, driver.readMs);
    await source.close();
    const expected = written.map((payload) => payloadKey(payload, driver.encoding));
    return { events, mode, expected };
  }
  const events = await readExactly(source, driver.expectedCount!, driver.readMs);
  await source.close();
  return { events, mode, expected: [] };
}

function applicability(registration: Registration, driver: ResolvedDriver): string | undefined {
  if (!registration.sources.has(driver.provider)) return NO_SOURCE;
  return sourceMode(registration, driver) ? undefined : NO_FEED;
}

/** Everything written to the resource is read back exactly once, order ignored, within `readMs`. */
export const sourceReadAll: AcceptanceCase = {
  id: 'source.readAll',
  summary: 'every event produced is read back exactly once',
  notApplicable: applicability,
  async run(harness: Harness) {
    const handle = await harness.connect();
    const { events, mode, expected } = await produceAndReadAll(harness, handle);
    events.forEach(assertEventShape);
    const got = events.map((event) => identity(event, mode));
    if (mode === 'fed') {
      assert.deepEqual(sorted(got), sorted(expected), 'the events read must be exactly the payloads written');
      return;
    }
    assert.equal(events.length, harness.driver.expectedCount, 'a generator must yield exactly expectedCount events, then go idle');
    assert.equal(new Set(got).size, got.length, 'every event must have a distinct position');
  },
};

/** A read on a source with nothing to deliver resolves with [] and returns promptly once its signal aborts. */
export const sourceIdleReturnsEmpty: AcceptanceCase = {
  id: 'source.idleReturnsEmpty',
  summary: 'a read with nothing to deliver resolves with [] promptly once aborted',
  notApplicable: (registration, driver) => (registration.sources.has(driver.provider) ? undefined : NO_SOURCE),
  async run(harness: Harness) {
    const { driver } = harness;
    const handle = await harness.connect();
    const source = await harness.openSource(handle);
    // A generator is idle only once it has yielded everything; a fed source is idle on a fresh resource.
    if (sourceMode(harness.registration, driver) === 'generator') {
      const drained = await readUntil(source, (got) => got.length >= driver.expectedCount!, driver.readMs);
      assert.equal(drained.length, driver.expectedCount, 'the generator must yield expectedCount events first');
    }
    await assertIdleRead(source, 200, ABORT_GRACE_MS);
    // An already-aborted signal means "return now": the host does this when it stops a job.
    const aborted = new AbortController();
    aborted.abort();
    const started = Date.now();
    assert.deepEqual(await source.read(10, aborted.signal), [], 'a read with an aborted signal on an idle source must resolve with []');
    assert.ok(Date.now() - started <= ABORT_GRACE_MS, `a read with an aborted signal must return within ${ABORT_GRACE_MS} ms`);
  },
};

/**
 * Ack the first half, close, reopen at the checkpoint: the second half arrives with no gap. An
 * `exact` source must not repeat anything; an `at-least-once` one may. Event ids, when the
 * source sets them, are distinct and survive the restart.
 */
export const sourceResume: AcceptanceCase = {
  id: 'source.resume',
  summary: 'reopening at the acked checkpoint delivers the rest with no gaps',
  notApplicable: (registration, driver) => {
    const reason = applicability(registration, driver);
    if (reason) return reason;
    return registration.sources.get(driver.provider)!.resume === 'none' ? "the source declares resume: 'none'" : undefined;
  },
  async run(harness: Harness) {
    const { driver } = harness;
    const handle = await harness.connect();
    const first = await harness.openSource(handle);
    const mode = sourceMode(harness.registration, driver)!;
    const total = mode === 'fed' ? EVENT_COUNT : driver.expectedCount!;
    if (mode === 'fed') await feed(harness, handle, payloads(driver));
    const events = await readUntil(first, (got) => got.length >= total, driver.readMs);
    assert.equal(events.length, total, 'the first read-through must deliver every event');

    const half = Math.floor(total / 2);
    const acked = events.slice(0, half).map((event) => event.position);
    const checkpoint = (await first.ack(acked)) ?? acked[acked.length - 1];
    await first.close();

    const second = await harness.openSource(handle, checkpoint);
    const rest = new Set(events.slice(half).map((event) => identity(event, mode)));
    const all = new Set(events.map((event) => identity(event, mode)));
    const resumed = await readUntil(second, (got) => [...rest].every((id) => got.some((e) => identity(e, mode) === id)), driver.readMs);
    resumed.push(...(await readUntil(second, () => false, Math.min(300, driver.readMs))));
    await second.close();

    const got = resumed.map((event) => identity(event, mode));
    const missing = [...rest].filter((id) => !got.includes(id));
    assert.deepEqual(missing, [], 'after resuming, every event after the checkpoint must be delivered (no gaps)');
    assert.deepEqual(got.filter((id) => !all.has(id)), [], 'resuming must not deliver events that were never written');
    // Sinks derive idempotency keys from StreamEvent.id: it must name the record, not the delivery.
    const withIds = events.filter((event) => event.id !== undefined);
    assert.equal(new Set(withIds.map((event) => event.id)).size, withIds.length, 'different events must have different ids (StreamEvent.id)');
    const firstId = new Map(events.map((event) => [identity(event, mode), event.id]));
    const changed = resumed.filter((event) => firstId.get(identity(event, mode)) !== event.id).map((event) => identity(event, mode));
    assert.deepEqual(changed, [], 'an event delivered again after a restart must keep its id (StreamEvent.id)');
    if (harness.sourceDef!.resume === 'exact') {
      assert.deepEqual(sorted(got), sorted([...rest]), "a resume: 'exact' source must deliver the rest exactly once, nothing acked before");
    }
  },
};
