// The Kafka benchmark's baseline, run in its own process: a hand-written kafkajs bridge with the same
// guarantees as an mstream job — eachBatch, one idempotent acks=all send per 500 messages, then an
// offset commit. Configured by environment (set by kafka.bench.ts); runs until killed.
import kafkajs from 'kafkajs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const from = env('BENCH_FROM');
const to = env('BENCH_TO');
const batchSize = Number(env('BENCH_BATCH'));

const kafka = new kafkajs.Kafka({ clientId: 'mstream-bench-bare', brokers: env('BENCH_BROKERS').split(','), logLevel: kafkajs.logLevel.ERROR });
const consumer = kafka.consumer({ groupId: env('BENCH_GROUP'), maxWaitTimeInMs: 500 });
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
await Promise.all([consumer.connect(), producer.connect()]);
await consumer.subscribe({ topics: [from], fromBeginning: true });
await consumer.run({
  autoCommit: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
    for (let i = 0; i < batch.messages.length && isRunning(); i += batchSize) {
      const slice = batch.messages.slice(i, i + batchSize);
      await producer.send({ topic: to, acks: -1, messages: slice.map((m) => ({ key: m.key, value: m.value, headers: m.headers })) });
      const last = slice[slice.length - 1].offset;
      await consumer.commitOffsets([{ topic: from, partition: batch.partition, offset: String(BigInt(last) + 1n) }]);
      resolveOffset(last);
      await heartbeat();
    }
  },
});

// A clean exit on SIGTERM, so a --cpu-prof profile gets written (the benchmark's profiling mode).
process.once('SIGTERM', () => {
  void Promise.allSettled([consumer.disconnect(), producer.disconnect()]).then(() => process.exit(0));
});
