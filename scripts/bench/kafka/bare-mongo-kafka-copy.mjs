// The MongoDB → Kafka benchmark's baseline, in its own process: the bare mongodb driver's change
// stream (fullDocument updateLookup, as the job and the original ask) → kafkajs, one idempotent
// acks=all send of the documents as JSON per 500 events (or 50 ms), resume token kept in memory.
// Configured by environment (set by mongo-kafka.bench.ts); runs until killed.
import kafkajs from 'kafkajs';
import { MongoClient } from 'mongodb';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const batchSize = Number(env('BENCH_BATCH'));
const to = env('BENCH_TO');
const client = await MongoClient.connect(env('BENCH_MONGO_URI'));
const kafka = new kafkajs.Kafka({ clientId: 'mstream-bench-bare', brokers: env('BENCH_BROKERS').split(','), logLevel: kafkajs.logLevel.ERROR });
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
await producer.connect();
const stream = client.db(env('BENCH_DB')).collection(env('BENCH_COLLECTION')).watch([], { fullDocument: 'updateLookup', maxAwaitTimeMS: 50 });

process.once('SIGTERM', () => {
  void Promise.allSettled([stream.close(), producer.disconnect(), client.close()]).then(() => process.exit(0));
});

let batch = [];
for (;;) {
  const change = await stream.tryNext();
  if (change?.fullDocument) batch.push({ key: String(change.documentKey._id), value: JSON.stringify(change.fullDocument) });
  if (batch.length >= batchSize || (change === null && batch.length > 0)) {
    await producer.send({ topic: to, acks: -1, messages: batch });
    batch = [];
  }
}
