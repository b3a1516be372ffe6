import assert from 'node:assert/strict';
import { isMstreamError } from '../../errors.js';
import type { StreamEvent } from '../../event.js';
import type { Source } from '../../source.js';
import type { Harness, ResolvedDriver } from '../harness.js';
import { abortAfter, makeEvents, payloadKey, positionKey, readUntil, withDeadline } from '../io.js';
import type { Registration } from '../registration.js';

/** Events per round trip: enough to cross a batch boundary in most sources, small enough to be fast. */
export const EVENT_COUNT = 20;

/** How a case can make a source produce known events. */
export type SourceMode = 'fed' | 'generator';

/**
 * `fed` when the kit can write events the source will read (the driver's `writeToSource`, or a
 * sink of the same provider); `generator` when the driver says how many events the source yields
 * on its own (`expectedCount`).
 */
export function sourceMode(registration: Registration, driver: ResolvedDriver): SourceMode | undefined {
  if (driver.writeToSource || registration.sinks.has(driver.provider)) return 'fed';
  if (driver.expectedCount !== undefined) return 'generator';
  return undefined;
}

export const NO_FEED = 'needs writeToSource, a sink of the same provider, or expectedCount';

/** Writes payloads for the source to read, through `writeToSource` when given, else through the sink. */
export async function feed(harness: Harness, handle: unknown, payloads: Uint8Array[]): Promise<void> {
  const { driver } = harness;
  if (driver.writeToSource) {
    await driver.writeToSource(harness.io(handle), payloads);
    return;
  }
  const sink = await harness.openSink(handle);
  await sink.write(makeEvents(payloads, driver.encoding), AbortSignal.timeout(driver.caseMs));
  await sink.close();
}

/** The payloads the kit writes in a case: `makePayload(0..count-1)`. */
export function payloads(driver: ResolvedDriver, count = EVENT_COUNT): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => driver.makePayload(i));
}

/** Identity of an event for comparisons: its payload when fed (positions may differ per read), its position for generators. */
export function identity(event: StreamEvent, mode: SourceMode): string {
  return mode === 'fed' ? payloadKey(event.payload, event.encoding) : positionKey(event.position);
}

/** Reads until `count` events arrived or `readMs` elapsed, then makes one short extra read so surplus events show. */
export async function readExactly(source: Source, count: number, readMs: number): Promise<StreamEvent[]> {
  const events = await readUntil(source, (got) => got.length >= count, readMs);
  events.push(...(await readUntil(source, () => false, Math.min(300, readMs))));
  return events;
}

/** Asserts an event has the shape every host component relies on. */
export function assertEventShape(event: StreamEvent): void {
  assert.ok(event.position instanceof Uint8Array && event.position.length > 0, 'event.position must be non-empty bytes');
  assert.ok(event.payload instanceof Uint8Array, 'event.payload must be a Uint8Array');
  assert.ok(['json', 'bson', 'avro'].includes(event.encoding), `event.encoding "${event.encoding}" is not an Encoding`);
  assert.ok(['insert', 'update', 'replace', 'delete', 'snapshot', 'message'].includes(event.operation), `event.operation "${event.operation}" is not an Operation`);
  assert.equal(typeof event.attributes, 'object', 'event.attributes must be an object');
  for (const [name, value] of Object.entries(event.attributes)) {
    assert.equal(typeof value, 'string', `attribute "${name}" must be a string`);
  }
}

/**
 * Reads on an idle source with a signal aborting after `abortMs`: it must resolve with [] no
 * later than `graceMs` after the abort (the host aborts reads to flush batches and to stop).
 */
export async function assertIdleRead(source: Source, abortMs: number, graceMs: number): Promise<void> {
  const { signal, cancel } = abortAfter(abortMs);
  try {
    const events = await withDeadline(source.read(10, signal), abortMs + graceMs, `source.read aborted after ${abortMs} ms`);
    assert.deepEqual(events, [], 'a read on an idle source must resolve with []');
  } finally {
    cancel();
  }
}

/** Asserts `error` is an mstream error, with a message that names the offender when not. */
export function assertMstreamError(error: unknown, what: string, codes?: string[]): true {
  assert.ok(isMstreamError(error), `${what} must throw an mstream error (isMstreamError), got: ${describeError(error)}`);
  if (codes) assert.ok(codes.includes(error.code), `${what} threw ${error.code}; expected one of ${codes.join(', ')}`);
  return true;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
