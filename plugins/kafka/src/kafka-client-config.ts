import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { MstreamError, type Logger } from '@mstream/sdk';
import kafkajs, { type KafkaConfig, type SASLOptions } from 'kafkajs';
import { COMPRESSIONS, type Compression } from './codecs/install-codecs.js';
import { asBoolean, asInteger, type KafkaServiceConfig } from './kafka-config.js';

const { logLevel } = kafkajs;

/** The parts of a service config the connectors need after connect. */
export interface KafkaSettings {
  /** Group id from the service (`group.id`), if any. */
  groupId?: string;
  /** True when `auto.offset.reset` says earliest (or is absent). */
  fromBeginning: boolean;
  seekBackSeconds?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  compression: Compression;
}

/** Maps librdkafka-style keys onto a kafkajs client config. Reads TLS files; throws MS_ERR_CONFIG_INVALID for unreadable ones. */
export function toKafkaConfig(config: KafkaServiceConfig, logger: Logger): KafkaConfig {
  const { brokers, useTls, useSasl } = connection(config);
  return {
    clientId: String(config['client.id'] ?? 'mstream'),
    brokers,
    ssl: useTls ? tlsOptions(config) : undefined,
    sasl: useSasl ? saslOptions(config) : undefined,
    connectionTimeout: asInteger(config['socket.connection.setup.timeout.ms']) ?? 3000,
    requestTimeout: asInteger(config['request.timeout.ms']) ?? 30_000,
    // Few client-level retries: the host retries failed steps with its own, visible backoff.
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 3 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forwardLog(logger, entry.level, entry.namespace, entry.log),
  };
}

/** The brokers, and whether `security.protocol` asks for TLS and SASL. */
export function connection(config: KafkaServiceConfig): { brokers: string[]; useTls: boolean; useSasl: boolean } {
  const brokers = String(config['bootstrap.servers']).split(',').map((b) => b.trim()).filter(Boolean);
  const protocol = String(config['security.protocol'] ?? 'plaintext').toLowerCase();
  return { brokers, useTls: protocol === 'ssl' || protocol === 'sasl_ssl', useSasl: protocol === 'sasl_plaintext' || protocol === 'sasl_ssl' };
}

/** Connector-facing settings derived from the service config. */
export function toSettings(config: KafkaServiceConfig): KafkaSettings {
  const reset = config['auto.offset.reset'];
  const compression = String(config['compression.type'] ?? config['compression.codec'] ?? 'none');
  const seekBack = asInteger(config.offset_seek_back_seconds);
  return {
    groupId: config['group.id'] === undefined ? undefined : String(config['group.id']),
    fromBeginning: reset === undefined || ['earliest', 'smallest', 'beginning'].includes(String(reset)),
    seekBackSeconds: seekBack,
    sessionTimeout: asInteger(config['session.timeout.ms']),
    heartbeatInterval: asInteger(config['heartbeat.interval.ms']),
    compression: (COMPRESSIONS as readonly string[]).includes(compression) ? (compression as Compression) : 'none',
  };
}

/** TLS options of the service (both clients take node:tls options). */
export function tlsOptions(config: KafkaServiceConfig): ConnectionOptions {
  const pem = (inline: string, location: string): string | undefined => {
    if (config[inline] !== undefined) return String(config[inline]);
    const path = config[location];
    if (path === undefined) return undefined;
    try {
      return readFileSync(String(path), 'utf8');
    } catch (error) {
      // The path is not a secret; the file content never appears in the message.
      throw new MstreamError('MS_ERR_CONFIG_INVALID', `${location}: cannot read ${String(path)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
    }
  };
  const options: ConnectionOptions = {
    rejectUnauthorized: asBoolean(config['enable.ssl.certificate.verification'], true),
  };
  const ca = pem('ssl.ca.pem', 'ssl.ca.location');
  const cert = pem('ssl.certificate.pem', 'ssl.certificate.location');
  const key = pem('ssl.key.pem', 'ssl.key.location');
  if (ca) options.ca = [ca];
  if (cert) options.cert = cert;
  if (key) options.key = key;
  if (config['ssl.key.password'] !== undefined) options.passphrase = String(config['ssl.key.password']);
  return options;
}

/** SASL mechanism and credentials of the service, in kafkajs's spelling (lower-case mechanism). */
export function saslOptions(config: KafkaServiceConfig): SASLOptions & { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } {
  const mechanism = String(config['sasl.mechanism'] ?? config['sasl.mechanisms'] ?? 'PLAIN').toLowerCase();
  const username = String(config['sasl.username'] ?? '');
  const password = String(config['sasl.password'] ?? '');
  if (mechanism === 'scram-sha-256') return { mechanism, username, password };
  if (mechanism === 'scram-sha-512') return { mechanism, username, password };
  return { mechanism: 'plain', username, password };
}

const CONCURRENT_TRANSACTIONS = /another concurrent operation on the same transaction/;

/** kafkajs numeric levels: NOTHING 0, ERROR 1, WARN 2, INFO 4, DEBUG 5. */
function forwardLog(logger: Logger, level: number, namespace: string, log: { message: string; [k: string]: unknown }): void {
  // Keep only small, known-safe fields: kafkajs entries may carry whole request payloads.
  const { message, broker, groupId, topic, partition, error, retryCount } = log as Record<string, unknown>;
  const fields = { kafkajs: namespace, broker, groupId, topic, partition, error, retryCount };
  const text = String(message);
  // Transactions: right after a commit the coordinator answers CONCURRENT_TRANSACTIONS until its
  // markers are written; kafkajs retries and logs each answer as an error. Routine, not an error.
  if (level <= logLevel.WARN && CONCURRENT_TRANSACTIONS.test(`${text} ${String(error ?? '')}`)) return logger.debug(fields, text);
  if (level <= logLevel.ERROR) logger.error(fields, text);
  else if (level === logLevel.WARN) logger.warn(fields, text);
  else if (level === logLevel.INFO) logger.info(fields, text);
  else logger.debug(fields, text);
}
