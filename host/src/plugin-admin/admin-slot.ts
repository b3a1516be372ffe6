import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginAdmin } from './plugin-admin.js';

// The API's dependencies (ApiDeps) carry the registry; the admin rides along with it here so
// the plugin routes can reach it without widening ApiDeps (owned by the API module).
const admins = new WeakMap<PluginRegistry, PluginAdmin>();

/** Makes `admin` the one the plugin routes use for this registry's host. */
export function attachPluginAdmin(registry: PluginRegistry, admin: PluginAdmin): void {
  admins.set(registry, admin);
}

/** The admin attached to this registry, if the host wired one. */
export function pluginAdminOf(registry: PluginRegistry): PluginAdmin | undefined {
  return admins.get(registry);
}
