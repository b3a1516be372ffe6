import type { StreamEvent } from '@mstream/sdk';

/**
 * Middleware output keeps its origin's `id` (events are spread: `{ ...origin, payload }`), so an
 * event fanned out into several gives several events with one id, and an idempotent sink would
 * keep only one of them. The second and later events of an id in one batch get `#1`, `#2`, …, in
 * output order: stable across replays as long as the middleware answers the same way.
 */
export function distinctIds(events: StreamEvent[]): StreamEvent[] {
  let seen: Map<string, number> | undefined;
  let out: StreamEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const id = events[i].id;
    if (id === undefined) continue;
    seen ??= new Map();
    const count = seen.get(id) ?? 0;
    seen.set(id, count + 1);
    if (count === 0) continue;
    out ??= events.slice();
    out[i] = { ...events[i], id: `${id}#${count}` };
  }
  return out ?? events;
}
