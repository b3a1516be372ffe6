// @requires-services registry
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runAcceptance } from '@mstream/sdk/testing';
import plugin from './index.js';

const REGISTRY_URL = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';

// A service-and-schema-store plugin: the kit runs the manifest, config, service and schema-store
// cases; the source and sink cases do not apply.
runAcceptance(
  {
    plugin,
    provider: 'schema-registry',
    service: () => ({ url: REGISTRY_URL, timeout_ms: 5000 }),
    brokenService: () => ({ url: 'http://127.0.0.1:1/apis/ccompat/v7', timeout_ms: 1000 }),
    resource: (testId) => `acc-${testId}`,
    schemaEncoding: 'avro',
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
  },
  { describe, it, skip: (name) => it.skip(name) },
);
