import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Checkpointer } from './checkpointer.js';
import type { Checkpoint, CheckpointStore } from '../stores/store-types.js';

function memoryStore() {
  const saved: string[] = [];
  const store: CheckpointStore = {
    history: async () => saved.map((c) => ({ job_name: 'j', cursor: c, updated_at: '' }) as Checkpoint).reverse(),
    latest: async () => (saved.length ? { job_name: 'j', cursor: saved[saved.length - 1], updated_at: '' } : undefined),
    save: async (_job, cursor) => void saved.push(Buffer.from(cursor).toString()),
    delete: async () => undefined,
  };
  return { store, saved };
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };
const pos = (s: string) => new Uint8Array(Buffer.from(s));

describe('checkpointer', () => {
  it('saves at most once per interval and still saves the last position once the interval ends', async () => {
    const { store, saved } = memoryStore();
    const cp = new Checkpointer('j', store, 100, quiet, true);
    await cp.offer(pos('1'));
    await cp.offer(pos('2'));
    await cp.offer(pos('3'));
    assert.deepEqual(saved, ['1']);
    await new Promise((r) => setTimeout(r, 180));
    assert.deepEqual(saved, ['1', '3']);
  });

  it('flushes the pending position on demand and skips an unchanged one', async () => {
    const { store, saved } = memoryStore();
    const cp = new Checkpointer('j', store, 10_000, quiet, true);
    await cp.offer(pos('a'));
    await cp.offer(pos('b'));
    await cp.flush();
    await cp.offer(pos('b'));
    await cp.flush();
    assert.deepEqual(saved, ['a', 'b']);
  });

  it('does nothing when checkpoints are disabled', async () => {
    const { store, saved } = memoryStore();
    const cp = new Checkpointer('j', store, 0, quiet, false);
    await cp.offer(pos('x'));
    await cp.flush();
    assert.deepEqual(saved, []);
    assert.equal(await cp.load(), undefined);
  });
});
