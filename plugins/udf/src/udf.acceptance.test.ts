import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runAcceptance } from '@mstream/sdk/testing';
import udf from './index.js';

// The udf plugin has a service, a middleware and resources but no source or sink, so the kit
// runs its manifest, schema, config, service and lifecycle cases; the middleware is proven by
// script-runner.test.ts and test/udf (a real host job).
runAcceptance(
  {
    plugin: udf,
    provider: 'udf',
    packageJsonPath: fileURLToPath(new URL('../package.json', import.meta.url)),
    service: () => ({ sources: [{ filename: 'identity.js', content: 'function transform(data, attributes) { return result(data); }' }] }),
    resource: () => 'identity.js',
  },
  { describe, it, skip: (name) => it.skip(name) },
);
