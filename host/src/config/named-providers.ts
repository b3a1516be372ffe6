import { isRecord } from './validate-service.js';

/**
 * The service providers a raw (not yet validated) config names. Lazy plugins of these providers
 * must be loaded before the config is validated, since their schemas check it; the rest of the
 * config only reaches plugins through its services.
 */
export function namedProviders(raw: unknown): string[] {
  if (!isRecord(raw) || !Array.isArray(raw.services)) return [];
  const providers = new Set<string>();
  for (const service of raw.services) if (isRecord(service) && typeof service.provider === 'string' && service.provider) providers.add(service.provider);
  return [...providers];
}
