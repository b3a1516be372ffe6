import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '../api/endpoints';
import type { ApiError } from '../api/http';
import type { InstalledPlugin, MarketplaceSearch, RemovedPlugin } from '../api/types';
import { toApiError } from '../lib/use-async';
import { useCatalogStore } from './catalog';

/**
 * The plugin marketplace: registry search, install and remove. Kept in a store (not the page) so
 * an install that takes half a minute keeps its spinner and result when the user looks elsewhere.
 * Every install or removal reloads the catalog's plugins and providers, which the service and job
 * forms are generated from.
 */
export const useMarketplaceStore = defineStore('marketplace', () => {
  const catalog = useCatalogStore();

  const query = ref('');
  const search = shallowRef<MarketplaceSearch>();
  const searchError = ref<ApiError>();
  const searching = ref(false);
  let inFlight: AbortController | undefined;
  let seq = 0;

  /** The spec being installed (the host runs one install at a time), and the outcome of the last one. */
  const installing = ref<string>();
  const installed = shallowRef<InstalledPlugin>();
  const installError = ref<{ spec: string; error: ApiError }>();

  const removing = ref<string>();
  const removed = shallowRef<RemovedPlugin>();
  const removeErrors = ref<Record<string, ApiError>>({});

  async function runSearch(q = query.value): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const mine = ++seq;
    searching.value = true;
    try {
      const found = await api.searchPlugins(q.trim(), controller.signal);
      if (mine !== seq) return;
      search.value = found;
      searchError.value = undefined;
    } catch (e) {
      if (mine !== seq || (e as Error).name === 'AbortError') return;
      searchError.value = toApiError(e);
    } finally {
      if (mine === seq) searching.value = false;
    }
  }

  async function refreshCatalog(): Promise<void> {
    await Promise.all([catalog.loadPlugins(), catalog.loadProviders(), runSearch()]);
  }

  async function install(spec: string): Promise<InstalledPlugin | undefined> {
    const wanted = spec.trim();
    if (!wanted || installing.value) return undefined;
    installing.value = wanted;
    installError.value = undefined;
    installed.value = undefined;
    removed.value = undefined;
    try {
      const result = await api.installPlugin(wanted);
      installed.value = result;
      return result;
    } catch (e) {
      installError.value = { spec: wanted, error: toApiError(e) };
      return undefined;
    } finally {
      installing.value = undefined;
      await refreshCatalog();
    }
  }

  async function remove(id: string): Promise<boolean> {
    if (removing.value) return false;
    removing.value = id;
    removeErrors.value = Object.fromEntries(Object.entries(removeErrors.value).filter(([k]) => k !== id));
    removed.value = undefined;
    installed.value = undefined;
    try {
      removed.value = await api.removePlugin(id);
      return true;
    } catch (e) {
      removeErrors.value = { ...removeErrors.value, [id]: toApiError(e) };
      return false;
    } finally {
      removing.value = undefined;
      await refreshCatalog();
    }
  }

  return { query, search, searchError, searching, runSearch, installing, installed, installError, install, removing, removed, removeErrors, remove };
});
