import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchKey, eventKey } from './event-key.js';

describe('event keys', () => {
  it('are 32 hex digits, the same for the same id and different for different ids', () => {
    const key = eventKey({ id: 'kafka:orders/0/41' });
    assert.match(key!, /^[0-9a-f]{32}$/);
    assert.equal(eventKey({ id: 'kafka:orders/0/41' }), key);
    assert.notEqual(eventKey({ id: 'kafka:orders/0/42' }), key);
    assert.equal(eventKey({}), undefined);
    assert.equal(eventKey({ id: null as unknown as string }), undefined, 'a null id read back from a store');
  });

  it('give a batch one key that depends on every id and their order, and none when an id is missing', () => {
    const a = { id: 'x/1' };
    const b = { id: 'x/2' };
    assert.equal(batchKey([a]), eventKey(a));
    assert.equal(batchKey([a, b]), batchKey([{ id: 'x/1' }, { id: 'x/2' }]));
    assert.notEqual(batchKey([a, b]), batchKey([b, a]));
    assert.notEqual(batchKey([{ id: 'ab' }, { id: 'c' }]), batchKey([{ id: 'a' }, { id: 'bc' }]));
    assert.equal(batchKey([a, {}]), undefined);
    assert.equal(batchKey([]), undefined);
  });

  it('differ per scope, stably', () => {
    const a = { id: 'x/1' };
    assert.notEqual(eventKey(a, 'POST http://api/a'), eventKey(a, 'POST http://api/b'));
    assert.notEqual(eventKey(a, 'POST http://api/a'), eventKey(a));
    assert.equal(eventKey(a, 'POST http://api/a'), eventKey({ id: 'x/1' }, 'POST http://api/a'));
    assert.notEqual(batchKey([a, a], 's1'), batchKey([a, a], 's2'));
    assert.equal(batchKey([a], 's1'), eventKey(a, 's1'));
  });
});
