import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { definePlugin } from '@mstream/sdk';
import { OptionsValidator } from '../registry/options-validator.js';
import { PluginRegistry } from '../registry/plugin-registry.js';
import { collectConfigIssues } from './validate-config.js';
import { parseConfigText } from './read-config-file.js';

function registry() {
  const validator = new OptionsValidator();
  const reg = new PluginRegistry(validator);
  reg.register(
    definePlugin({
      id: 'kafka',
      version: '1.0.0',
      sdk: '*',
      register(r) {
        r.service({
          provider: 'kafka',
          configSchema: { type: 'object', required: ['bootstrap.servers'], properties: { 'bootstrap.servers': { type: 'string' }, 'sasl.password': { type: 'string', 'x-secret': true } } },
          connect: () => ({}),
        });
        r.source({ provider: 'kafka', resume: 'exact', optionsSchema: { type: 'object', properties: { group: { type: 'string' } }, additionalProperties: false }, create: () => ({}) as never });
        r.sink({ provider: 'kafka', create: () => ({}) as never });
      },
    }),
    { origin: 'inline' },
  );
  return { reg, validator };
}

const GOOD = `
[[services]]
provider = "kafka"
name = "kafka-local"
"bootstrap.servers" = "localhost:9092"

[[connectors]]
name = "a"
source = { service_name = "kafka-local", resource = "in", output_encoding = "json", input_encoding = "json" }
sinks = [{ service_name = "kafka-local", resource = "out", output_encoding = "json" }]
`;

describe('config validation', () => {
  it('accepts a valid config', () => {
    const { reg, validator } = registry();
    assert.deepEqual(collectConfigIssues(parseConfigText(GOOD, 'f.toml'), reg, validator), []);
  });

  it('reports every problem at once, each with its path', () => {
    const { reg, validator } = registry();
    const raw = parseConfigText(
      `
[system.job_lifecycle]
startup_state = "sometimes"

[[services]]
provider = "kafka"
name = "kafka-local"

[[services]]
provider = "mysql"
name = "db"

[[connectors]]
name = "a"
source = { service_name = "kafka-local", resource = "in", output_encoding = "json", options = { grup = "x" } }
sinks = [{ service_name = "kafka-local", resource = "out", output_encoding = "json" }]

[[connectors]]
name = "b"
source = { service_name = "kafka-local", resource = "in", output_encoding = "json" }
sinks = [{ service_name = "kafka-local", resource = "out", output_encoding = "json" }]

[[connectors]]
name = "c"
source = { service_name = "kafka-local", resource = "in", output_encoding = "json" }
sinks = [{ service_name = "kafka-x", resource = "out", output_encoding = "csv" }]
`,
      'f.toml',
    );
    const issues = collectConfigIssues(raw, reg, validator).map((i) => `${i.path}: ${i.message}`);
    assert.deepEqual(issues.sort(), [
      'connectors[0].source.options.grup: is not a known option',
      'connectors[2].sinks[0].output_encoding: must be one of json, bson, avro',
      'connectors[2].sinks[0].service_name: unknown service "kafka-x"',
      'services[0]."bootstrap.servers": is required',
      'services[1].provider: unknown provider "mysql" (installed: kafka)',
      'system.job_lifecycle.startup_state: must be one of force_from_file, seed_from_file, keep',
    ]);
  });

  it('resolves env:VAR in any string value and reports a missing variable at its path', () => {
    const text = `[[services]]\nprovider = "kafka"\nname = "k"\n"bootstrap.servers" = "env:BROKERS"\n"sasl.password" = "env:NOPE_NOT_SET"`;
    assert.throws(() => parseConfigText(text, 'f.toml', { BROKERS: 'b:9092' }), (error: { details: { issues: Array<{ path: string; message: string }> } }) => {
      assert.deepEqual(error.details.issues, [{ path: 'services[0]."sasl.password"', message: 'environment variable "NOPE_NOT_SET" is not set' }]);
      return true;
    });
    const raw = parseConfigText(text, 'f.toml', { BROKERS: 'b:9092', NOPE_NOT_SET: 's3cret' }) as { services: Array<Record<string, string>> };
    assert.equal(raw.services[0]['bootstrap.servers'], 'b:9092');
  });

  it('locates a TOML syntax error by line and column', () => {
    assert.throws(() => parseConfigText('[[services]\nname = 1', 'bad.toml'), /bad\.toml:1:\d+: TOML syntax error/);
  });

  it('refuses a service used as a role its provider does not offer', () => {
    const { reg, validator } = registry();
    const raw = parseConfigText(GOOD.replace('sinks = [{ service_name = "kafka-local"', 'middlewares = [{ service_name = "kafka-local", resource = "m", output_encoding = "json" }]\nsinks = [{ service_name = "kafka-local"'), 'f.toml');
    const issues = collectConfigIssues(raw, reg, validator);
    assert.equal(issues.length, 1);
    assert.match(issues[0].message, /cannot be used as a middleware/);
  });
});
