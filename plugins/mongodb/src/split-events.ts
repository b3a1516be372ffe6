import { DataError } from '@mstream/sdk';
import type { Document } from 'mongodb';
import type { RawChange } from './change-event.js';

/** `$changeStreamSplitLargeEvent` (MongoDB 7.0, 6.0.9): the last stage of the pipeline. */
export const SPLIT_STAGE: Document = { $changeStreamSplitLargeEvent: {} };

interface Fragmented extends RawChange {
  splitEvent?: { fragment: number; of: number };
}

/**
 * Reassembles change events the server split into fragments because they exceeded 16 MiB. Each
 * fragment carries some of the event's top-level fields and its own resume token; the event is
 * complete with fragment `of`, and takes that fragment's token, so a checkpoint never points into
 * the middle of an event (a restart gets every fragment again).
 */
export class SplitEventAssembler {
  private parts?: { of: number; next: number; fields: Document };

  /** True while fragments of an unfinished event are held: the driver's token is then inside it. */
  get pending(): boolean {
    return this.parts !== undefined;
  }

  /** Forgets held fragments: a reopened stream starts after a complete event. */
  reset(): void {
    this.parts = undefined;
  }

  /** The change itself when not split, the whole event with its last fragment, else undefined. */
  add(change: Fragmented): RawChange | undefined {
    const split = change.splitEvent;
    if (!split) {
      if (this.parts) throw this.broken(`an unsplit event arrived after fragment ${this.parts.next - 1} of ${this.parts.of}`);
      return change;
    }
    const { _id, splitEvent: _split, ...fields } = change;
    if (split.fragment === 1) {
      if (this.parts) throw this.broken(`a new split event began after fragment ${this.parts.next - 1} of ${this.parts.of}`);
      this.parts = { of: split.of, next: 1, fields: {} };
    }
    const parts = this.parts;
    if (!parts || split.fragment !== parts.next || split.of !== parts.of) {
      throw this.broken(`fragment ${split.fragment} of ${split.of} arrived, expected ${parts ? `${parts.next} of ${parts.of}` : 'fragment 1'}`);
    }
    Object.assign(parts.fields, fields);
    parts.next++;
    if (split.fragment < split.of) return undefined;
    this.parts = undefined;
    return { ...(parts.fields as Omit<RawChange, '_id'>), _id } as RawChange;
  }

  private broken(detail: string): Error {
    this.parts = undefined;
    return new DataError(`mongodb: cannot reassemble a split change event: ${detail}`);
  }
}
