import { createHash } from 'node:crypto';
import type { StreamEvent } from './event.js';

/**
 * A fixed-size key for an event's source identity ({@link StreamEvent.id}): 32 hex digits of its
 * SHA-256. Stable across replays and hosts, safe in an HTTP header or as a MongoDB `_id`, and
 * it does not reveal topic names or client keys. Undefined when the event has no id.
 * @public
 */
export function eventKey(event: Pick<StreamEvent, 'id'>): string | undefined {
  // typeof, not === undefined: an id read back from a store may come as null.
  if (typeof event.id !== 'string') return undefined;
  return createHash('sha256').update(event.id).digest('hex').slice(0, 32);
}

/**
 * One key for a group of events sent together (a batch POST): the key of the ids in order, so
 * the same batch replayed gets the same key. A single event gets its own {@link eventKey}.
 * Undefined when any event has no id: a key that changes on replay would be worse than none.
 * @public
 */
export function batchKey(events: ReadonlyArray<Pick<StreamEvent, 'id'>>): string | undefined {
  if (events.length === 1) return eventKey(events[0]);
  if (events.length === 0 || events.some((e) => typeof e.id !== 'string')) return undefined;
  const hash = createHash('sha256');
  // Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ.
  for (const event of events) hash.update(`${event.id!.length}:${event.id}\n`);
  return hash.digest('hex').slice(0, 32);
}
