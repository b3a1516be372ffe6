import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createTestContext } from '@mstream/sdk/testing';
import type { Source, StreamEvent } from '@mstream/sdk';
import { httpSource, type HttpSourceOptions } from './http-source.js';

const OPTIONS: HttpSourceOptions = { listen_host: '127.0.0.1', listen_port: 0, split_arrays: true, max_pending_requests: 10, max_body_bytes: 1 << 20 };

/** POSTs a body, reads what the source made of it, acks it and returns the events. */
async function post(source: Source, body: string, headers: Record<string, string> = {}): Promise<StreamEvent[]> {
  const { port } = (source as unknown as { address: AddressInfo }).address;
  const answered = fetch(`http://127.0.0.1:${port}/in`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
  let events: StreamEvent[] = [];
  while (events.length === 0) events = await source.read(100, AbortSignal.timeout(1000));
  await source.ack(events.map((e) => e.position));
  assert.equal((await answered).status, 202);
  return events;
}

describe('http source event ids', () => {
  it('come from the client\'s Idempotency-Key (quoted or not), one per array element, and are absent without it', async () => {
    const source = await httpSource.create({ service: { config: {} } as never, resource: 'in', options: OPTIONS, context: createTestContext(), encoding: 'json' });
    await source.open(undefined, AbortSignal.timeout(5000));
    try {
      const [first] = await post(source, '{"a":1}', { 'Idempotency-Key': 'order-7' });
      assert.equal(first.id, 'http:/in/order-7');
      const [retried] = await post(source, '{"a":1}', { 'Idempotency-Key': '"order-7"' });
      assert.equal(retried.id, first.id, 'a retry with the same key names the same record');
      assert.notDeepEqual(retried.position, first.position, 'while positions are per delivery');
      const split = await post(source, '[{"a":1},{"a":2}]', { 'Idempotency-Key': 'batch-1' });
      assert.deepEqual(split.map((e) => e.id), ['http:/in/batch-1/0', 'http:/in/batch-1/1']);
      const [anonymous] = await post(source, '{"a":1}');
      assert.equal(anonymous.id, undefined);
    } finally {
      await source.close();
    }
  });
});
