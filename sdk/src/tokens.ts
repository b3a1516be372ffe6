import type { Logger } from './logger.js';
import type { Codecs } from './codecs.js';

/**
 * A dependency-injection token. Tokens are `Symbol.for(...)` values, so two copies of the SDK
 * (one in the host, one inside a plugin's node_modules) agree on them.
 * @public
 */
export type Token<T> = symbol & { readonly __tokenType?: T };

function token<T>(name: string): Token<T> {
  return Symbol.for(`mstream.sdk.v1.${name}`) as Token<T>;
}

/** A clock, injectable so tests can control time. @public */
export interface Clock {
  now(): number;
}

/**
 * Tokens a plugin may `resolve` from its context. The host registers them in the plugin's own
 * child container; a plugin never sees the host's global container.
 * @public
 */
export const tokens = {
  /** The plugin's logger (already labelled with the plugin id). */
  logger: token<Logger>('logger'),
  /** Encoding helpers shared with the host (json / bson / avro). */
  codecs: token<Codecs>('codecs'),
  /** Wall clock. */
  clock: token<Clock>('clock'),
  /** A folder the plugin may keep files in (under the host's data directory). */
  dataDir: token<string>('dataDir'),
} as const;
