import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import type { Connector } from '../api/types';

/**
 * The job editor's text forms. TOML is accepted as the connector's own keys (`name = …`,
 * `[source]`, `[[sinks]]`) or as a config file's `[[connectors]]` with exactly one entry.
 */
export function parseConnector(text: string, format: 'json' | 'toml'): Connector {
  if (format === 'json') return JSON.parse(text) as Connector;
  const doc = parseToml(text) as Record<string, unknown>;
  if (Array.isArray(doc.connectors)) {
    if (doc.connectors.length !== 1) throw new Error(`the TOML has ${doc.connectors.length} [[connectors]]; give exactly one`);
    return doc.connectors[0] as Connector;
  }
  return doc as Connector;
}

export function printConnector(def: Connector, format: 'json' | 'toml'): string {
  return format === 'json' ? JSON.stringify(def, null, 2) : stringifyToml(def as Record<string, unknown>);
}

/** The 1-based line where an issue's last path key appears in the editor text, if it does. */
export function lineOf(text: string, path: string): number | undefined {
  const key = path.split(/[.[\]]/).filter((k) => k && !/^\d+$/.test(k)).at(-1);
  if (!key) return undefined;
  const lines = text.split('\n');
  const re = new RegExp(`(^|[\\s{,"])"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*[:=]`);
  const idx = lines.findIndex((l) => re.test(l));
  return idx >= 0 ? idx + 1 : undefined;
}
