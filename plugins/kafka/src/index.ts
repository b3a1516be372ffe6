import { definePlugin } from '@mstream/sdk';
import { installCodecs } from './codecs/install-codecs.js';
import { kafkaResources } from './kafka-resources.js';
import { kafkaService } from './kafka-service.js';
import { kafkaSink } from './kafka-sink.js';
import { kafkaSource } from './kafka-source.js';

/** Apache Kafka through kafkajs 2.2.4 or @platformatic/kafka 1.35.0 (service key client): consumer-group source, idempotent-producer sink, exactly-once transactions, topic listing. See README.md. */
export default definePlugin({
  id: 'kafka',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Apache Kafka',
  description: 'Consumes topics as a consumer group (offsets committed after every sink confirmed) and produces with an idempotent producer; Kafka → Kafka jobs can be exactly-once (transactions).',
  register(points) {
    installCodecs();
    points.service(kafkaService);
    points.source(kafkaSource);
    points.sink(kafkaSink);
    points.resources(kafkaResources);
  },
});
