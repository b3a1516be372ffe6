import type { ConnectorConfig, MstreamConfig, ServiceConfig } from './config-types.js';

/** What changed between two validated versions of the config file. */
export interface ConfigChanges {
  servicesAdded: ServiceConfig[];
  servicesChanged: ServiceConfig[];
  servicesRemoved: string[];
  connectorsAdded: ConnectorConfig[];
  connectorsChanged: ConnectorConfig[];
  connectorsRemoved: string[];
  /** The `[system]` section differs: stores, keys and leases are only read at start. */
  systemChanged: boolean;
}

/** Compares by name and by content (key order does not matter); unchanged entries are left out. */
export function diffConfig(before: MstreamConfig, after: MstreamConfig): ConfigChanges {
  const services = diffByName(before.services, after.services);
  const connectors = diffByName(before.connectors, after.connectors);
  return {
    servicesAdded: services.added,
    servicesChanged: services.changed,
    servicesRemoved: services.removed,
    connectorsAdded: connectors.added,
    connectorsChanged: connectors.changed,
    connectorsRemoved: connectors.removed,
    systemChanged: canonical(before.system) !== canonical(after.system),
  };
}

export function hasChanges(changes: ConfigChanges): boolean {
  return changes.systemChanged || Object.values(changes).some((list) => Array.isArray(list) && list.length > 0);
}

function diffByName<T extends { name: string }>(before: T[], after: T[]): { added: T[]; changed: T[]; removed: string[] } {
  const old = new Map(before.map((entry) => [entry.name, canonical(entry)]));
  const names = new Set(after.map((entry) => entry.name));
  return {
    added: after.filter((entry) => !old.has(entry.name)),
    changed: after.filter((entry) => old.has(entry.name) && old.get(entry.name) !== canonical(entry)),
    removed: before.filter((entry) => !names.has(entry.name)).map((entry) => entry.name),
  };
}

/** JSON with object keys sorted, so reordering keys in the file is not a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
