import lz4 from 'lz4js';
import xxh32 from 'lz4js/xxh32.js';

/**
 * LZ4 as Kafka's Java clients write it: the standard LZ4 frame with independent 64 KiB blocks
 * and no checksums (KafkaLZ4BlockOutputStream). Kafka's reader refuses frames whose blocks
 * depend on each other, which is what lz4js's own frame writer produces, so frames are written
 * here from lz4js's block compressor with a fresh match table per block; reading uses lz4js.
 */
const MAGIC = 0x184d2204;
const FLG = 0x60; // version 01, independent blocks, no block/content checksum, no content size
const BD = 0x40; // largest block: 64 KiB
const BLOCK_BYTES = 64 * 1024;
const UNCOMPRESSED = 0x80000000;

export function lz4Compress(input: Uint8Array): Buffer {
  const blockCount = Math.ceil(input.length / BLOCK_BYTES);
  const out = Buffer.allocUnsafe(7 + blockCount * (4 + lz4.compressBound(BLOCK_BYTES)) + 4);
  out.writeUInt32LE(MAGIC, 0);
  out[4] = FLG;
  out[5] = BD;
  out[6] = (xxh32.hash(0, out, 4, 2) >>> 8) & 0xff; // header checksum over FLG and BD
  let at = 7;
  const table = new Uint32Array(1 << 16);
  const scratch = new Uint8Array(lz4.compressBound(BLOCK_BYTES));
  for (let offset = 0; offset < input.length; offset += BLOCK_BYTES) {
    const length = Math.min(BLOCK_BYTES, input.length - offset);
    table.fill(0);
    const compressed = lz4.compressBlock(input, scratch, offset, length, table);
    if (compressed === 0 || compressed >= length) {
      out.writeUInt32LE((UNCOMPRESSED | length) >>> 0, at);
      out.set(input.subarray(offset, offset + length), at + 4);
      at += 4 + length;
    } else {
      out.writeUInt32LE(compressed, at);
      out.set(scratch.subarray(0, compressed), at + 4);
      at += 4 + compressed;
    }
  }
  out.writeUInt32LE(0, at); // end mark
  return out.subarray(0, at + 4);
}

export function lz4Decompress(input: Uint8Array): Buffer {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 7 || bytes.readUInt32LE(0) !== MAGIC) throw new Error('lz4: not an LZ4 frame (bad magic number)');
  const out = lz4.decompress(bytes);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
