import { randomBytes } from 'node:crypto';
import kafkajs, { type Admin, type Kafka, type Message } from 'kafkajs';

export const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

/** A name no earlier run used, so tests can repeat against the long-lived broker. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** A bare kafkajs client for setting up and checking, independent of the plugin under test. */
export function bareKafka(brokers = BROKERS): Kafka {
  return new kafkajs.Kafka({ clientId: 'mstream-test', brokers: brokers.split(','), logLevel: kafkajs.logLevel.NOTHING });
}

export async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function createTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  await withAdmin(kafka, (admin) => admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true }));
}

/** Produces messages (each may name its partition) in one idempotent send. */
export async function produce(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 1000) {
      await producer.send({ topic, messages: messages.slice(i, i + 1000), acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a throw-away group until at least `count` messages came,
 * then listens `quietMs` longer so surplus (duplicates) shows; resolves with what it has at `timeoutMs`.
 * The reader is `read_committed` (kafkajs's default) unless `isolation` says otherwise.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
  quietMs = 500,
  isolation: 'read_committed' | 'read_uncommitted' = 'read_committed',
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({ groupId: unique('reader'), maxWaitTimeInMs: 200, readUncommitted: isolation === 'read_uncommitted' });
  const got: ReadMessage[] = [];
  await consumer.connect();
  try {
    // The topic may not exist yet (the job under test creates it by producing).
    for (let attempt = 0; ; attempt++) {
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        break;
      } catch (error) {
        if (attempt > 40) throw error;
        await sleep(250);
      }
    }
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = value.toString();
        got.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
      },
    });
    const deadline = Date.now() + timeoutMs;
    while (got.length < count && Date.now() < deadline) await sleep(50);
    await sleep(quietMs);
    return [...got];
  } finally {
    await consumer.disconnect();
  }
}

/** How many messages a topic holds (sum of high watermarks minus low watermarks). */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  return withAdmin(kafka, async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A Kafka → Kafka job definition as the REST API and config file take it. */
export function kafkaJob(name: string, from: string, to: string, overrides: Record<string, unknown> = {}, sourceOptions: Record<string, unknown> = {}, sinkOptions: Record<string, unknown> = {}) {
  return {
    name,
    source: { service_name: 'kafka', resource: from, input_encoding: 'json', output_encoding: 'json', options: sourceOptions },
    sinks: [{ service_name: 'kafka', resource: to, output_encoding: 'json', options: sinkOptions }],
    batch: { kind: 'count', size: 50, max_wait_ms: 50 },
    checkpoint: { enabled: true, interval_ms: 200 },
    retry: { initial_backoff_ms: 100, max_backoff_ms: 1000 },
    ...overrides,
  };
}

/**
 * The service key choosing the plugin's Kafka client, from MSTREAM_TEST_KAFKA_CLIENT
 * (`kafkajs` or `platformatic`; unset: the plugin's default), so every Kafka test runs with either.
 */
export function clientKey(): { client?: 'kafkajs' | 'platformatic' } {
  const client = process.env.MSTREAM_TEST_KAFKA_CLIENT;
  if (client === undefined || client === '') return {};
  if (client !== 'kafkajs' && client !== 'platformatic') throw new Error(`MSTREAM_TEST_KAFKA_CLIENT: "${client}" is neither kafkajs nor platformatic`);
  return { client };
}

/** The same as a TOML line of a `[[services]]` entry (empty when the default client is used). */
export function clientTomlLine(): string {
  const { client } = clientKey();
  return client ? `client = "${client}"\n` : '';
}
