import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { isMstreamError } from '../../errors.js';
import type { Harness, RecordedError } from '../harness.js';
import { abortAfter, makeEvents, sleep } from '../io.js';
import type { AcceptanceCase } from './case.js';
import { describeError, payloads } from './common.js';

/** Sources and sinks close twice without error, after being opened. */
export const lifecycleCloseIdempotent: AcceptanceCase = {
  id: 'lifecycle.closeIdempotent',
  summary: 'sources and sinks close twice without error',
  notApplicable: (registration, driver) =>
    registration.sources.has(driver.provider) || registration.sinks.has(driver.provider)
      ? undefined
      : 'the plugin registers neither a source nor a sink for the provider',
  async run(harness: Harness) {
    const handle = await harness.connect();
    if (harness.sourceDef) {
      const source = await harness.openSource(handle);
      await source.close();
      await source.close();
    }
    if (harness.sinkDef) {
      const sink = await harness.openSink(handle);
      await sink.close();
      await sink.close();
    }
  },
};

/**
 * Resource types the runner and the kit itself keep around: the terminal, and timers (node:test,
 * `AbortSignal.timeout`). Everything else a plugin opens (sockets, file handles, servers, child
 * processes) must be gone after close.
 */
const ALLOWED = new Set(['TTYWrap', 'Timeout']);
const SETTLE_MS = 1000;

/**
 * Open descriptors, where the OS shows them (Linux): an open `FileHandle` is not an active libuv
 * resource, so without this a leaked file would go unnoticed.
 */
function openFileDescriptors(): number | undefined {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return undefined;
  }
}

function countByType(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) {
    if (!ALLOWED.has(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const fds = openFileDescriptors();
  if (fds !== undefined) counts.set('file descriptors', fds);
  return counts;
}

function leaked(before: Map<string, number>): string[] {
  return [...countByType()]
    .filter(([type, count]) => count > (before.get(type) ?? 0))
    .map(([type, count]) => `${type}: ${before.get(type) ?? 0} → ${count}`);
}

/** After connect, use and close (service included, and `onClose` hooks), no new handle stays open. */
export const lifecycleNoLeakedHandles: AcceptanceCase = {
  id: 'lifecycle.noLeakedHandles',
  summary: 'nothing stays open after source, sink and service are closed',
  notApplicable: () => undefined,
  async run(harness: Harness) {
    const before = countByType();
    const handle = await harness.connect();
    if (harness.sourceDef) {
      const source = await harness.openSource(handle);
      const { signal, cancel } = abortAfter(100);
      await source.read(10, signal).finally(cancel);
      await source.close();
    }
    if (harness.sinkDef) {
      const sink = await harness.openSink(handle);
      const { signal, cancel } = abortAfter(harness.driver.caseMs);
      await sink.write(makeEvents(payloads(harness.driver, 2), harness.driver.encoding), signal).finally(cancel);
      await sink.close();
    }
    await harness.closeService(handle);
    await harness.runOnClose();
    // Closing a socket or a file is asynchronous in libuv; give it a moment before blaming the plugin.
    const deadline = Date.now() + SETTLE_MS;
    while (leaked(before).length > 0 && Date.now() < deadline) await sleep(25);
    assert.deepEqual(leaked(before), [], 'handles still open after everything was closed');
  },
};

/** Every error a plugin threw in the cases before this one is an mstream error with a stable code. */
export const errorsHaveCodes: AcceptanceCase = {
  id: 'errors.haveCodes',
  summary: 'every error the plugin threw in the cases above is an mstream error',
  notApplicable: () => undefined,
  async run(_harness: Harness, errors: readonly RecordedError[]) {
    const bad = errors
      .filter((entry) => !isMstreamError(entry.error))
      .map((entry) => `${entry.caseId}: ${entry.operation} threw ${describeError(entry.error)}`);
    assert.deepEqual(bad, [], 'plugins must throw mstream errors (MstreamError subclasses) only');
  },
};
