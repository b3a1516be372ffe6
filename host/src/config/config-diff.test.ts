import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorConfig, MstreamConfig } from './config-types.js';
import { diffConfig, hasChanges } from './config-diff.js';

const connector = (name: string, size = 10) => ({ name, source: { service_name: 'gen', resource: 'r' }, sinks: [], batch: { kind: 'count', size, max_wait_ms: 50 } }) as unknown as ConnectorConfig;
const config = (over: Partial<MstreamConfig> = {}): MstreamConfig => ({
  system: {} as MstreamConfig['system'],
  services: [{ provider: 'datagen', name: 'gen', seed: 1 }],
  connectors: [connector('a'), connector('b')],
  ...over,
});

describe('config diff', () => {
  it('finds nothing when only key order differs', () => {
    const reordered = config({ connectors: [{ batch: { max_wait_ms: 50, size: 10, kind: 'count' }, sinks: [], source: { resource: 'r', service_name: 'gen' }, name: 'a' } as unknown as ConnectorConfig, connector('b')] });
    assert.equal(hasChanges(diffConfig(config(), reordered)), false);
  });

  it('names added, changed and removed services and connectors, and a changed [system]', () => {
    const after = config({
      system: { logs: { buffer_capacity: 5 } } as MstreamConfig['system'],
      services: [{ provider: 'datagen', name: 'gen', seed: 2 }, { provider: 'datagen', name: 'gen2' }],
      connectors: [connector('a', 20), connector('c')],
    });
    const changes = diffConfig(config(), after);
    assert.deepEqual(changes.servicesAdded.map((s) => s.name), ['gen2']);
    assert.deepEqual(changes.servicesChanged.map((s) => s.name), ['gen']);
    assert.deepEqual(changes.servicesRemoved, []);
    assert.deepEqual(changes.connectorsAdded.map((c) => c.name), ['c']);
    assert.deepEqual(changes.connectorsChanged.map((c) => c.name), ['a']);
    assert.deepEqual(changes.connectorsRemoved, ['b']);
    assert.equal(changes.systemChanged, true);
    assert.equal(hasChanges(changes), true);
  });
});
