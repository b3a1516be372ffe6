import { definePlugin } from '@mstream/sdk';
import { pubsubResources } from './pubsub-resources.js';
import { pubsubSchemas } from './pubsub-schemas.js';
import { pubsubService } from './pubsub-service.js';
import { pubsubSink } from './pubsub-sink.js';
import { pubsubSource } from './pubsub-source.js';

/** The implementation the lazy entry (index.ts) loads on first use; tests import it directly. */
export default definePlugin({
  id: 'pubsub',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Google Cloud Pub/Sub',
  description: 'Reads subscriptions, publishes to topics, lists resources and keeps Avro schemas in the Pub/Sub registry.',
  register(points) {
    points.service(pubsubService);
    points.source(pubsubSource);
    points.sink(pubsubSink);
    points.resources(pubsubResources);
    points.schemas(pubsubSchemas);
  },
});
