import { defineLazyPlugin } from '@mstream/sdk';

/**
 * Google Cloud Pub/Sub: a subscription source (StreamingPull, acked only after every sink
 * confirmed), a topic sink, resource listing and the Pub/Sub schema registry. Works against the
 * emulator (`emulator_host` or PUBSUB_EMULATOR_HOST). See README.md.
 *
 * The entry imports only the SDK: the host reads the id and `provides` at discovery and imports
 * plugin.ts (and with it the client library) the first time one of these providers is used.
 */
export default defineLazyPlugin({
  id: 'pubsub',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Google Cloud Pub/Sub',
  description: 'Reads subscriptions, publishes to topics, lists resources and keeps Avro schemas in the Pub/Sub registry.',
  provides: ['service:pubsub', 'source:pubsub', 'sink:pubsub', 'resources:pubsub', 'schemas:pubsub'],
  load: () => import('./plugin.js').then((m) => m.default),
});
