import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JobLease } from './job-lease.js';
import type { LeaseStore } from '../stores/store-types.js';

// An in-memory lease table with the same rule as the MongoDB one: free, expired or yours.
function memoryLeases() {
  const table = new Map<string, { owner: string; expiresAt: number }>();
  let unreachable = false;
  const store: LeaseStore = {
    async tryAcquire(job, owner, ttlMs) {
      if (unreachable) throw new Error('unreachable');
      const lease = table.get(job);
      if (lease && lease.owner !== owner && lease.expiresAt > Date.now()) return false;
      table.set(job, { owner, expiresAt: Date.now() + ttlMs });
      return true;
    },
    async release(job, owner) {
      if (table.get(job)?.owner === owner) table.delete(job);
    },
  };
  return { store, table, cut: () => (unreachable = true) };
}

// The renewal timer is unref'd (a lease must not keep a host alive); tests hold the loop open.
let holder: NodeJS.Timeout | undefined;
beforeEach(() => void (holder = setInterval(() => undefined, 1000)));
afterEach(() => clearInterval(holder));

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };
const always = async () => true;
const never = () => new AbortController().signal;

describe('job lease', () => {
  it('stands by while another host renews, and takes over once that host stops renewing', async () => {
    const { store } = memoryLeases();
    const a = new JobLease(store, 'j', 'a', 300, quiet);
    const b = new JobLease(store, 'j', 'b', 300, quiet);
    assert.equal(await a.acquire(never(), always, () => assert.fail('a is first')), true);
    a.keep(() => assert.fail('a keeps its lease while renewing'));
    let standby = 0;
    const taken = b.acquire(never(), always, () => standby++);
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(standby, 1);
    a.stopRenewing(); // a "dies" without releasing
    const started = Date.now();
    assert.equal(await taken, true);
    assert.ok(Date.now() - started <= 700, 'taken over within about a TTL');
    b.stopRenewing();
  });

  it('reports a lost lease when another host holds it at renewal', async () => {
    const { store, table } = memoryLeases();
    const a = new JobLease(store, 'j', 'a', 150, quiet);
    await a.acquire(never(), always, () => undefined);
    const lost = new Promise<string>((resolve) => a.keep(resolve));
    table.set('j', { owner: 'b', expiresAt: Date.now() + 10_000 });
    assert.match(await lost, /another host/);
  });

  it('gives the job up before the lease expires when it cannot renew', async () => {
    const { store, table, cut } = memoryLeases();
    const a = new JobLease(store, 'j', 'a', 300, quiet);
    await a.acquire(never(), always, () => undefined);
    const lost = new Promise<number>((resolve) => a.keep(() => resolve(Date.now())));
    cut();
    const at = await lost;
    assert.ok(at < table.get('j')!.expiresAt, 'stopped while the lease was still valid, so nobody else ran meanwhile');
  });

  it('stops standing by when the job should no longer run, and hands back a lease taken just as it was stopped', async () => {
    const { store, table } = memoryLeases();
    const b = new JobLease(store, 'j', 'b', 200, quiet);
    assert.equal(await b.acquire(never(), async () => false, () => undefined), false);
    let checks = 0;
    assert.equal(await b.acquire(never(), async () => ++checks === 1, () => undefined), false);
    assert.equal(table.has('j'), false, 'released again');
  });

  it('a stopped job stops waiting at once', async () => {
    const { store } = memoryLeases();
    await store.tryAcquire('j', 'a', 60_000);
    const stop = new AbortController();
    const waiting = new JobLease(store, 'j', 'b', 60_000, quiet).acquire(stop.signal, always, () => undefined);
    stop.abort(new Error('job stopping'));
    await assert.rejects(waiting, /job stopping/);
  });
});
