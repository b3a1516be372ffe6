import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, DataError, utf8 } from '@mstream/sdk';
import { fromDeadLetter, toDeadLetter } from './error-policy.js';

describe('dead letters', () => {
  it('keep the event\'s source identity, so a re-drive writes idempotently too', () => {
    const event = createEvent({ position: utf8('7'), id: 'kafka:t/0/7', payload: utf8('{"a":'), encoding: 'json' });
    const entry = toDeadLetter('job', 'source', event, new DataError('bad'), new Date().toISOString());
    assert.equal(entry.event_id, 'kafka:t/0/7');
    assert.equal(fromDeadLetter(entry).id, 'kafka:t/0/7');
  });

  it('leave the field out when the event has no id, and read a stored null as none', () => {
    const entry = toDeadLetter('job', 'source', createEvent({ position: utf8('7'), payload: utf8('x'), encoding: 'json' }), new DataError('bad'), new Date().toISOString());
    assert.equal('event_id' in entry, false);
    assert.equal(fromDeadLetter({ ...entry, event_id: null as unknown as string }).id, undefined);
  });
});
