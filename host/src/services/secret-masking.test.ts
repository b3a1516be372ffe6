import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets, secretValues } from './secret-masking.js';

const schema = {
  type: 'object' as const,
  properties: {
    connection_string: { type: 'string' as const, 'x-secret': true },
    headers: { type: 'object' as const, additionalProperties: { type: 'string' as const, 'x-secret': true } },
    host: { type: 'string' as const },
  },
};

describe('secret masking', () => {
  const config = {
    connection_string: 'mongodb://user:pw@db',
    headers: { Authorization: 'Bearer abcdef', Accept: 'text/plain' },
    host: 'http://x',
    'sasl.password': 'kafka-pw',
    'ssl.key': 'PEMDATA',
    nested: { api_key: 'k-123456' },
  };

  it('masks x-secret fields, secret map values and credential-like names, keeping the rest', () => {
    assert.deepEqual(maskSecrets(config, schema), {
      connection_string: '****',
      headers: { Authorization: '****', Accept: '****' },
      host: 'http://x',
      'sasl.password': '****',
      'ssl.key': '****',
      nested: { api_key: '****' },
    });
  });

  it('collects every secret value so logs can be scrubbed', () => {
    assert.deepEqual(secretValues(config, schema).sort(), ['Bearer abcdef', 'PEMDATA', 'k-123456', 'kafka-pw', 'mongodb://user:pw@db', 'text/plain'].sort());
  });
});
