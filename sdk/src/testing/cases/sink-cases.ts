import assert from 'node:assert/strict';
import type { Source } from '../../source.js';
import type { Harness, ResolvedDriver } from '../harness.js';
import { makeEvents, payloadKey, sorted } from '../io.js';
import type { Registration } from '../registration.js';
import type { AcceptanceCase } from './case.js';
import { EVENT_COUNT, assertMstreamError, payloads, readExactly } from './common.js';

const NO_SINK = 'the plugin registers no sink for the provider';
const NO_READBACK = 'needs readFromSink or a source of the same provider';

function readBackReason(registration: Registration, driver: ResolvedDriver): string | undefined {
  if (!registration.sinks.has(driver.provider)) return NO_SINK;
  return driver.readFromSink || registration.sources.has(driver.provider) ? undefined : NO_READBACK;
}

/**
 * Prepares to read back what the sink writes. A source must be open before the write, since some
 * (a Pub/Sub subscription, a change stream) only see what is written after they start.
 */
async function readBack(harness: Harness, handle: unknown): Promise<(count: number) => Promise<string[]>> {
  const { driver } = harness;
  if (driver.readFromSink) {
    const read = driver.readFromSink;
    // Ask for one more than expected so surplus (duplicated) lines show up in the comparison.
    return async (count) => (await read(harness.io(handle), count + 1, driver.readMs)).map((p) => payloadKey(p, driver.encoding));
  }
  const source: Source = await harness.openSource(handle);
  return async (count) => (await readExactly(source, count, driver.readMs)).map((e) => payloadKey(e.payload, e.encoding));
}

/** One write of N events is read back exactly, order ignored. */
export const sinkWriteBatch: AcceptanceCase = {
  id: 'sink.writeBatch',
  summary: 'one write of a batch is read back exactly',
  notApplicable: readBackReason,
  async run(harness: Harness) {
    const { driver } = harness;
    const handle = await harness.connect();
    const read = await readBack(harness, handle);
    const sink = await harness.openSink(handle);
    const written = payloads(driver);
    await sink.write(makeEvents(written, driver.encoding), AbortSignal.timeout(driver.caseMs));
    await sink.close();
    const got = await read(EVENT_COUNT);
    assert.deepEqual(sorted(got), sorted(written.map((p) => payloadKey(p, driver.encoding))), 'the sink must write exactly the events given');
  },
};

/** A batch holding one bad event rejects with an mstream error instead of resolving. */
export const sinkPartialWriteThrows: AcceptanceCase = {
  id: 'sink.partialWriteThrows',
  summary: 'a batch with one bad payload rejects with an mstream error',
  notApplicable: (registration, driver) => {
    if (!registration.sinks.has(driver.provider)) return NO_SINK;
    return driver.badPayload ? undefined : 'the driver gives no badPayload';
  },
  async run(harness: Harness) {
    const { driver } = harness;
    const handle = await harness.connect();
    const sink = await harness.openSink(handle);
    const batch = makeEvents([driver.makePayload(0), driver.badPayload!(), driver.makePayload(1)], driver.encoding);
    await assert.rejects(sink.write(batch, AbortSignal.timeout(driver.caseMs)), (error) =>
      assertMstreamError(error, 'a write containing a bad payload'),
    );
  },
};

/** For a sink declaring `idempotent: true`, writing the same batch twice stores it once. */
export const sinkReplayIdempotent: AcceptanceCase = {
  id: 'sink.replayIdempotent',
  summary: 'writing the same batch twice stores it once',
  notApplicable: (registration, driver) =>
    readBackReason(registration, driver) ??
    (registration.sinks.get(driver.provider)!.idempotent ? undefined : 'the sink does not declare idempotent: true'),
  async run(harness: Harness) {
    const { driver } = harness;
    const handle = await harness.connect();
    const read = await readBack(harness, handle);
    const sink = await harness.openSink(handle);
    const written = payloads(driver);
    const events = makeEvents(written, driver.encoding);
    await sink.write(events, AbortSignal.timeout(driver.caseMs));
    await sink.write(events, AbortSignal.timeout(driver.caseMs));
    await sink.close();
    const got = await read(EVENT_COUNT);
    assert.deepEqual(sorted(got), sorted(written.map((p) => payloadKey(p, driver.encoding))), 'a replayed batch must be stored once');
  },
};
