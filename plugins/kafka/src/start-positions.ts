import type { KafkaAdmin } from './clients/kafka-client.js';
import type { Logger as MsLogger } from '@mstream/sdk';
import { kafkaErrorType } from './kafka-errors.js';
import { maxOffset, type KafkaCheckpoint } from './positions.js';

/** Where a source starts: explicit seeks per partition, and what it knows of every partition's progress. */
export interface StartPlan {
  /** partition → offset to seek to after the first assignment. */
  seeks: Map<number, string>;
  /** partition → next offset known to be delivered (committed by the group, or in the checkpoint). */
  known: Map<number, string>;
  reason: 'seek-back' | 'checkpoint' | 'group';
}

const MISSING_TOPIC = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * Decides the start of a source, in this order:
 * 1. `offset_seek_back_seconds`: every partition seeks to the first offset at or after now − N s
 *    (partitions with nothing that recent start at their end), on every start.
 * 2. the checkpoint: each partition resumes at its checkpointed offset, unless the group has
 *    committed further (the committed offset then wins: it was also confirmed by every sink).
 * 3. otherwise the group's committed offsets, or `from_beginning` for a new group (the client's own start).
 */
export async function planStart(
  admin: KafkaAdmin,
  topic: string,
  groupId: string,
  checkpoint: KafkaCheckpoint | undefined,
  seekBackSeconds: number | undefined,
  logger: MsLogger,
): Promise<StartPlan> {
  const known = new Map<number, string>();
  const seeks = new Map<number, string>();
  const committed = await committedOffsets(admin, topic, groupId);
  for (const [partition, offset] of committed) known.set(partition, offset);

  if (seekBackSeconds !== undefined) {
    const since = Date.now() - seekBackSeconds * 1000;
    const offsets = await tolerateMissingTopic(() => admin.offsetsByTimestamp(topic, since), []);
    for (const { partition, offset } of offsets) if (BigInt(offset) >= 0n) seeks.set(partition, offset);
    logger.info({ topic, seconds: seekBackSeconds, partitions: seeks.size }, 'seeking back in time');
    return { seeks, known, reason: 'seek-back' };
  }

  if (checkpoint) {
    if (checkpoint.topic !== topic) {
      logger.warn({ topic, checkpoint_topic: checkpoint.topic }, 'the checkpoint belongs to another topic; starting from the group offsets');
      return { seeks, known, reason: 'group' };
    }
    for (const [key, offset] of Object.entries(checkpoint.partitions)) {
      const partition = Number(key);
      const group = committed.get(partition);
      const best = maxOffset(offset, group)!;
      known.set(partition, best);
      if (best !== group) seeks.set(partition, best);
    }
    return { seeks, known, reason: 'checkpoint' };
  }
  return { seeks, known, reason: 'group' };
}

async function committedOffsets(admin: KafkaAdmin, topic: string, groupId: string): Promise<Map<number, string>> {
  const result = new Map<number, string>();
  const offsets = await tolerateMissingTopic(() => admin.committedOffsets(groupId, topic), []);
  for (const { partition, offset } of offsets) if (BigInt(offset) >= 0n) result.set(partition, offset);
  return result;
}

/** A topic that does not exist yet has no offsets: the consumer creates it (broker auto-create) or waits for it. */
async function tolerateMissingTopic<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (MISSING_TOPIC.has(kafkaErrorType(error) ?? '')) return fallback;
    throw error;
  }
}
