import assert from 'node:assert/strict';
import type { Harness } from '../harness.js';
import { abortAfter } from '../io.js';
import type { AcceptanceCase } from './case.js';
import { assertMstreamError } from './common.js';

/** A service connects with the driver's config, and its handle closes twice without error. */
export const serviceConnectClose: AcceptanceCase = {
  id: 'service.connectClose',
  summary: 'the service connects and its handle closes twice without error',
  notApplicable: () => undefined,
  async run(harness: Harness) {
    const handle = await harness.connect();
    assert.notEqual(handle, undefined, 'connect must resolve with a handle (a plain object is fine)');
    await harness.closeService(handle);
    await harness.closeService(handle);
  },
};

const CHECK_CODES = ['MS_ERR_CONNECTION', 'MS_ERR_TIMEOUT'];
const CONNECT_FAILED = Symbol('connect failed');

/**
 * `check` resolves for a healthy service and, given `brokenService`, rejects with a retriable
 * connection or timeout error before the case deadline. A broken service may already fail in
 * `connect`; the same codes are expected there.
 */
export const serviceCheck: AcceptanceCase = {
  id: 'service.check',
  summary: 'check passes on a healthy service and fails with a retriable code on a broken one',
  notApplicable: (registration, driver) =>
    registration.services.get(driver.provider)?.check ? undefined : 'the service defines no check()',
  async run(harness: Harness) {
    const definition = harness.serviceDef;
    const check = definition.check!.bind(definition);
    const healthy = await harness.connect();
    const good = abortAfter(harness.driver.caseMs);
    try {
      await harness.call('service.check', () => check(healthy, good.signal));
    } finally {
      good.cancel();
    }
    if (!harness.driver.brokenService) return;

    // Leave room under the case deadline so the kit, not the runner, reports a hanging check.
    const budget = Math.max(1000, harness.driver.caseMs - 2000);
    const started = Date.now();
    const bad = abortAfter(budget);
    try {
      const broken = await harness.connect(harness.driver.brokenService()).catch((error: unknown) => {
        assertMstreamError(error, 'connect on a broken service', CHECK_CODES);
        return CONNECT_FAILED;
      });
      if (broken === CONNECT_FAILED) return;
      await assert.rejects(harness.call('service.check', () => check(broken, bad.signal)), (error) =>
        assertMstreamError(error, 'check on a broken service', CHECK_CODES),
      );
    } finally {
      bad.cancel();
    }
    assert.ok(Date.now() - started <= budget + 1000, `check on a broken service took longer than ${budget} ms`);
  },
};
