/**
 * @packageDocumentation
 * The mstream plugin SDK. A plugin imports only this package; the host loads plugins through
 * discovery and talks to them only through these interfaces.
 */
export * from './version.js';
export * from './event.js';
export * from './event-key.js';
export * from './config-schema.js';
export * from './errors.js';
export * from './tokens.js';
export * from './logger.js';
export * from './codecs.js';
export * from './context.js';
export * from './service.js';
export * from './source.js';
export * from './sink.js';
export * from './transactions.js';
export * from './middleware.js';
export * from './resources.js';
export * from './schema-store.js';
export * from './system-store.js';
export * from './script-engine.js';
export * from './plugin.js';
export * from './lazy-plugin.js';
