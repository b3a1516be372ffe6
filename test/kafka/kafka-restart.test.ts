// @requires-services kafka
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import kafkaPlugin from '../../plugins/kafka/src/index.js';
import { BROKERS, clientKey, bareKafka, createTopic, kafkaJob, produce, readTopic, topicSize, unique } from './kafka-helpers.js';

const TOTAL = 6000;
const BATCH = 100;

describe('a Kafka-sourced job stopped mid-stream', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('delivers every message at least once after the host restarts, with duplicates bounded by one batch', async () => {
    const kafka = bareKafka();
    const from = unique('restart-in');
    const to = unique('restart-out');
    const name = unique('restart');
    await createTopic(kafka, from, 3);
    await createTopic(kafka, to, 3);
    await produce(kafka, from, Array.from({ length: TOTAL }, (_, i) => ({ key: `k${i % 17}`, value: JSON.stringify({ id: i }) })));

    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-kafka-restart-'));
    dirs.push(dataDir);
    const config = {
      services: [{ provider: 'kafka', name: 'kafka', 'bootstrap.servers': BROKERS, ...clientKey() }],
      connectors: [kafkaJob(name, from, to, { batch: { kind: 'count', size: BATCH, max_wait_ms: 20 }, checkpoint: { enabled: true, interval_ms: 1000 } })],
    };

    const first = await startTestHost({ discover: false, plugins: [kafkaPlugin], config, dataDir });
    let stoppedAt = 0;
    try {
      stoppedAt = await eventually(async () => {
        const size = await topicSize(kafka, to);
        return size >= 500 ? size : 0;
      }, 30_000, 'the first host to copy some messages');
    } finally {
      // Stop while the job is still copying: in-flight batches are cut off after the grace period.
      await first.host.stop();
    }
    const afterStop = await topicSize(kafka, to);
    assert.ok(afterStop < TOTAL, `the job must be stopped mid-stream (copied ${afterStop} of ${TOTAL})`);

    const second = await startTestHost({ discover: false, plugins: [kafkaPlugin], config, dataDir });
    try {
      const got = await readTopic(kafka, to, TOTAL, 40_000, 1000);
      const ids = got.map((m) => (JSON.parse(m.value!) as { id: number }).id);
      const distinct = new Set(ids);
      const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !distinct.has(i));
      assert.deepEqual(missing.slice(0, 20), [], `no message may be lost (${missing.length} missing; stopped after ${stoppedAt})`);
      const duplicates = ids.length - distinct.size;
      assert.ok(duplicates <= BATCH, `duplicates (${duplicates}) must be bounded by one batch (${BATCH})`);
    } finally {
      await second.host.stop();
    }
  });
});
