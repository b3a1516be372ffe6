import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JobMetrics } from './job-metrics.js';
import { watchStalls } from './stall-watch.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe('watchStalls', () => {
  it('reports events held past the limit with no write, once, and clears when writes resume', async () => {
    let now = 1_000_000;
    const metrics = new JobMetrics(() => now);
    let inFlight = 0;
    metrics.inFlight = () => inFlight;
    const reports: Array<string | undefined> = [];
    const stop = watchStalls(metrics, 5000, (reason) => reports.push(reason), () => now);
    try {
      inFlight = 40;
      now += 4000;
      await tick();
      assert.deepEqual(reports, [], 'within the limit: no report');
      now += 2000;
      await tick();
      now += 3000;
      await tick();
      assert.equal(reports.length, 1, 'one report per stall, however long it lasts');
      assert.match(reports[0]!, /events in flight and no sink write finished since/);
      metrics.recordProcessed(40, 400);
      await tick();
      assert.deepEqual(reports.slice(1), [undefined], 'a finished write ends the stall');
    } finally {
      stop();
    }
  });

  it('never reports an idle job (nothing in flight), however long since the last write', async () => {
    let now = 1_000_000;
    const metrics = new JobMetrics(() => now);
    const reports: Array<string | undefined> = [];
    const stop = watchStalls(metrics, 5000, (reason) => reports.push(reason), () => now);
    try {
      now += 60_000;
      await tick();
      assert.deepEqual(reports, []);
    } finally {
      stop();
    }
  });
});
