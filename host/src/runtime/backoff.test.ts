import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectionError, DataError } from '@mstream/sdk';
import { retryAfter, withRetry } from './backoff.js';

const fast = { initialBackoffMs: 1, maxBackoffMs: 2, maxAttempts: 0 };

/** A task failing with `errors` in turn, then answering 'ok'; counts its calls. */
function flaky(errors: unknown[]) {
  const task = async () => {
    task.calls++;
    if (errors.length) throw errors.shift();
    return 'ok';
  };
  task.calls = 0;
  return task;
}

describe('retries', () => {
  it('retries retriable errors, reporting each attempt and the recovery', async () => {
    const task = flaky([new ConnectionError('down'), new ConnectionError('down')]);
    const attempts: number[] = [];
    let recovered = 0;
    const result = await withRetry(task, fast, new AbortController().signal, { onRetry: (_e, attempt) => attempts.push(attempt), onRecover: () => recovered++ });
    assert.equal(result, 'ok');
    assert.equal(task.calls, 3);
    assert.deepEqual(attempts, [1, 2]);
    assert.equal(recovered, 1);
  });

  it('counts the failed first attempt it is given against max_attempts, like withRetry', async () => {
    const settings = { ...fast, maxAttempts: 3 };
    const viaWith = flaky([1, 2, 3, 4].map(() => new ConnectionError('down')));
    await assert.rejects(withRetry(viaWith, settings, new AbortController().signal), /down/);
    const viaAfter = flaky([1, 2, 3].map(() => new ConnectionError('down')));
    await assert.rejects(retryAfter(new ConnectionError('down'), viaAfter, settings, new AbortController().signal), /down/);
    assert.equal(viaWith.calls, 3);
    assert.equal(viaAfter.calls, 2, 'the first of the 3 attempts was the one that failed before');
  });

  it('throws a non-retriable error at once, and stops retrying when the signal aborts', async () => {
    const task = flaky([]);
    await assert.rejects(retryAfter(new DataError('bad'), task, fast, new AbortController().signal), /bad/);
    assert.equal(task.calls, 0);
    const aborted = new AbortController();
    aborted.abort(new Error('stop'));
    await assert.rejects(retryAfter(new ConnectionError('down'), task, fast, aborted.signal), /down/);
    assert.equal(task.calls, 0);
  });
});
