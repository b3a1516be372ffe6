// @requires-services kafka
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runAcceptance } from '@mstream/sdk/testing';
import kafka from './index.js';

const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
// MSTREAM_TEST_KAFKA_CLIENT=platformatic runs the kit with the second client (unset: the default).
const client = process.env.MSTREAM_TEST_KAFKA_CLIENT ? { client: process.env.MSTREAM_TEST_KAFKA_CLIENT } : {};

runAcceptance(
  {
    plugin: kafka,
    provider: 'kafka',
    service: () => ({ 'bootstrap.servers': brokers, ...client }),
    // Nothing listens on port 1: the config validates, the cluster check fails with MS_ERR_CONNECTION.
    brokenService: () => ({ 'bootstrap.servers': '127.0.0.1:1', ...client }),
    // A fresh topic per case (auto-created by the broker), and with it a fresh consumer group per job.
    resource: (testId) => `acc-${testId}`,
    // Kafka stores any bytes; what it refuses is a message above the broker's message.max.bytes (1 MB).
    badPayload: () => new Uint8Array(2 * 1024 * 1024).fill(0x61),
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    // Joining a consumer group and creating a topic take a few seconds on the shared 2-core machine.
    timeouts: { readMs: 15_000, caseMs: 40_000 },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
