import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, utf8 } from '@mstream/sdk';
import { createTestContext } from '@mstream/sdk/testing';
import { tagMiddleware } from './tag-middleware.js';

describe('tag middleware', () => {
  it('stamps the configured attribute on every event without changing the input events', async () => {
    const context = createTestContext();
    try {
      const middleware = await tagMiddleware.create({ service: undefined, resource: 'any', encoding: 'json', options: { attribute: 'team', value: 'data' }, context });
      const input = [createEvent({ position: utf8('1'), payload: utf8('{}'), encoding: 'json', attributes: { a: '1' } })];
      const output = await middleware.transform(input, new AbortController().signal);
      assert.deepEqual(output[0].attributes, { a: '1', team: 'data' });
      assert.deepEqual(input[0].attributes, { a: '1' });
    } finally {
      await context.dispose();
    }
  });
});
