import { definePlugin } from '@mstream/sdk';
import { datagenResources } from './datagen-resources.js';
import { datagenService } from './datagen-service.js';
import { datagenSource } from './datagen-source.js';

/**
 * Built-in plugin generating fake documents from JSON Schemas (json-schema-faker), for demos,
 * tests and benchmarks. See README.md for the options.
 */
export default definePlugin({
  id: 'datagen',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Data generator',
  description: 'Generates events from a JSON Schema: rate, count, seed.',
  register(points) {
    points.service(datagenService);
    points.source(datagenSource);
    points.resources(datagenResources);
  },
});
