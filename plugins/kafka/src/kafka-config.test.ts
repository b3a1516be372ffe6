import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { ConfigValidator, createQuietLogger } from '@mstream/sdk/testing';
import { toPlatformaticOptions } from './clients/platformatic-options.js';
import { toKafkaConfig, toSettings } from './kafka-client-config.js';
import { kafkaConfigSchema, unmappedKeys, type KafkaServiceConfig } from './kafka-config.js';
import { kafkaSinkOptionsSchema } from './sink-options.js';
import { kafkaSourceOptionsSchema } from './source-options.js';

const validator = new ConfigValidator();
const issues = (config: Record<string, unknown>) => validator.check(kafkaConfigSchema, config).issues;

describe('kafka service config', () => {
  it('compiles under ajv strict mode as the host runs it', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    for (const keyword of ['x-secret', 'x-advanced', 'x-order', 'x-path']) ajv.addKeyword({ keyword });
    for (const schema of [kafkaConfigSchema, kafkaSourceOptionsSchema, kafkaSinkOptionsSchema]) assert.doesNotThrow(() => ajv.compile(schema));
  });

  it('accepts librdkafka values as strings, numbers or booleans, and unknown dotted librdkafka keys', () => {
    assert.deepEqual(
      issues({
        'bootstrap.servers': 'a:9092,b:9092',
        'session.timeout.ms': '45000',
        'request.timeout.ms': 10000,
        'enable.ssl.certificate.verification': 'false',
        offset_seek_back_seconds: '3600',
        'queue.buffering.max.ms': '5',
        'enable.auto.commit': false,
      }),
      [],
    );
  });

  it('rejects a missing bootstrap.servers and keys that are neither mapped nor librdkafka-shaped', () => {
    assert.deepEqual(issues({}).map((i) => i.path), ['bootstrap.servers']);
    assert.ok(issues({ 'bootstrap.servers': 'a:1', brokers: 'x' }).some((i) => i.path === 'brokers'));
    assert.ok(issues({ 'bootstrap.servers': 'a:1', offset_seek_back_seconds: '-5' }).length > 0);
  });

  it('takes client = "kafkajs" or "platformatic" and refuses another at its path', () => {
    assert.deepEqual(issues({ 'bootstrap.servers': 'a:1', client: 'kafkajs' }), []);
    assert.deepEqual(issues({ 'bootstrap.servers': 'a:1', client: 'platformatic' }), []);
    const bad = issues({ 'bootstrap.servers': 'a:1', client: 'librdkafka' });
    assert.deepEqual(bad.map((i) => i.path), ['client']);
    assert.match(bad[0].message, /allowed values/);
    assert.deepEqual(kafkaConfigSchema.properties!.client.enum, ['kafkajs', 'platformatic']);
    assert.deepEqual(unmappedKeys({ 'bootstrap.servers': 'a:1', client: 'platformatic' }), [], 'client is used, not warned about');
  });

  it('maps the same librdkafka keys onto @platformatic/kafka options as onto kafkajs', () => {
    const options = toPlatformaticOptions({
      'bootstrap.servers': 'a:9093, b:9093',
      'client.id': 'me',
      'security.protocol': 'SASL_PLAINTEXT',
      'sasl.mechanism': 'scram-sha-512',
      'sasl.username': 'u',
      'sasl.password': 'p',
      'request.timeout.ms': '7000',
    } as KafkaServiceConfig);
    assert.deepEqual(options.bootstrapBrokers, ['a:9093', 'b:9093']);
    assert.equal(options.clientId, 'me');
    assert.deepEqual(options.sasl, { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' });
    assert.equal(options.tls, undefined);
    assert.equal(options.requestTimeout, 7000);
    assert.equal(options.connectTimeout, 3000);
  });

  it('marks every credential as secret', () => {
    const props = kafkaConfigSchema.properties!;
    for (const key of ['sasl.password', 'ssl.key.password', 'ssl.key.pem']) assert.equal(props[key]['x-secret'], true, key);
  });

  it('lists the keys it ignores so the service can warn about them once', () => {
    assert.deepEqual(unmappedKeys({ 'bootstrap.servers': 'a:1', 'group.id': 'g', 'linger.ms': '5', offset_seek_back_seconds: 1 }), ['linger.ms']);
  });
});

describe('mapping onto kafkajs', () => {
  const logger = createQuietLogger();

  it('maps SASL/SCRAM over TLS with file-less PEMs and verification turned off', () => {
    const config = toKafkaConfig(
      {
        'bootstrap.servers': 'a:9093, b:9093',
        'client.id': 'me',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanisms': 'SCRAM-SHA-512',
        'sasl.username': 'user',
        'sasl.password': 'pw',
        'ssl.ca.pem': 'CA',
        'enable.ssl.certificate.verification': 'false',
        'socket.connection.setup.timeout.ms': '1500',
      } as KafkaServiceConfig,
      logger,
    );
    assert.deepEqual(config.brokers, ['a:9093', 'b:9093']);
    assert.equal(config.clientId, 'me');
    assert.deepEqual(config.sasl, { mechanism: 'scram-sha-512', username: 'user', password: 'pw' });
    assert.deepEqual(config.ssl, { rejectUnauthorized: false, ca: ['CA'] });
    assert.equal(config.connectionTimeout, 1500);
  });

  it('uses SASL PLAIN without TLS for sasl_plaintext, and neither for plaintext', () => {
    const sasl = toKafkaConfig({ 'bootstrap.servers': 'a:1', 'security.protocol': 'sasl_plaintext', 'sasl.mechanism': 'PLAIN', 'sasl.username': 'u', 'sasl.password': 'p' } as KafkaServiceConfig, logger);
    assert.deepEqual(sasl.sasl, { mechanism: 'plain', username: 'u', password: 'p' });
    assert.equal(sasl.ssl, undefined);
    const plain = toKafkaConfig({ 'bootstrap.servers': 'a:1' } as KafkaServiceConfig, logger);
    assert.equal(plain.sasl, undefined);
    assert.equal(plain.ssl, undefined);
  });

  it('reports an unreadable TLS file as a configuration error naming the key, not its content', () => {
    assert.throws(
      () => toKafkaConfig({ 'bootstrap.servers': 'a:1', 'security.protocol': 'ssl', 'ssl.ca.location': '/nonexistent/ca.pem' } as KafkaServiceConfig, logger),
      (error: { code?: string; message: string }) => error.code === 'MS_ERR_CONFIG_INVALID' && /ssl\.ca\.location/.test(error.message),
    );
  });

  it('derives connector settings: group, start, seek-back and compression', () => {
    assert.deepEqual(toSettings({ 'bootstrap.servers': 'a:1' } as KafkaServiceConfig), {
      groupId: undefined, fromBeginning: true, seekBackSeconds: undefined, sessionTimeout: undefined, heartbeatInterval: undefined, compression: 'none',
    });
    const s = toSettings({ 'bootstrap.servers': 'a:1', 'group.id': 'g', 'auto.offset.reset': 'latest', offset_seek_back_seconds: '60', 'compression.type': 'gzip' } as KafkaServiceConfig);
    assert.equal(s.groupId, 'g');
    assert.equal(s.fromBeginning, false);
    assert.equal(s.seekBackSeconds, 60);
    assert.equal(s.compression, 'gzip');
  });
});
