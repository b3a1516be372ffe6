import type { Logger } from '@mstream/sdk';
import type { MstreamConfig } from '../config/config-types.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { SecretBox } from '../services/encryption.js';
import { applyCollectionFormat, checkCollectionFormat } from './collection-format.js';
import { applyEmbeddedFormat, checkEmbeddedFormat } from './embedded-format.js';
import { createFileStores } from './file-stores.js';
import { buildSystemStores, connectSystemCollections, versionedCollections } from './open-system-stores.js';
import { CURRENT_FORMATS, type StoreFormats } from './store-format.js';
import type { Stores } from './store-types.js';

export interface OpenStoresInput {
  config: MstreamConfig;
  dataDir: string;
  registry: PluginRegistry;
  scopes: PluginScopes;
  logger: Logger;
  hostVersion: string;
  /** Owner of the migration lease on shared system stores. */
  hostId: string;
  /** The formats this host knows; tests pass their own to exercise a migration. */
  formats?: StoreFormats;
  /**
   * Called once every store's format is known to be one this host can open: the first moment the
   * host may write (it creates the data folder and the key file here) and the box it returns
   * seals stored services.
   */
  beforeWrites(): Promise<SecretBox>;
}

/**
 * Opens the embedded store and the system stores in two passes, so that a store in a format
 * this host does not know stops the start before any file or record is written: first read every
 * format marker (and connect the system services), then record formats or migrate, then build.
 */
export async function openStores(input: OpenStoresInput): Promise<{ stores: Stores; close: () => Promise<void>; check: (signal: AbortSignal) => Promise<void> }> {
  const { dataDir, hostVersion, logger } = input;
  const formats = input.formats ?? CURRENT_FORMATS;
  const embedded = await checkEmbeddedFormat(dataDir, formats, hostVersion);
  const system = await connectSystemCollections(input.config, input.registry, input.scopes, logger);
  try {
    const plans = [];
    for (const target of await versionedCollections(system)) plans.push(await checkCollectionFormat(target, formats, hostVersion));
    const box = await input.beforeWrites();
    await applyEmbeddedFormat(embedded, hostVersion, logger);
    for (const plan of plans) await applyCollectionFormat(plan, hostVersion, input.hostId, logger);
    return { stores: buildSystemStores(system, createFileStores(dataDir, box), box, logger), close: system.close, check: system.check };
  } catch (error) {
    await system.close();
    throw error;
  }
}
