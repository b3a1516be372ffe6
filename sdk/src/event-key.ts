import { createHash } from 'node:crypto';
import type { StreamEvent } from './event.js';

/**
 * A fixed-size key for an event's source identity ({@link StreamEvent.id}): 32 hex digits of its
 * SHA-256. Stable across replays and hosts, safe in an HTTP header or as a MongoDB `_id`, and
 * it does not reveal topic names or client keys. Undefined when the event has no id.
 *
 * `scope` names where the key is used when one event is written to several places that share a
 * key space (two endpoints of one API, which would refuse a key reused for another request): the
 * same event gets another key per scope, still stable across replays.
 * @public
 */
export function eventKey(event: Pick<StreamEvent, 'id'>, scope = ''): string | undefined {
  // typeof, not === undefined: an id read back from a store may come as null.
  if (typeof event.id !== 'string') return undefined;
  return digest(scope ? [scope, event.id] : [event.id]);
}

/**
 * One key for a group of events sent together (a batch POST): the key of the ids in order, so
 * the same batch replayed gets the same key. A single event gets its own {@link eventKey}.
 * Undefined when any event has no id: a key that changes on replay would be worse than none.
 * @public
 */
export function batchKey(events: ReadonlyArray<Pick<StreamEvent, 'id'>>, scope = ''): string | undefined {
  if (events.length === 1) return eventKey(events[0], scope);
  if (events.length === 0 || events.some((e) => typeof e.id !== 'string')) return undefined;
  return digest([scope, ...events.map((e) => e.id!)], true);
}

/** SHA-256 of the parts, length-prefixed when several (so ["ab", "c"] and ["a", "bc"] differ). */
function digest(parts: string[], forceFraming = false): string {
  const hash = createHash('sha256');
  if (parts.length === 1 && !forceFraming) hash.update(parts[0]);
  else for (const part of parts) hash.update(`${part.length}:${part}\n`);
  return hash.digest('hex').slice(0, 32);
}
