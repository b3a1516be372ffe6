import { defineLazyPlugin } from '@mstream/sdk';

/**
 * Apache Kafka through kafkajs 2.2.4 or @platformatic/kafka 1.35.0 (service key client):
 * consumer-group source, idempotent-producer sink, exactly-once transactions, topic listing.
 * See README.md.
 *
 * Lazy: this entry imports only the SDK, so a host that uses no Kafka service never loads a
 * Kafka client; the host calls `load` (below) the first time a Kafka service or step is used.
 */
export default defineLazyPlugin({
  id: 'kafka',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Apache Kafka',
  description: 'Consumes topics as a consumer group (offsets committed after every sink confirmed) and produces with an idempotent producer; Kafka → Kafka jobs can be exactly-once (transactions).',
  provides: ['service:kafka', 'source:kafka', 'sink:kafka', 'resources:kafka'],
  async load() {
    const [{ installCodecs }, { kafkaResources }, { kafkaService }, { kafkaSink }, { kafkaSource }] = await Promise.all([
      import('./codecs/install-codecs.js'),
      import('./kafka-resources.js'),
      import('./kafka-service.js'),
      import('./kafka-sink.js'),
      import('./kafka-source.js'),
    ]);
    return {
      register(points) {
        installCodecs();
        points.service(kafkaService);
        points.source(kafkaSource);
        points.sink(kafkaSink);
        points.resources(kafkaResources);
      },
    };
  },
});
