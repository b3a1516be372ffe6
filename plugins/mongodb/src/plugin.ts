import { definePlugin } from '@mstream/sdk';
import { mongoResources } from './mongo-resources.js';
import { mongoSchemas } from './mongo-schema-store.js';
import { mongoService } from './mongo-service.js';
import { mongoSink } from './mongo-sink.js';
import { mongoSystemStore } from './mongo-system-store.js';
import { mongoSource } from './source-definition.js';

/** The implementation the lazy entry (index.ts) loads on first use; tests import it directly. */
export default definePlugin({
  id: 'mongodb',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'MongoDB',
  description: 'Change streams (with optional initial snapshot) in, documents out; schema registry and system state on MongoDB.',
  register(points) {
    points.service(mongoService);
    points.source(mongoSource);
    points.sink(mongoSink);
    points.resources(mongoResources);
    points.schemas(mongoSchemas);
    points.systemStore(mongoSystemStore);
  },
});
