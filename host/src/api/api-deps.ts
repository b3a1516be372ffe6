import type { JobManager } from '../runtime/job-manager.js';
import type { ServiceManager } from '../services/service-manager.js';
import type { ServiceCapabilities } from '../services/service-capabilities.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { OptionsValidator } from '../registry/options-validator.js';
import type { Stores } from '../stores/store-types.js';
import type { LogBuffer } from '../logs/log-buffer.js';
import type { PluginAdmin } from '../plugin-admin/plugin-admin.js';

/** What the API routes need from the host. */
export interface ApiDeps {
  version: string;
  /** This host's name in job leases (a job's `owner`). */
  hostId?: string;
  startedAt: number;
  jobs: JobManager;
  services: ServiceManager;
  capabilities: ServiceCapabilities;
  registry: PluginRegistry;
  validator: OptionsValidator;
  stores: Stores;
  logs: LogBuffer;
  streamPreloadCount: number;
  /** Installs and removes plugins at run time (absent in embedded uses without a data folder). */
  plugins?: PluginAdmin;
}
