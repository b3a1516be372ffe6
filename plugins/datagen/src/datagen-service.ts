import type { ServiceDefinition } from '@mstream/sdk';

/** The datagen service handle: a plain object, there is nothing to connect to. */
export interface DatagenHandle {
  /** Default seed of every datagen source on this service. */
  readonly seed?: number;
}

/** Service config as validated by the schema below. */
export interface DatagenConfig {
  seed?: number;
}

/** The `datagen` service: no external system; only carries a default seed. */
export const datagenService: ServiceDefinition<DatagenConfig, DatagenHandle> = {
  provider: 'datagen',
  displayName: 'Data generator',
  description: 'Generates fake documents from a JSON Schema; no external system.',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      seed: { type: 'integer', description: 'Default seed of the sources using this service (see the source option seed).' },
    },
  },
  connect: (config) => ({ seed: config.seed }),
  async check() {
    // Always reachable: it is in-process.
  },
  async close() {},
};
