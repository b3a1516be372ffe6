import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryPlugin } from '@mstream/sdk/testing';
import { loadLazyPlugin } from '@mstream/sdk';
import { collectConfigIssues } from '../../host/src/config/validate-config.js';
import { OptionsValidator } from '../../host/src/registry/options-validator.js';
import { PluginRegistry } from '../../host/src/registry/plugin-registry.js';
import { eventually, startTestHost } from '../../host/test/test-host.js';
import lazyKafka from '../../plugins/kafka/src/index.js';

// Validation needs no broker: nothing here connects (the in-process refusal fails before connecting).
const kafkaPlugin = await loadLazyPlugin(lazyKafka);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SERVICES = [
  { provider: 'kafka', name: 'kafka', 'bootstrap.servers': '127.0.0.1:9092' },
  { provider: 'memory', name: 'mem' },
];
const step = (service_name: string, resource: string) => ({ service_name, resource, input_encoding: 'json', output_encoding: 'json' });

function issues(connector: Record<string, unknown>) {
  const validator = new OptionsValidator();
  const reg = new PluginRegistry(validator);
  for (const plugin of [kafkaPlugin, createMemoryPlugin()]) reg.register(plugin, { origin: 'inline' });
  const config = structuredClone({ services: SERVICES, connectors: [{ name: 'copy', source: step('kafka', 'in'), sinks: [step('kafka', 'out')], ...connector }] });
  return collectConfigIssues(config, reg, validator);
}

describe('tasks validation', () => {
  it('accepts tasks from 1 to 64 on a Kafka source, and tasks = 1 anywhere', () => {
    assert.deepEqual(issues({ tasks: 2 }), []);
    assert.deepEqual(issues({ tasks: 64 }), []);
    assert.deepEqual(issues({ tasks: 1, source: step('mem', 'in'), sinks: [step('mem', 'out')] }), []);
    assert.deepEqual(issues({ tasks: 1, delivery: 'exactly_once' }), []);
  });

  it('refuses a value that is not an integer from 1 to 64', () => {
    for (const tasks of [0, 65, 1.5, '2']) {
      assert.deepEqual(issues({ tasks }), [{ path: 'connectors[0].tasks', message: 'must be an integer from 1 to 64' }], String(tasks));
    }
  });

  it('refuses tasks > 1 on a source whose readers would each get every event, naming the job and why', () => {
    const found = issues({ tasks: 3, source: step('mem', 'in') });
    assert.deepEqual(found.map((i) => i.path), ['connectors[0].tasks']);
    assert.match(found[0].message, /^job "copy" cannot run tasks = 3: the memory source \(service "mem"\) would give every task every event; tasks > 1 needs a source whose readers share the work, such as a Kafka source/);
  });

  it('refuses tasks > 1 with exactly_once', () => {
    const found = issues({ tasks: 2, delivery: 'exactly_once' });
    assert.deepEqual(found.map((i) => i.path), ['connectors[0].tasks']);
    assert.match(found[0].message, /^job "copy" cannot run tasks = 2 with delivery = "exactly_once": its transactional id is one per host and job/);
  });

  it('POST /jobs answers 400 for both refusals and the schema bounds; a plugin registered in-process fails the job at start, saying why', async () => {
    const h = await startTestHost({ plugins: [kafkaPlugin, createMemoryPlugin()], config: { services: structuredClone(SERVICES) } });
    try {
      const memory = await h.request('POST', '/jobs', { name: 'mem-tasks', tasks: 2, source: step('mem', 'in'), sinks: [step('mem', 'out')] });
      assert.equal(memory.status, 400, JSON.stringify(memory.body));
      const memoryIssues = memory.body.details?.issues ?? memory.body.issues;
      assert.deepEqual(memoryIssues.map((i: { path: string }) => i.path), ['body.tasks']);
      assert.match(memoryIssues[0].message, /job "mem-tasks" cannot run tasks = 2: the memory source/);
      const eo = await h.request('POST', '/jobs', { name: 'eo-tasks', tasks: 2, delivery: 'exactly_once', source: step('kafka', 'in'), sinks: [step('kafka', 'out')] });
      assert.equal(eo.status, 400, JSON.stringify(eo.body));
      assert.match(JSON.stringify(eo.body), /cannot run tasks = 2 with delivery = \\"exactly_once\\"/);
      const tooMany = await h.request('POST', '/jobs', { name: 'many', tasks: 65, source: step('kafka', 'in'), sinks: [step('kafka', 'out')] });
      assert.equal(tooMany.status, 400, 'the schema bounds tasks');
      assert.equal((await h.request('GET', '/jobs')).body.length, 0, 'nothing was created');

      const inline = await h.request('POST', '/jobs', { name: 'inline', tasks: 2, source: step('kafka', 'in'), sinks: [step('kafka', 'out')] });
      assert.equal(inline.status, 201, JSON.stringify(inline.body));
      const failed = await eventually(async () => {
        const job = (await h.request('GET', '/jobs/inline')).body;
        return job.state === 'failed' ? job : undefined;
      }, 30_000, 'the job to fail'); // generous: CI runs this beside the broker and other suites
      assert.equal(failed.error.code, 'MS_ERR_CONFIG_INVALID');
      assert.match(failed.error.message, /job "inline" cannot run tasks = 2: plugin "kafka" was registered in-process, so a worker thread cannot load it/);
    } finally {
      await h.close();
    }
  });

  it('mstream validate exits 2 and prints the refusal with its path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-tasks-validate-'));
    const file = path.join(dir, 'tasks.toml');
    await writeFile(
      file,
      `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "127.0.0.1:9092"

[[services]]
provider = "datagen"
name = "gen"

[[connectors]]
name = "generate"
tasks = 4
source = { service_name = "gen", resource = "users", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "out", output_encoding = "json" }]
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
      assert.match(result.stderr, /connectors\[0\]\.tasks: job "generate" cannot run tasks = 4: the datagen source \(service "gen"\) would give every task every event/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
