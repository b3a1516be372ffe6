// The Kafka benchmark's second baseline, in its own process: a hand-written @platformatic/kafka bridge
// with mstream's guarantees — the group's messages as a stream, one idempotent acks=all send per 500
// messages, then a commit of each partition's next offset. Configured by environment (set by
// kafka.bench.ts); runs until killed.
import { Consumer, Producer } from '@platformatic/kafka';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const from = env('BENCH_FROM');
const to = env('BENCH_TO');
const batchSize = Number(env('BENCH_BATCH'));
const brokers = env('BENCH_BROKERS').split(',');

const consumer = new Consumer({ groupId: env('BENCH_GROUP'), clientId: 'mstream-bench-bare', bootstrapBrokers: brokers, maxWaitTime: 500 });
const producer = new Producer({ clientId: 'mstream-bench-bare', bootstrapBrokers: brokers, idempotent: true, acks: -1 });
const stream = await consumer.consume({ topics: [from], mode: 'earliest', autocommit: false, sessionTimeout: 10_000, heartbeatInterval: 500 });

// A clean exit on SIGTERM, so a --cpu-prof profile gets written (the benchmark's profiling mode).
process.once('SIGTERM', () => {
  void Promise.allSettled([consumer.close(true), producer.close()]).then(() => process.exit(0));
});

let batch = [];
for await (const message of stream) {
  batch.push(message);
  if (batch.length < batchSize) continue;
  const sent = batch;
  batch = [];
  await producer.send({ messages: sent.map((m) => ({ topic: to, key: m.key, value: m.value, headers: m.headers })) });
  const last = new Map();
  for (const m of sent) last.set(m.partition, m.offset);
  await consumer.commit({ offsets: [...last].map(([partition, offset]) => ({ topic: from, partition, offset: offset + 1n, leaderEpoch: -1 })) });
}
