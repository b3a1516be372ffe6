// Reads a copy's output topic back and says which of the bench's documents it holds, so a row
// counts documents copied, not just offsets moved (a case could write batches, wrappers or
// duplicates). Documents carry a field `n` (0 … count-1); probes and other messages have none.
import type { Kafka } from 'kafkajs';

export interface TopicDocuments {
  /** Messages read from the topic. */
  messages: number;
  /** Distinct values of `n` among them. */
  distinct: number;
  /** Messages that are a JSON object with a numeric `n` (duplicates included). */
  withN: number;
}

/** `n` as any of the JSON shapes a BSON int may take: 5, {"$numberInt": "5"}, {"$numberLong": …}. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const inner = v.$numberInt ?? v.$numberLong ?? v.$numberDouble;
    if (typeof inner === 'string') return Number(inner);
  }
  return undefined;
}

/**
 * Consumes `topic` from the beginning until `total` messages are read and `documents` distinct
 * documents seen, or `timeoutMs` passes. Both, because `total` counts probes the case copied
 * before the run, and a probe still in flight when they were counted lands later: reading only
 * `total` messages would then leave the last document unread and look like a loss.
 */
export async function topicDocuments(kafka: Kafka, topic: string, total: number, documents: number, timeoutMs = 60_000): Promise<TopicDocuments> {
  const consumer = kafka.consumer({ groupId: `mstream-bench-verify-${topic}`, allowAutoTopicCreation: false });
  const seen = new Set<number>();
  let messages = 0;
  let withN = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          messages++;
          try {
            const n = numberOf((JSON.parse(m.value?.toString() ?? 'null') as Record<string, unknown> | null)?.n);
            if (n !== undefined) {
              withN++;
              seen.add(n);
            }
          } catch {
            // not JSON: counted as a message, not a document
          }
        }
        if (messages >= total && seen.size >= documents) done();
      },
    });
    await Promise.race([finished, new Promise((r) => setTimeout(r, timeoutMs))]);
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`mstream-bench-verify-${topic}`]).catch(() => undefined);
    await admin.disconnect();
  }
  return { messages, distinct: seen.size, withN };
}
