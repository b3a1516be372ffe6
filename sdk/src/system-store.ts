import type { PluginContext } from './context.js';

/**
 * A keyed collection of JSON-like records that the host keeps its own state in (jobs, services,
 * checkpoints, test suites, dead letters) when a `[system.*]` section points at a service of this
 * provider. The host builds every store on top of it and encrypts service records before they
 * arrive here, so an implementation never sees a secret in clear.
 *
 * Values are plain JSON values (strings, numbers, booleans, null, arrays, objects); store them
 * as they are and return equal values. Keys are unique within one collection.
 *
 * Concurrency: calls may overlap; each call must be atomic on its own (a `put` is never seen
 * half-written). Several hosts may share one collection (scale-out): last write wins per key.
 * @public
 */
export interface SystemCollection {
  /** Every record, or those whose top-level fields equal every entry of `where`. Order is unspecified. */
  list(where?: Record<string, string | number | boolean>): Promise<Array<Record<string, unknown>>>;
  get(key: string): Promise<Record<string, unknown> | undefined>;
  /** Creates or replaces the record stored under `key`. */
  put(key: string, value: Record<string, unknown>): Promise<void>;
  /** Creates or replaces several records at once (dead letters arrive in batches). */
  putMany(entries: Array<[key: string, value: Record<string, unknown>]>): Promise<void>;
  /** Removes a record; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Removes every record matching `where`; returns how many. */
  deleteWhere(where: Record<string, string | number | boolean>): Promise<number>;
  /**
   * Optional: an atomic lease, so hosts sharing the collection agree on one owner of a job whose
   * source is exclusive (`SourceDefinition.exclusive`, a change stream). Takes the lease `key` for
   * `owner` until `ttlMs` from now when it is free, expired or already `owner`'s (a renewal), in
   * one atomic step, and resolves whether `owner` holds it afterwards. Expiry is judged with the
   * calling host's clock, so hosts' clocks must agree to well within the TTL (NTP).
   * Without it, a store still works, but exclusive jobs run on every host that shares it.
   */
  tryLease?(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Optional, with `tryLease`: gives the lease up if `owner` holds it (so a standby takes over at once). */
  releaseLease?(key: string, owner: string): Promise<void>;
}

/**
 * Lets a service of this provider hold the host's system state (the original mstream's
 * `[system.job_lifecycle]`, `[system.service_lifecycle]`, `[system.checkpoints]`,
 * `[system.test_suites]` sections). `resource` is the section's `resource` (e.g. a collection
 * name). Called once per section at host start, after the service connected.
 * @public
 */
export interface SystemStoreDefinition<H = unknown> {
  readonly provider: string;
  create(service: H, resource: string, context: PluginContext): SystemCollection | Promise<SystemCollection>;
}
