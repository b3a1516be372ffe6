import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Codecs } from '../codecs.js';
import type { BatchSettings, ConnectorContext } from '../context.js';
import type { Delivery } from '../transactions.js';
import { NotFoundError } from '../errors.js';
import { tokens, type Clock, type Token } from '../tokens.js';
import { createJsonCodecs } from './json-codecs.js';
import { createQuietLogger, type LogRecord } from './quiet-logger.js';

/** Overrides for {@link createTestContext}; every field has a test-friendly default. @public */
export interface TestContextOptions {
  /** Default `'test-plugin'`. */
  pluginId?: string;
  /** Default `'test-job'`. */
  jobName?: string;
  /** Default `{ size: 100, maxWaitMs: 50 }`. */
  batch?: Partial<BatchSettings>;
  /** Default {@link createJsonCodecs}. */
  codecs?: Codecs;
  /** Default the wall clock. */
  clock?: Clock;
  /** Default a fresh temporary folder, removed by `dispose`. A folder given here is never removed. */
  dataDir?: string;
  /** Default `'at_least_once'`. */
  delivery?: Delivery;
  /** Default `'test-host'`. */
  hostId?: string;
}

/**
 * A context usable both as `PluginContext` (for `connect`) and as `ConnectorContext` (for
 * `create`), as the host would build it, without the host.
 * @public
 */
export interface TestContext extends ConnectorContext {
  /** The folder `resolve(tokens.dataDir)` returns. */
  readonly dataDir: string;
  /** Every line logged through `logger` (nothing is printed). */
  readonly logs: LogRecord[];
  /** What the connector reported through `health`, in order: a reason for `degraded`, `null` for `recovered`. */
  readonly healthReports: Array<string | null>;
  /** Removes the temporary data folder, if this context created it. Idempotent. */
  dispose(): void;
}

/**
 * Builds a {@link TestContext} so plugin authors can unit-test a connector piece by piece:
 * ```ts
 * const ctx = createTestContext();
 * const sink = await mySink.create({ service: handle, resource: 'r', options: {}, context: ctx });
 * ```
 * `resolve` knows `tokens.logger`, `tokens.codecs`, `tokens.clock` and `tokens.dataDir`, and
 * throws `MS_ERR_NOT_FOUND` for any other token, like the host.
 * @public
 */
export function createTestContext(options: TestContextOptions = {}): TestContext {
  const pluginId = options.pluginId ?? 'test-plugin';
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `mstream-${pluginId}-`));
  const logger = createQuietLogger({ plugin: pluginId });
  const codecs = options.codecs ?? createJsonCodecs();
  const clock = options.clock ?? { now: () => Date.now() };
  const known = new Map<symbol, unknown>([
    [tokens.logger, logger],
    [tokens.codecs, codecs],
    [tokens.clock, clock],
    [tokens.dataDir, dataDir],
  ]);
  let disposed = false;
  const healthReports: Array<string | null> = [];
  return {
    pluginId,
    jobName: options.jobName ?? 'test-job',
    batch: { size: 100, maxWaitMs: 50, maxInFlight: 400, ...options.batch },
    delivery: options.delivery ?? 'at_least_once',
    hostId: options.hostId ?? 'test-host',
    logger,
    codecs,
    dataDir,
    logs: logger.records,
    healthReports,
    health: {
      degraded: (reason) => void healthReports.push(reason),
      recovered: () => void healthReports.push(null),
    },
    resolve<T>(token: Token<T>): T {
      if (!known.has(token)) throw new NotFoundError(`no dependency registered for token ${String(token)}`);
      return known.get(token) as T;
    },
    dispose() {
      if (disposed || !ownsDataDir) return;
      disposed = true;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
