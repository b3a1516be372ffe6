// @requires-services pubsub
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runAcceptance } from '@mstream/sdk/testing';
import pubsub from './index.js';

const EMULATOR = process.env.PUBSUB_EMULATOR_HOST ?? '127.0.0.1:8085';

runAcceptance(
  {
    plugin: pubsub,
    provider: 'pubsub',
    // Pub/Sub's schema registry holds Avro and Protocol Buffers, no JSON Schema.
    schemaEncoding: 'avro',
    service: () => ({ project_id: 'test-project', emulator_host: EMULATOR }),
    // Validates, but nothing listens there: check must fail with a retriable code.
    brokenService: () => ({ project_id: 'test-project', emulator_host: '127.0.0.1:1' }),
    // Topic and subscription live in separate namespaces, so one id names both: the source
    // creates the subscription on the topic of the same id, the sink (created) publishes to it.
    resource: (testId) => `acc-${testId}`,
    sourceOptions: (testId) => ({ create_on_topic: `acc-${testId}`, ack_deadline_seconds: 10 }),
    sinkOptions: () => ({ create_topic: true }),
    // Over Pub/Sub's 10 MB message limit. The emulator would accept it; the sink checks the limit itself.
    badPayload: () => new Uint8Array(10_000_001),
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    timeouts: { readMs: 5000, caseMs: 20_000 },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
