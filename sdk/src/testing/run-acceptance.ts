import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AcceptanceCase } from './cases/case.js';
import { configRequired, configSecretsMarked } from './cases/config-cases.js';
import { errorsHaveCodes, lifecycleCloseIdempotent, lifecycleNoLeakedHandles } from './cases/lifecycle-cases.js';
import { manifestValid, schemasCompile } from './cases/manifest-cases.js';
import { schemaStoreCrud, schemaStoreGetMissing } from './cases/schema-store-cases.js';
import { serviceCheck, serviceConnectClose } from './cases/service-cases.js';
import { sinkPartialWriteThrows, sinkReplayIdempotent, sinkWriteBatch } from './cases/sink-cases.js';
import { sourceIdleReturnsEmpty, sourceOpenClose, sourceReadAll, sourceResume } from './cases/source-cases.js';
import { ACCEPTANCE_CASES, type AcceptanceDriver, type TestRunner } from './driver.js';
import { Harness, resolveDriver, type RecordedError } from './harness.js';
import { withDeadline } from './io.js';
import { recordRegistration, type Registration } from './registration.js';
import { isMstreamLazyPlugin, loadLazyPlugin } from '../lazy-plugin.js';
import type { MstreamPlugin } from '../plugin.js';

// In ACCEPTANCE_CASES order; errors.haveCodes must stay last, it reviews what the others recorded.
const CASES: readonly AcceptanceCase[] = [
  manifestValid, schemasCompile, configRequired, configSecretsMarked,
  serviceConnectClose, serviceCheck,
  sourceOpenClose, sourceReadAll, sourceIdleReturnsEmpty, sourceResume,
  sinkWriteBatch, sinkPartialWriteThrows, sinkReplayIdempotent,
  schemaStoreCrud, schemaStoreGetMissing,
  lifecycleCloseIdempotent, lifecycleNoLeakedHandles,
  errorsHaveCodes,
];

/**
 * Registers the acceptance cases for one provider of a plugin with the given test runner: one
 * `describe` named after the plugin and provider, one `it` per applicable case, named
 * `<case id>: <what it proves>`. Cases that do not apply (no sink, no `check`, …) or that the
 * driver skips are reported through `runner.skip` when given, else left out.
 *
 * Ordering: cases must run sequentially in registration order (the default of node:test and
 * vitest); `errors.haveCodes` reviews the errors recorded by the cases before it.
 * Isolation: each case gets a fresh registration, context, service handle and resource, and
 * closes everything it opened, even when it fails. Each case must finish within `caseMs`.
 *
 * Runs the plugin's `register` once, synchronously, to decide which cases apply; throws a
 * `TypeError` at once for a skip id that names no case. A lazy plugin (defineLazyPlugin) is
 * loaded first with `loadLazyPlugin`, inside an asynchronous `describe`; a failing load, or a
 * registration that differs from its declared `provides`, fails `manifest.valid`.
 * @public
 */
export function runAcceptance(driver: AcceptanceDriver, runner: TestRunner): void {
  const skipped = new Set(driver.skip ?? []);
  for (const id of skipped) {
    if (!(ACCEPTANCE_CASES as readonly string[]).includes(id)) {
      throw new TypeError(`runAcceptance: unknown case "${id}" in skip; known cases: ${ACCEPTANCE_CASES.join(', ')}`);
    }
  }
  const title = `acceptance: plugin "${driver.plugin.id}", provider "${driver.provider}"`;
  const lazy = driver.plugin;
  if (isMstreamLazyPlugin(lazy)) {
    runner.describe(title, async () => {
      let plugin: MstreamPlugin;
      try {
        plugin = await loadLazyPlugin(lazy);
      } catch (error) {
        runner.it('manifest.valid: load() imports an implementation that registers exactly the declared provides', () => {
          throw error;
        });
        return;
      }
      declareCases(resolveDriver(driver, plugin), skipped, runner);
    });
    return;
  }
  runner.describe(title, () => declareCases(resolveDriver(driver, driver.plugin as MstreamPlugin), skipped, runner));
}

function declareCases(resolved: ReturnType<typeof resolveDriver>, skipped: Set<string>, runner: TestRunner): void {
  let registration: Registration | undefined;
  let registerError: unknown;
  try {
    registration = recordRegistration(resolved.plugin);
  } catch (error) {
    registerError = error;
  }
  const errors: RecordedError[] = [];
  if (!registration) {
    runner.it('manifest.valid: register() records its definitions without throwing', () => {
      throw registerError;
    });
    return;
  }
  if (!registration.services.has(resolved.provider)) {
    runner.it(`manifest.valid: the plugin registers a service "${resolved.provider}"`, () => {
      assert.fail(`registered: ${registration.provides.join(', ') || 'nothing'}`);
    });
    return;
  }
  for (const testCase of CASES) {
    const title = `${testCase.id}: ${testCase.summary}`;
    if (skipped.has(testCase.id)) {
      runner.skip?.(`${title} (skipped by the driver)`);
      continue;
    }
    const reason = testCase.notApplicable(registration, resolved);
    if (reason !== undefined) {
      runner.skip?.(`${title} (not applicable: ${reason})`);
      continue;
    }
    runner.it(title, () => runCase(testCase, resolved, errors));
  }
}

async function runCase(testCase: AcceptanceCase, driver: ReturnType<typeof resolveDriver>, errors: RecordedError[]): Promise<void> {
  const testId = `${testCase.id.replace(/\./g, '-').toLowerCase()}-${randomBytes(3).toString('hex')}`;
  const harness = new Harness(driver, testCase.id, testId, errors);
  try {
    await withDeadline(testCase.run(harness, errors), driver.caseMs, `case ${testCase.id}`);
  } finally {
    // A close that hangs is a failure of its own; without the deadline it would hang the runner.
    await withDeadline(harness.dispose(), driver.caseMs, `closing what case ${testCase.id} opened`);
  }
}
