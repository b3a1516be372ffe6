import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullName, shortName } from './resource-names.js';

describe('pubsub resource names', () => {
  it('expands a short topic, subscription or schema id within the project', () => {
    assert.equal(fullName('p1', 'topics', 'orders'), 'projects/p1/topics/orders');
    assert.equal(fullName('p1', 'subscriptions', 'orders-sub'), 'projects/p1/subscriptions/orders-sub');
    assert.equal(fullName('p1', 'schemas', 'order'), 'projects/p1/schemas/order');
  });

  it('passes a full name through unchanged, even of another project (no double prefix)', () => {
    assert.equal(fullName('p1', 'topics', 'projects/p1/topics/orders'), 'projects/p1/topics/orders');
    assert.equal(fullName('p1', 'subscriptions', 'projects/other/subscriptions/s'), 'projects/other/subscriptions/s');
  });

  it('refuses a full name of the wrong kind and a short id with a slash, naming the path', () => {
    assert.throws(() => fullName('p1', 'topics', 'projects/p1/subscriptions/s'), (e: any) => e.code === 'MS_ERR_CONFIG_INVALID' && /expected topics/.test(e.message));
    assert.throws(() => fullName('p1', 'topics', 'a/b', 'options.create_on_topic'), (e: any) => e.code === 'MS_ERR_CONFIG_INVALID' && e.issues[0].path === 'options.create_on_topic');
    assert.throws(() => fullName('p1', 'topics', ''), (e: any) => e.code === 'MS_ERR_CONFIG_INVALID');
  });

  it('shortens a full name to its id', () => {
    assert.equal(shortName('projects/p/schemas/x'), 'x');
    assert.equal(shortName('x'), 'x');
  });
});
