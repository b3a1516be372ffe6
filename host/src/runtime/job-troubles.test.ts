import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JobTroubles } from './job-troubles.js';

describe('JobTroubles', () => {
  it('shows the oldest open trouble, publishes only changes of what is shown, and ends with undefined', () => {
    const shown: Array<string | undefined> = [];
    const troubles = new JobTroubles((current) => shown.push(current && `${current.stage}: ${current.reason}`));
    troubles.report('source', 'broker away');
    troubles.report('source', 'broker away');
    troubles.report('sinks', 'stalled');
    assert.deepEqual(shown, ['source: broker away'], 'a repeat and a second stage behind it publish nothing');
    troubles.report('source', 'broker still away');
    troubles.clear('source');
    troubles.clear('source');
    troubles.clear('sinks');
    assert.deepEqual(shown, ['source: broker away', 'source: broker still away', 'sinks: stalled', undefined]);
  });
});
