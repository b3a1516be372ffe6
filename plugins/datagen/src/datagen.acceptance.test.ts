import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runAcceptance } from '@mstream/sdk/testing';
import datagen from './index.js';

// A generator cannot be fed: `expectedCount` (matching the `count` option) drives the source cases.
runAcceptance(
  {
    plugin: datagen,
    provider: 'datagen',
    service: () => ({ seed: 7 }),
    // Every test may share the built-in "user" schema: a generator keeps no state between sources.
    resource: () => 'user',
    sourceOptions: () => ({ count: 20, rate: 0 }),
    expectedCount: 20,
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    timeouts: { readMs: 3000, caseMs: 15_000 },
  },
  { describe, it, skip: (name) => it.skip(name) },
);
