import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Pacer } from './pacer.js';

describe('Pacer', () => {
  it('grants everything when the rate is 0', () => {
    assert.equal(new Pacer(0).take(500), 500);
  });

  it('releases events as their time comes and says how long to wait for the next', () => {
    let now = 1000;
    const pacer = new Pacer(10, () => now);
    assert.equal(pacer.take(5), 1);
    assert.equal(pacer.take(5), 0);
    assert.equal(pacer.waitMs(), 100);
    now += 250;
    assert.equal(pacer.take(5), 2);
    pacer.giveBack(1);
    assert.equal(pacer.take(5), 1);
  });

  it('bursts at most one second of backlog after a stall', () => {
    let now = 0;
    const pacer = new Pacer(10, () => now);
    pacer.take(1);
    now += 60_000;
    assert.equal(pacer.take(1000), 11);
    assert.equal(pacer.take(1000), 0);
  });
});
