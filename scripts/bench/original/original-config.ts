// The Rust original's config for one benchmark case, in its own TOML format (the one ours follows).
// It passes every key of a Kafka service to librdkafka, for the consumer and the producer alike.

export interface OriginalKafkaCase {
  brokers: string;
  group: string;
  from: string;
  to: string;
  batchSize: number;
  /** Adds enable.idempotence=true (acks=all, ordered retries), the producer guarantee our jobs have. */
  idempotent: boolean;
}

const quote = (value: string) => JSON.stringify(value);

export function originalKafkaToKafka(c: OriginalKafkaCase): string {
  return [
    '[[services]]',
    'provider = "kafka"',
    'name = "kafka"',
    `"bootstrap.servers" = ${quote(c.brokers)}`,
    `"group.id" = ${quote(c.group)}`,
    // A fresh group starts at the end by default in librdkafka; the copy starts at the beginning.
    '"auto.offset.reset" = "earliest"',
    ...(c.idempotent ? ['"enable.idempotence" = "true"'] : []),
    '',
    '[[connectors]]',
    'enabled = true',
    'name = "bench_copy"',
    `batch = { kind = "count", size = ${c.batchSize} }`,
    `source = { service_name = "kafka", resource = ${quote(c.from)}, input_encoding = "json", output_encoding = "json" }`,
    `sinks = [{ service_name = "kafka", resource = ${quote(c.to)}, output_encoding = "json" }]`,
    '',
  ].join('\n');
}

export interface OriginalMongoCase {
  mongoUri: string;
  db: string;
  collection: string;
  brokers: string;
  to: string;
  batchSize: number;
}

/** The original's examples/mongo_to_kafka.toml connector: a change stream as BSON, JSON to Kafka. */
export function originalMongoToKafka(c: OriginalMongoCase): string {
  return [
    '[[services]]',
    'provider = "mongodb"',
    'name = "mongo"',
    `connection_string = ${quote(c.mongoUri)}`,
    `db_name = ${quote(c.db)}`,
    '',
    '[[services]]',
    'provider = "kafka"',
    'name = "kafka"',
    `"bootstrap.servers" = ${quote(c.brokers)}`,
    '',
    '[[connectors]]',
    'enabled = true',
    'name = "bench_m2k"',
    `batch = { kind = "count", size = ${c.batchSize} }`,
    `source = { service_name = "mongo", resource = ${quote(c.collection)}, output_encoding = "bson" }`,
    `sinks = [{ service_name = "kafka", resource = ${quote(c.to)}, output_encoding = "json" }]`,
    '',
  ].join('\n');
}
