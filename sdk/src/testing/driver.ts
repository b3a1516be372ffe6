import type { Codecs } from '../codecs.js';
import type { Encoding } from '../event.js';
import type { MstreamPlugin } from '../plugin.js';
import type { MstreamLazyPlugin } from '../lazy-plugin.js';
import type { SchemaEncoding } from '../schema-store.js';

/** What `writeToSource` / `readFromSink` receive: the connected service handle and the test's resource. @public */
export interface DriverIoContext {
  /** The handle returned by the service's `connect`, for talking to the system directly. */
  readonly handle: unknown;
  /** The resource of the current test, as returned by {@link AcceptanceDriver.resource}. */
  readonly resource: string;
}

/**
 * Describes how to exercise one provider of a plugin. Everything optional has a default that
 * suits a plugin with a sink and a source for the same provider speaking JSON.
 *
 * Isolation: every case calls `resource(testId)` with a fresh id and must get a resource no other
 * case touches, so cases never see each other's events.
 * @public
 */
export interface AcceptanceDriver {
  /**
   * The plugin's default export. A lazy plugin (defineLazyPlugin) is loaded first, inside the
   * kit's `describe`, which is then asynchronous (node:test and vitest await it).
   */
  plugin: MstreamPlugin | MstreamLazyPlugin;
  /** Which provider of the plugin to test; the plugin must register a service for it. */
  provider: string;
  /** A valid service config, without `provider` and `name` (those belong to the host). */
  service: () => Record<string, unknown>;
  /** A fresh, isolated resource per test. */
  resource: (testId: string) => string;
  /** Source options for a test (validated against the source's `optionsSchema`). */
  sourceOptions?: (testId: string) => Record<string, unknown>;
  /** Sink options for a test (validated against the sink's `optionsSchema`). */
  sinkOptions?: (testId: string) => Record<string, unknown>;
  /** Encoding of the payloads the kit writes. Default `'json'`. */
  encoding?: Encoding;
  /** Payload number `i`. Must be distinct per `i`. Default: `{"id":i,"name":"event-<i>"}` as UTF-8 JSON. */
  makePayload?: (i: number) => Uint8Array;
  /** Feeds the source directly, when the plugin has no sink for the provider (or to bypass it). */
  writeToSource?: (ctx: DriverIoContext, payloads: Uint8Array[]) => Promise<void>;
  /**
   * Reads back what the sink wrote, when there is no source for the provider: resolves with at
   * least `count` payloads, or with what it has once `timeoutMs` elapsed.
   */
  readFromSink?: (ctx: DriverIoContext, count: number, timeoutMs: number) => Promise<Uint8Array[]>;
  /**
   * For a generator source that cannot be fed (no sink, no `writeToSource`): how many events a
   * fresh source yields with `sourceOptions` before going idle. The source cases then compare
   * positions instead of payloads.
   */
  expectedCount?: number;
  /** A service config that validates but cannot connect, for `service.check`. */
  brokenService?: () => Record<string, unknown>;
  /** A payload the sink must reject, for `sink.partialWriteThrows`. */
  badPayload?: () => Uint8Array;
  /** The plugin's package.json, to compare `mstream.provides` with what `register` registers. */
  packageJsonPath?: string;
  /** `schemaStore.*`: the encoding of the schemas the kit saves. Default `'json'` (Pub/Sub holds Avro only). */
  schemaEncoding?: SchemaEncoding;
  /** `schemaStore.*`: the options given to the schema store's `create`, e.g. `{ resource }` for a store kept in a collection. */
  schemaStoreOptions?: (testId: string) => { resource?: string };
  /** Case ids to skip; say why in a comment at the call site. Unknown ids throw. */
  skip?: string[];
  /** `readMs`: how long a read-back may take (default 5000). `caseMs`: the deadline of one case (default 20000). */
  timeouts?: { readMs?: number; caseMs?: number };
  /** Codecs given to the plugin. Default: {@link createJsonCodecs}. */
  codecs?: Codecs;
}

/**
 * The test functions of the runner in use. node:test and vitest both fit:
 * `{ describe, it, skip: (name) => it.skip(name) }`.
 * Cases run in registration order and must not run concurrently (both runners' default).
 * @public
 */
export interface TestRunner {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void> | void) => void;
  /** Optional: reports a case that does not apply or that the driver skipped, with the reason. */
  skip?: (name: string) => void;
}

/** Every case the kit knows, in the order it runs them. @public */
export const ACCEPTANCE_CASES = [
  'manifest.valid',
  'schemas.compile',
  'config.required',
  'config.secretsMarked',
  'service.connectClose',
  'service.check',
  'source.openClose',
  'source.readAll',
  'source.idleReturnsEmpty',
  'source.resume',
  'sink.writeBatch',
  'sink.partialWriteThrows',
  'sink.replayIdempotent',
  'schemaStore.crud',
  'schemaStore.getMissing',
  'lifecycle.closeIdempotent',
  'lifecycle.noLeakedHandles',
  'errors.haveCodes',
] as const;

/** One case id. @public */
export type AcceptanceCaseId = (typeof ACCEPTANCE_CASES)[number];
