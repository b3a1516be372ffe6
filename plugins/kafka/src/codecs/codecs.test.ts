import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { lz4Compress, lz4Decompress } from './lz4-frame.js';
import { snappyCompress, snappyDecompress } from './snappy-xerial.js';
import { zstdCompress, zstdDecompress } from './zstd-codec.js';

// Kafka-to-Java interop is proven against the real broker (test/kafka/kafka-compression.test.ts);
// these check the framing details and round trips at sizes around the block boundaries.
const SIZES = [0, 1, 12, 13, 100, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 64 * 1024, 64 * 1024 + 7, 300_000];

function samples(size: number): Buffer[] {
  const text = Buffer.from(Array.from({ length: Math.ceil(size / 40) }, (_, i) => `{"id":${i},"name":"user-${i % 97}"},`).join('')).subarray(0, size);
  return [text, randomBytes(size)];
}

describe('Kafka compression codecs', () => {
  const codecs: Array<[string, (b: Uint8Array) => Buffer | Promise<Buffer>, (b: Uint8Array) => Buffer]> = [
    ['snappy', snappyCompress, snappyDecompress],
    ['lz4', lz4Compress, lz4Decompress],
    ['zstd', zstdCompress, zstdDecompress],
  ];
  for (const [name, compress, decompress] of codecs) {
    it(`${name}: round-trips text and random bytes across block boundaries, and compresses text`, async () => {
      for (const size of SIZES) {
        for (const [i, input] of samples(size).entries()) {
          const packed = await compress(input);
          assert.deepEqual(decompress(packed), input, `${name}, ${size} bytes, sample ${i}`);
          if (i === 0 && size >= 32 * 1024) assert.ok(packed.length < input.length / 2, `${name} compresses ${size} bytes of text (${packed.length})`);
        }
      }
    });
  }

  it('snappy writes the xerial stream header and reads bare Snappy blocks too', async () => {
    const packed = snappyCompress(Buffer.from('hello hello hello hello'));
    assert.deepEqual([...packed.subarray(0, 8)], [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
    assert.equal(packed.readInt32BE(8), 1);
    const bare = packed.subarray(20); // one block: header (16) + length (4) + block
    assert.equal(snappyDecompress(bare).toString(), 'hello hello hello hello');
  });

  it('lz4 writes independent 64 KiB blocks (Kafka refuses dependent ones) with a correct header checksum', () => {
    const packed = lz4Compress(samples(200_000)[0]);
    assert.equal(packed.readUInt32LE(0), 0x184d2204);
    assert.equal(packed[4], 0x60, 'version 01 + block independence, nothing else');
    assert.equal(packed[5], 0x40, '64 KiB blocks');
    assert.equal(packed[6], 0x82, 'xxh32 of [0x60, 0x40] >> 8 & 0xff');
    assert.throws(() => lz4Decompress(Buffer.from('not lz4 at all')), /bad magic number/);
  });

  it('snappy reports a truncated stream instead of returning less', () => {
    const packed = snappyCompress(samples(100_000)[1]);
    assert.throws(() => snappyDecompress(packed.subarray(0, packed.length - 10)), /claims \d+ bytes/);
  });
});
