import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ForwardingLogger } from './forwarding-logger.js';
import { JobMetrics } from './job-metrics.js';
import type { FromTask, MetricsDelta } from './task-messages.js';
import { MetricsReporter } from './task-metrics.js';

describe('task → parent messages', () => {
  it('reports what the counters gained since the last report, and nothing when nothing changed', () => {
    const metrics = new JobMetrics(() => 1_000_000);
    const sent: MetricsDelta[] = [];
    const reporter = new MetricsReporter(metrics, (delta) => sent.push(delta));
    reporter.report();
    assert.equal(sent.length, 0, 'an idle task sends nothing');
    metrics.recordProcessed(10, 1000, 999_000);
    metrics.totalErrors = 2;
    metrics.deadLetters = 1;
    metrics.maxInFlight = 40;
    metrics.inFlight = () => 7;
    reporter.report();
    metrics.recordProcessed(5, 500);
    metrics.inFlight = () => 0;
    reporter.report();
    reporter.report();
    assert.deepEqual(sent, [
      { events: 10, bytes: 1000, errors: 2, deadLetters: 1, retries: 0, lastSourceTimestamp: 999_000, inFlight: 7, maxInFlight: 40 },
      { events: 5, bytes: 500, errors: 0, deadLetters: 0, retries: 0, lastSourceTimestamp: 999_000, inFlight: 0, maxInFlight: 40 },
    ]);
  });

  it('forwards log lines at or above the host\'s level with the child bindings, and drops the others', () => {
    const sent: FromTask[] = [];
    const logger = ForwardingLogger.create((m) => sent.push(m), 'info').child({ job_name: 'copy' }).child({ stage: 'source' });
    logger.debug({ noisy: true }, 'dropped');
    logger.info({ partitions: [0, 1] }, 'partitions assigned');
    logger.warn('plain text');
    // A value that cannot be cloned to another thread still leaves a line.
    const throwingSend = (m: FromTask) => {
      if (m.type === 'log' && typeof (m.obj as { fn?: unknown }).fn === 'function') throw new DOMException('could not be cloned', 'DataCloneError');
      sent.push(m);
    };
    ForwardingLogger.create(throwingSend, 'info').error({ fn: () => 1, count: 2 }, 'odd');
    assert.deepEqual(sent, [
      { type: 'log', level: 'info', bindings: { job_name: 'copy', stage: 'source' }, obj: { partitions: [0, 1] }, msg: 'partitions assigned' },
      { type: 'log', level: 'warn', bindings: { job_name: 'copy', stage: 'source' }, obj: {}, msg: 'plain text' },
      { type: 'log', level: 'error', bindings: {}, obj: { count: 2 }, msg: 'odd' },
    ]);
  });
});
