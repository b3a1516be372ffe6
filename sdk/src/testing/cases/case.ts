import type { AcceptanceCaseId } from '../driver.js';
import type { Harness, RecordedError, ResolvedDriver } from '../harness.js';
import type { Registration } from '../registration.js';

/** One named acceptance case. */
export interface AcceptanceCase {
  readonly id: AcceptanceCaseId;
  /** What passing proves, as a sentence: the test name is `<id>: <summary>`. */
  readonly summary: string;
  /** `undefined` when the case applies to this plugin and driver, else why it does not. */
  notApplicable(registration: Registration, driver: ResolvedDriver): string | undefined;
  /** Throws (an assertion error, usually) when the plugin fails the case. */
  run(harness: Harness, errors: readonly RecordedError[]): Promise<void>;
}
