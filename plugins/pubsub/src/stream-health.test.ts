import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StreamHealth } from './stream-health.js';

function recorder() {
  const reports: Array<string | null> = [];
  return { reports, health: { degraded: (r: string) => void reports.push(r), recovered: () => void reports.push(null) } };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamHealth', () => {
  it('reports nothing when a stream ends routinely and Pub/Sub still answers', async () => {
    const { reports, health } = recorder();
    const watch = new StreamHealth(async () => undefined, health, 'projects/p/subscriptions/s');
    watch.streamRetried('Subscriber stream 0 has ended with status 14; will be retried');
    await settle();
    assert.deepEqual(reports, []);
    watch.close();
  });

  it('reports trouble when the probe fails too, and its end when a message arrives', async () => {
    const { reports, health } = recorder();
    const watch = new StreamHealth(async () => Promise.reject(new Error('14 UNAVAILABLE: connect ECONNREFUSED')), health, 'projects/p/subscriptions/s');
    watch.streamRetried('Subscriber stream 0 has ended with status 14; will be retried');
    watch.streamRetried('Subscriber stream 1 has ended with status 14; will be retried');
    await settle();
    assert.equal(reports.length, 1, 'one report while one probe cycle runs');
    assert.match(reports[0]!, /projects\/p\/subscriptions\/s cannot reach Pub\/Sub .*ECONNREFUSED/);
    watch.messageArrived();
    assert.deepEqual(reports.slice(1), [null]);
    watch.close();
    assert.deepEqual(reports.slice(2), [], 'closing after recovery reports nothing more');
  });
});
