import type { ConfigSchema } from '@mstream/sdk';
import { KAFKA_CLIENTS } from './clients/kafka-client.js';
import { COMPRESSIONS } from './codecs/install-codecs.js';

/**
 * A `[[services]]` entry of provider `kafka`: librdkafka-style keys (as the original mstream took
 * them) plus `offset_seek_back_seconds`. Values may be strings (as librdkafka requires), numbers
 * or booleans.
 */
export type KafkaServiceConfig = Record<string, string | number | boolean | undefined> & {
  'bootstrap.servers': string;
  offset_seek_back_seconds?: number | string;
  client?: 'kafkajs' | 'platformatic';
};

type Scalar = ConfigSchema;
const STRING_LIKE: Scalar = { type: ['string', 'number', 'boolean'] };

/**
 * The librdkafka keys this plugin maps onto kafkajs. Anything else matching the librdkafka naming
 * pattern validates (so configs written for the original keep loading) but is ignored, with one
 * warning per connect.
 */
export const MAPPED_KEYS = [
  'bootstrap.servers',
  'client.id',
  'group.id',
  'auto.offset.reset',
  'security.protocol',
  'sasl.mechanism',
  'sasl.mechanisms',
  'sasl.username',
  'sasl.password',
  'ssl.ca.location',
  'ssl.certificate.location',
  'ssl.key.location',
  'ssl.key.password',
  'ssl.ca.pem',
  'ssl.certificate.pem',
  'ssl.key.pem',
  'enable.ssl.certificate.verification',
  'socket.connection.setup.timeout.ms',
  'request.timeout.ms',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'compression.type',
  'compression.codec',
] as const;

const escape = (key: string) => key.replace(/\./g, '\\.');
/** Dotted lower-case names (librdkafka's style), excluding the mapped ones (ajv strict forbids overlap). */
export const UNMAPPED_KEY_PATTERN = `^(?!(${MAPPED_KEYS.map(escape).join('|')})$)[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$`;

const secret = (description: string): ConfigSchema => ({ type: 'string', 'x-secret': true, description });

/** JSON Schema of the service keys. */
export const kafkaConfigSchema: ConfigSchema = {
  type: 'object',
  required: ['bootstrap.servers'],
  additionalProperties: false,
  properties: {
    'bootstrap.servers': { type: 'string', minLength: 1, description: 'Comma-separated host:port list of brokers.', 'x-order': 1 },
    'group.id': { type: 'string', minLength: 1, description: 'Default consumer group of the sources on this service (a source step may override it with option group_id; default mstream-<job name>).', 'x-order': 2 },
    'client.id': { type: 'string', minLength: 1, description: 'Client id sent to the brokers.', default: 'mstream', 'x-advanced': true },
    'security.protocol': {
      type: 'string',
      enum: ['plaintext', 'ssl', 'sasl_plaintext', 'sasl_ssl', 'PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'],
      description: 'How to talk to the brokers.',
      'x-order': 3,
    },
    'sasl.mechanism': { type: 'string', enum: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'plain', 'scram-sha-256', 'scram-sha-512'], description: 'SASL mechanism.' },
    'sasl.mechanisms': { type: 'string', enum: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'plain', 'scram-sha-256', 'scram-sha-512'], description: 'Alias of sasl.mechanism (librdkafka accepts both).' },
    'sasl.username': { type: 'string', description: 'SASL user name.' },
    'sasl.password': secret('SASL password.'),
    // x-path: the host reads these files, so they are confined to its files root (see docs/configuration.md).
    'ssl.ca.location': { type: 'string', 'x-path': 'file', description: 'PEM file of the CA certificate(s) to trust, inside the files root.' },
    'ssl.certificate.location': { type: 'string', 'x-path': 'file', description: 'PEM file of the client certificate (mutual TLS), inside the files root.' },
    'ssl.key.location': { type: 'string', 'x-path': 'file', description: 'PEM file of the client private key (mutual TLS), inside the files root.' },
    'ssl.key.password': secret('Passphrase of the client private key.'),
    'ssl.ca.pem': { type: 'string', description: 'CA certificate(s) as PEM text, instead of ssl.ca.location.', 'x-advanced': true },
    'ssl.certificate.pem': { type: 'string', description: 'Client certificate as PEM text.', 'x-advanced': true },
    'ssl.key.pem': secret('Client private key as PEM text.'),
    'enable.ssl.certificate.verification': { type: ['boolean', 'string'], enum: [true, false, 'true', 'false'], default: true, description: 'Verify the brokers\' certificates.', 'x-advanced': true },
    'auto.offset.reset': { type: 'string', enum: ['earliest', 'smallest', 'beginning', 'latest', 'largest', 'end'], description: 'Where a consumer group without committed offsets starts; the source option from_beginning wins when set.', 'x-advanced': true },
    'socket.connection.setup.timeout.ms': { ...STRING_LIKE, description: 'Connection timeout in ms (kafkajs connectionTimeout; default 3000).', 'x-advanced': true },
    'request.timeout.ms': { ...STRING_LIKE, description: 'Request timeout in ms (kafkajs requestTimeout; default 30000).', 'x-advanced': true },
    'session.timeout.ms': { ...STRING_LIKE, description: 'Consumer group session timeout in ms (default 30000).', 'x-advanced': true },
    'heartbeat.interval.ms': { ...STRING_LIKE, description: 'Consumer group heartbeat interval in ms (default 3000).', 'x-advanced': true },
    'compression.type': { type: 'string', enum: [...COMPRESSIONS], description: 'Default compression of the sinks on this service (a sink option overrides it). Sources read every codec whatever this says.', 'x-advanced': true },
    'compression.codec': { type: 'string', enum: [...COMPRESSIONS], description: 'Alias of compression.type.', 'x-advanced': true },
    client: {
      type: 'string',
      enum: [...KAFKA_CLIENTS],
      default: 'kafkajs',
      description: 'Kafka client library: "kafkajs" (2.2.4, the default) or "platformatic" (@platformatic/kafka 1.35.0). Both give the same sources, sinks and exactly-once; see the plugin README.',
      'x-advanced': true,
    },
    offset_seek_back_seconds: {
      type: ['integer', 'string'],
      minimum: 0,
      pattern: '^[0-9]+$',
      description: 'When set, every source on this service starts this many seconds back in time at each start (wins over the checkpoint).',
    },
  },
  patternProperties: {
    [UNMAPPED_KEY_PATTERN]: { ...STRING_LIKE, description: 'Other librdkafka keys are accepted but ignored (a warning names them).' },
  },
};

/** Keys present in a config that this plugin does not use (they are validated, then ignored). */
export function unmappedKeys(config: Record<string, unknown>): string[] {
  const mapped = new Set<string>([...MAPPED_KEYS, 'offset_seek_back_seconds', 'client']);
  return Object.keys(config).filter((key) => !mapped.has(key) && config[key] !== undefined);
}

/** Reads a librdkafka-style boolean (`"true"`, `"false"`, `true`, …). */
export function asBoolean(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  return String(value).trim().toLowerCase() === 'true';
}

/** Reads a librdkafka-style integer; undefined when absent. */
export function asInteger(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}
