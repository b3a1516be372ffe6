/**
 * @packageDocumentation
 * `@mstream/sdk/testing`: the acceptance kit every connector plugin runs (see README.md in this
 * folder), plus helpers to unit-test plugin pieces without the host.
 */
export { runAcceptance } from './run-acceptance.js';
export { ACCEPTANCE_CASES, type AcceptanceCaseId, type AcceptanceDriver, type DriverIoContext, type TestRunner } from './driver.js';
export { createJsonCodecs } from './json-codecs.js';
export { createTestContext, type TestContext, type TestContextOptions } from './test-context.js';
export { createQuietLogger, type LogRecord, type QuietLogger } from './quiet-logger.js';
export { ConfigValidator } from './config-validator.js';
export { recordRegistration, type Registration } from './registration.js';
export { createMemoryPlugin, type MemoryStore } from './memory-plugin.js';
