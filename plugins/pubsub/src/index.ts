import { definePlugin } from '@mstream/sdk';
import { pubsubResources } from './pubsub-resources.js';
import { pubsubSchemas } from './pubsub-schemas.js';
import { pubsubService } from './pubsub-service.js';
import { pubsubSink } from './pubsub-sink.js';
import { pubsubSource } from './pubsub-source.js';

/**
 * Google Cloud Pub/Sub: a subscription source (StreamingPull, acked only after every sink
 * confirmed), a topic sink, resource listing and the Pub/Sub schema registry. Works against the
 * emulator (`emulator_host` or PUBSUB_EMULATOR_HOST). See README.md.
 */
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
