import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InFlightQueue } from './in-flight-queue.js';

type Item = { size: number; name: string };
const item = (name: string, size = 1): Item => ({ name, size });
/** Whether `promise` settled within a few turns of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  return done;
}

describe('in-flight queue', () => {
  it('admits at once within the budget, refuses tryPut beyond it, and always admits into an empty queue', () => {
    const queue = new InFlightQueue<Item>(2);
    assert.equal(queue.tryPut(item('a')), true);
    assert.equal(queue.tryPut(item('b')), true);
    assert.equal(queue.tryPut(item('c')), false);
    assert.equal(queue.poll()?.name, 'a');
    assert.equal(queue.poll()?.name, 'b');
    assert.equal(queue.poll(), undefined);
    queue.release(1);
    queue.release(1);
    assert.ok(queue.isIdle);
    assert.equal(queue.tryPut(item('big', 10)), true, 'a batch larger than the budget goes in when nothing else is in flight');
  });

  it('holds a put until a release frees budget, for the stop signal and for any other', async () => {
    const stop = new AbortController();
    const queue = new InFlightQueue<Item>(1, stop.signal);
    queue.tryPut(item('a'));
    const other = new AbortController();
    const viaStop = queue.put(item('b'), stop.signal);
    const viaOther = queue.put(item('c'), other.signal);
    assert.equal(await settled(viaStop), false);
    assert.equal(await settled(viaOther), false);
    assert.equal(queue.poll()?.name, 'a');
    queue.release(1);
    await viaStop;
    assert.equal(await settled(viaOther), false, 'b took the freed budget; c still waits');
    assert.equal((await queue.take())?.name, 'b');
    queue.release(1);
    await viaOther;
    assert.equal(queue.poll()?.name, 'c');
  });

  it('rejects a waiting put when its signal aborts, and a put on a closed queue', async () => {
    const stop = new AbortController();
    const queue = new InFlightQueue<Item>(1, stop.signal);
    queue.tryPut(item('a'));
    const other = new AbortController();
    const viaOther = queue.put(item('b'), other.signal);
    const viaStop = queue.put(item('c'), stop.signal);
    other.abort(new Error('cycle over'));
    await assert.rejects(viaOther, /cycle over/);
    assert.equal(await settled(viaStop), false, 'the other putter still waits for budget');
    stop.abort(new Error('stopping'));
    await assert.rejects(viaStop, /stopping/);
    queue.close();
    assert.throws(() => queue.tryPut(item('d')), /queue closed/);
    await assert.rejects(queue.put(item('e'), new AbortController().signal), /queue closed/);
  });

  it('hands a put to a waiting take, and ends takes with undefined once closed and drained', async () => {
    const queue = new InFlightQueue<Item>(4);
    const taken = queue.take();
    queue.tryPut(item('a'));
    assert.equal((await taken)?.name, 'a');
    queue.tryPut(item('b'));
    queue.close();
    assert.equal((await queue.take())?.name, 'b');
    assert.equal(await queue.take(), undefined);
  });
});
