import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from '@mstream/sdk';
import { decodeCheckpoint, decodePosition, encodeCheckpoint, encodePosition, maxOffset, nextOffset } from './positions.js';

describe('positions and checkpoints', () => {
  it('round-trips an event position, int64 offsets included', () => {
    assert.deepEqual(decodePosition(encodePosition(2, '9223372036854775806', 3)), { partition: 2, offset: '9223372036854775806', epoch: 3 });
  });

  it('ignores bytes that are not a Kafka position', () => {
    assert.equal(decodePosition(utf8('{"value":9}')), undefined);
    assert.equal(decodePosition(utf8('nonsense')), undefined);
  });

  it('round-trips a checkpoint holding every partition and drops malformed entries', () => {
    const checkpoint = { topic: 't', partitions: { '0': '42', '1': '17' } };
    assert.deepEqual(decodeCheckpoint(encodeCheckpoint(checkpoint)), checkpoint);
    assert.deepEqual(decodeCheckpoint(utf8('{"topic":"t","partitions":{"0":"5","x":"1","2":-1}}')), { topic: 't', partitions: { '0': '5' } });
    assert.equal(decodeCheckpoint(utf8('{"p":0,"o":"1"}')), undefined);
    assert.equal(decodeCheckpoint(undefined), undefined);
  });

  it('compares and increments offsets as int64', () => {
    assert.equal(maxOffset('10', '9'), '10');
    assert.equal(maxOffset(undefined, '9'), '9');
    assert.equal(nextOffset('9007199254740993'), '9007199254740994');
  });
});
