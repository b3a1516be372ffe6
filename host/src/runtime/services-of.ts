import type { ConnectorConfig } from '../config/config-types.js';

/** Every service a connector references, in order, without duplicates. */
export function servicesOf(connector: ConnectorConfig): string[] {
  const names = [connector.source, ...(connector.middlewares ?? []), ...connector.sinks].map((s) => s.service_name);
  for (const schema of connector.schemas ?? []) if (schema.service_name) names.push(schema.service_name);
  return [...new Set(names)];
}
