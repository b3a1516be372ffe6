import { fromUtf8, utf8 } from '@mstream/sdk';

/**
 * Where one event came from. `epoch` counts how often this source was (re)assigned the partition,
 * so an ack for an event read before a rebalance never commits over the new owner's progress.
 */
export interface EventPosition {
  partition: number;
  offset: string;
  epoch: number;
}

/**
 * What the source checkpoints: the next offset to read of every partition it knows, e.g.
 * `{"topic":"t","partitions":{"0":"42","1":"17"}}`. Offsets are strings: they are int64.
 */
export interface KafkaCheckpoint {
  topic: string;
  partitions: Record<string, string>;
}

/** Compact JSON (`{"p":0,"o":"42","e":1}`): readable in logs, cheap to build per message. */
export function encodePosition(partition: number, offset: string, epoch: number): Uint8Array {
  return utf8(`{"p":${partition},"o":"${offset}","e":${epoch}}`);
}

export function decodePosition(bytes: Uint8Array): EventPosition | undefined {
  try {
    const value = JSON.parse(fromUtf8(bytes)) as { p?: unknown; o?: unknown; e?: unknown };
    if (typeof value.p !== 'number' || typeof value.o !== 'string' || !/^\d+$/.test(value.o)) return undefined;
    return { partition: value.p, offset: value.o, epoch: typeof value.e === 'number' ? value.e : -1 };
  } catch {
    return undefined;
  }
}

export function encodeCheckpoint(checkpoint: KafkaCheckpoint): Uint8Array {
  return utf8(JSON.stringify(checkpoint));
}

/**
 * Reads a checkpoint; undefined for anything else (an older position format, another source's
 * cursor), in which case the source starts from the group's committed offsets.
 */
export function decodeCheckpoint(bytes: Uint8Array | undefined): KafkaCheckpoint | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const value = JSON.parse(fromUtf8(bytes)) as Partial<KafkaCheckpoint>;
    if (typeof value.topic !== 'string' || !value.partitions || typeof value.partitions !== 'object') return undefined;
    const partitions: Record<string, string> = {};
    for (const [partition, offset] of Object.entries(value.partitions)) {
      if (/^\d+$/.test(partition) && typeof offset === 'string' && /^\d+$/.test(offset)) partitions[partition] = offset;
    }
    return { topic: value.topic, partitions };
  } catch {
    return undefined;
  }
}

/** Larger of two non-negative int64 offsets given as decimal strings. */
export function maxOffset(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** `offset + 1` for an int64 decimal string. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}
