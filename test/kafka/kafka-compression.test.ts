// @requires-services kafka
// Every Kafka codec against the real broker's Java ones, both ways. Each input topic is created
// with compression.type = <codec>, so the broker itself (snappy-java, lz4-java, zstd-jni)
// compresses what the test produces uncompressed, and the job's source must decode Java's
// output. The job's sink then writes with the same codec to a topic whose compression.type is
// gzip, so the broker must decode the sink's batches with its Java codec to recompress them;
// the test reads gzip, which kafkajs decodes on its own. Spies on the installed codecs show that
// each path really ran through the codec under test.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs, { type Kafka } from 'kafkajs';
import { startTestHost, type TestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { compressionsAlgorithms } from '@platformatic/kafka';
import { installCodecs } from '../../plugins/kafka/src/codecs/install-codecs.js';
import { installPlatformaticCodecs } from '../../plugins/kafka/src/codecs/install-platformatic-codecs.js';
import { BROKERS, clientKey, bareKafka, kafkaJob, produce, readTopic, unique, withAdmin } from './kafka-helpers.js';

const { CompressionCodecs, CompressionTypes } = kafkajs;
const CODECS = { snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD, gzip: CompressionTypes.GZIP } as const;
type CodecName = keyof typeof CODECS;
const MESSAGES = 300;

/** Compress/decompress calls per codec, counted around the codecs the plugin installed. */
const calls = new Map<CodecName, { compress: number; decompress: number }>();
function spyOnCodecs(): void {
  if (clientKey().client === 'platformatic') return spyOnPlatformaticCodecs();
  installCodecs();
  const table = CompressionCodecs as unknown as Record<number, () => { compress(e: unknown): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> }>;
  for (const [name, type] of Object.entries(CODECS) as Array<[CodecName, number]>) {
    const counts = { compress: 0, decompress: 0 };
    calls.set(name, counts);
    const original = table[type];
    table[type] = () => {
      const codec = original();
      return {
        compress: (encoder) => (counts.compress++, codec.compress(encoder)),
        decompress: (buffer) => (counts.decompress++, codec.decompress(buffer)),
      };
    };
  }
}

/** The same count around @platformatic/kafka's codec table (which the plugin fills with its codecs). */
function spyOnPlatformaticCodecs(): void {
  installPlatformaticCodecs();
  const table = compressionsAlgorithms as unknown as Record<CodecName, { compressSync(d: unknown): Buffer; decompressSync(d: unknown): Buffer }>;
  for (const name of Object.keys(CODECS) as CodecName[]) {
    const counts = { compress: 0, decompress: 0 };
    calls.set(name, counts);
    const { compressSync, decompressSync } = table[name];
    table[name].compressSync = (d) => (counts.compress++, compressSync(d));
    table[name].decompressSync = (d) => (counts.decompress++, decompressSync(d));
  }
}

const value = (codec: string, i: number) => JSON.stringify({ codec, i, text: `message ${i} of a compressible payload `.repeat(20) });

describe('Kafka compression against the broker’s Java codecs', () => {
  let kafka: Kafka;
  let h: TestHost;
  const topics = Object.fromEntries(Object.keys(CODECS).map((codec) => [codec, { from: unique(`cmp-${codec}-in`), to: unique(`cmp-${codec}-out`) }])) as Record<CodecName, { from: string; to: string }>;

  before(async () => {
    spyOnCodecs();
    kafka = bareKafka();
    await withAdmin(kafka, (admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: Object.entries(topics).flatMap(([codec, { from, to }]) => [
          { topic: from, numPartitions: 2, configEntries: [{ name: 'compression.type', value: codec }] },
          { topic: to, numPartitions: 2, configEntries: [{ name: 'compression.type', value: 'gzip' }] },
        ]),
      }),
    );
    for (const [codec, { from }] of Object.entries(topics)) {
      await produce(kafka, from, Array.from({ length: MESSAGES }, (_, i) => ({ key: `k${i % 7}`, value: value(codec, i) })));
    }
    h = await startTestHost({
      discover: false,
      plugins: [kafkaPlugin],
      config: {
        services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }],
        connectors: Object.entries(topics).map(([codec, { from, to }]) => kafkaJob(unique(`cmp-${codec}`), from, to, {}, {}, { compression: codec })),
      },
    });
  });

  after(async () => {
    await h?.close();
  });

  for (const codec of Object.keys(CODECS) as CodecName[]) {
    it(`${codec}: reads what the broker compressed and writes what the broker can decompress`, async () => {
      const got = await readTopic(kafka, topics[codec].to, MESSAGES, 30_000);
      assert.equal(got.length, MESSAGES, 'every message once');
      assert.deepEqual(got.map((m) => m.value).sort(), Array.from({ length: MESSAGES }, (_, i) => value(codec, i)).sort());
      const counts = calls.get(codec)!;
      assert.ok(counts.decompress > 0, `the source decoded ${codec} batches (the broker compressed the input topic)`);
      assert.ok(counts.compress > 0, `the sink wrote ${codec} batches`);
    });
  }
});
