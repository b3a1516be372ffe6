import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '../api/endpoints';
import type { ApiError } from '../api/http';
import type { Plugin, Provider, Service, ServiceConfig } from '../api/types';
import { toApiError } from '../lib/use-async';

/** Services, providers (with their option schemas) and plugins: what forms are generated from. */
export const useCatalogStore = defineStore('catalog', () => {
  const services = shallowRef<Service[]>();
  const providers = shallowRef<Provider[]>();
  const plugins = shallowRef<Plugin[]>();
  const errors = ref<{ services?: ApiError; providers?: ApiError; plugins?: ApiError }>({});

  async function loadServices(): Promise<void> {
    try {
      services.value = await api.services();
      errors.value.services = undefined;
    } catch (e) {
      errors.value.services = toApiError(e);
    }
  }

  async function loadProviders(): Promise<void> {
    try {
      providers.value = await api.providers();
      errors.value.providers = undefined;
    } catch (e) {
      errors.value.providers = toApiError(e);
    }
  }

  async function loadPlugins(): Promise<void> {
    try {
      plugins.value = await api.plugins();
      errors.value.plugins = undefined;
    } catch (e) {
      errors.value.plugins = toApiError(e);
    }
  }

  const provider = (name: string | undefined) => providers.value?.find((p) => p.provider === name);
  const serviceProvider = (serviceName: string) => provider(services.value?.find((s) => s.name === serviceName)?.provider);
  /** Services whose provider can play `kind` (source, sink, middleware) in a pipeline. */
  const servicesFor = (kind: Provider['kinds'][number]) => (services.value ?? []).filter((s) => provider(s.provider)?.kinds.includes(kind));

  async function createService(body: ServiceConfig): Promise<ServiceConfig> {
    const res = await api.createService(body);
    await loadServices();
    return res.item;
  }

  return { services, providers, plugins, errors, loadServices, loadProviders, loadPlugins, provider, serviceProvider, servicesFor, createService };
});
