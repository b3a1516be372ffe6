import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryPlugin } from '@mstream/sdk/testing';
import { collectConfigIssues } from '../../host/src/config/validate-config.js';
import { OptionsValidator } from '../../host/src/registry/options-validator.js';
import { PluginRegistry } from '../../host/src/registry/plugin-registry.js';
import { startTestHost } from '../../host/test/test-host.js';
import { loadLazyPlugin } from '@mstream/sdk';
import lazyKafka from '../../plugins/kafka/src/index.js';

// Validation needs no broker: nothing here connects.
// The Kafka plugin is lazy: these tests call the registry synchronously, so they take it loaded.
const kafkaPlugin = await loadLazyPlugin(lazyKafka);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function registry() {
  const validator = new OptionsValidator();
  const reg = new PluginRegistry(validator);
  for (const plugin of [kafkaPlugin, createMemoryPlugin()]) reg.register(plugin, { origin: 'inline' });
  return { reg, validator };
}

const SERVICES = [
  { provider: 'kafka', name: 'kafka-a', 'bootstrap.servers': '127.0.0.1:9092,broker2:9092' },
  // The same cluster under another service name, its brokers listed differently.
  { provider: 'kafka', name: 'kafka-a2', 'bootstrap.servers': ' BROKER2:9092 , 127.0.0.1:9092' },
  { provider: 'kafka', name: 'kafka-b', 'bootstrap.servers': 'other-cluster:9092' },
  { provider: 'kafka', name: 'kafka-seek', 'bootstrap.servers': '127.0.0.1:9092,broker2:9092', offset_seek_back_seconds: 60 },
  { provider: 'memory', name: 'mem' },
];

const step = (service_name: string, resource: string, options: Record<string, unknown> = {}) => ({ service_name, resource, input_encoding: 'json', output_encoding: 'json', options });

function issues(connector: Record<string, unknown>) {
  const { reg, validator } = registry();
  const config = structuredClone({ services: SERVICES, connectors: [{ name: 'job', delivery: 'exactly_once', ...connector }] });
  return collectConfigIssues(config, reg, validator);
}

describe('delivery = "exactly_once" validation', () => {
  it('accepts a Kafka source with Kafka sinks on the same cluster, by service or by bootstrap.servers', () => {
    assert.deepEqual(issues({ source: step('kafka-a', 'in'), sinks: [step('kafka-a', 'out'), step('kafka-a2', 'audit')] }), []);
    assert.deepEqual(issues({ delivery: 'at_least_once', source: step('mem', 'in'), sinks: [step('mem', 'out')] }), [], 'at_least_once takes anything');
  });

  it('refuses an unknown delivery value', () => {
    assert.deepEqual(issues({ delivery: 'exactly-once', source: step('kafka-a', 'in'), sinks: [step('kafka-a', 'out')] }), [
      { path: 'connectors[0].delivery', message: 'must be one of "at_least_once", "exactly_once"' },
    ]);
  });

  it('names each sink and the source that cannot honour it, and why, all at once', () => {
    const found = issues({ source: step('kafka-a', 'in', { isolation_level: 'read_uncommitted' }), sinks: [step('kafka-a', 'out'), step('mem', 'copy'), step('kafka-b', 'elsewhere')] });
    assert.deepEqual(found.map((i) => i.path), ['connectors[0].source', 'connectors[0].sinks[1]', 'connectors[0].sinks[2]']);
    assert.match(found[0].message, /^cannot run exactly_once: the kafka source \(service "kafka-a"\): isolation_level "read_uncommitted" would copy messages of aborted transactions/);
    assert.match(found[1].message, /^cannot run exactly_once: the memory sink \(service "mem"\) cannot commit its writes in a transaction/);
    assert.match(found[2].message, /service "kafka-b" \(other-cluster:9092\) is not on the same kafka system as the source's service "kafka-a" \(127\.0\.0\.1:9092,broker2:9092\); one transaction cannot span two clusters/);
  });

  it('refuses a non-Kafka source, and a source that seeks back at every start', () => {
    const memory = issues({ source: step('mem', 'in'), sinks: [step('kafka-a', 'out')] });
    assert.deepEqual(memory.map((i) => i.path), ['connectors[0].source']);
    assert.match(memory[0].message, /the memory source \(service "mem"\) cannot commit its positions in a transaction; exactly_once needs a source and sinks that commit together in one system, e\.g\. Kafka → Kafka/);
    const option = issues({ source: step('kafka-a', 'in', { offset_seek_back_seconds: 30 }), sinks: [step('kafka-a', 'out')] });
    assert.deepEqual(option.map((i) => i.path), ['connectors[0].source']);
    assert.match(option[0].message, /offset_seek_back_seconds re-reads that window at every start/);
    const serviceKey = issues({ source: step('kafka-seek', 'in'), sinks: [step('kafka-a', 'out')] });
    assert.deepEqual(serviceKey.map((i) => i.path), ['connectors[0].source']);
  });

  it('leaves unknown services to their own issue', () => {
    const found = issues({ source: step('kafka-a', 'in'), sinks: [step('nowhere', 'out')] });
    assert.deepEqual(found, [{ path: 'connectors[0].sinks[0].service_name', message: 'unknown service "nowhere"' }]);
  });

  it('POST /jobs answers 400 with the issue at the sink that cannot honour it', async () => {
    const h = await startTestHost({
      plugins: [kafkaPlugin, createMemoryPlugin()],
      config: { services: structuredClone(SERVICES) },
    });
    try {
      const res = await h.request('POST', '/jobs', { name: 'eo', delivery: 'exactly_once', source: step('kafka-a', 'in'), sinks: [step('kafka-a', 'out'), step('mem', 'copy')] });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.code, 'MS_ERR_CONFIG_INVALID');
      const found = res.body.details?.issues ?? res.body.issues;
      assert.deepEqual(found.map((i: { path: string }) => i.path), ['body.sinks[1]'], JSON.stringify(res.body));
      assert.match(found[0].message, /the memory sink \(service "mem"\) cannot commit its writes in a transaction/);
      assert.equal((await h.request('GET', '/jobs/eo')).status, 404, 'nothing was created');
      const bad = await h.request('POST', '/jobs', { name: 'eo', delivery: 'twice', source: step('kafka-a', 'in'), sinks: [step('kafka-a', 'out')] });
      assert.equal(bad.status, 400, 'the schema refuses an unknown delivery');
    } finally {
      await h.close();
    }
  });

  it('mstream validate exits 2 and prints the refusal with its path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-eo-validate-'));
    const file = path.join(dir, 'eo.toml');
    await writeFile(
      file,
      `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "127.0.0.1:9092"

[[services]]
provider = "file"
name = "files"
path = "${dir}"

[[connectors]]
name = "copy"
delivery = "exactly_once"
source = { service_name = "kafka", resource = "in", input_encoding = "json", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "out", output_encoding = "json" }, { service_name = "files", resource = "out.jsonl", output_encoding = "json" }]
`,
    );
    try {
      const result = spawnSync(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', path.join(root, 'host/src/cli.ts'), 'validate', '--config', file], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, MSTREAM_FILES_ROOT: dir },
        timeout: 60_000,
      });
      assert.equal(result.status, 2, result.stderr + result.stdout);
      assert.match(result.stderr, /1 problem; nothing was started/);
      assert.match(result.stderr, /connectors\[0\]\.sinks\[1\]: cannot run exactly_once: the file sink \(service "files"\) cannot commit its writes in a transaction/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
