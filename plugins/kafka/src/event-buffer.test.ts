import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventBuffer } from './event-buffer.js';

describe('the bounded buffer between eachBatch and read', () => {
  it('hands items out in arrival order, at most max at a time', () => {
    const buffer = new EventBuffer<number>(10);
    for (let i = 0; i < 5; i++) buffer.push(i % 2, i);
    assert.deepEqual(buffer.take(3), [0, 1, 2]);
    assert.deepEqual(buffer.take(10), [3, 4]);
    assert.deepEqual(buffer.take(10), []);
  });

  it('makes the producer wait while full and wakes it when a read makes room', async () => {
    const buffer = new EventBuffer<number>(2);
    buffer.push(0, 1);
    buffer.push(0, 2);
    assert.equal(buffer.hasRoom, false);
    let woke = false;
    const waiting = buffer.waitForRoom(5000).then(() => (woke = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(woke, false);
    buffer.take(1);
    await waiting;
    assert.equal(woke, true);
  });

  it('drops only the revoked partitions and keeps the order of the rest', () => {
    const buffer = new EventBuffer<string>(10);
    ['a0', 'b1', 'c0', 'd2', 'e1'].forEach((item) => buffer.push(Number(item[1]), item));
    buffer.take(1);
    assert.equal(buffer.drop(new Set([1])), 2);
    assert.deepEqual(buffer.take(10), ['c0', 'd2']);
  });

  it('returns from a data wait when the signal aborts', async () => {
    const buffer = new EventBuffer<number>(2);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await buffer.waitForData(5000, controller.signal);
    assert.ok(Date.now() - started < 1000);
  });
});
