import snappy from 'snappyjs';

/**
 * Snappy as Kafka's Java clients write it: snappy-java's stream format ("xerial" framing), a
 * 16-byte header then blocks of [int32 BE compressed length][raw Snappy block], each block at
 * most 32 KiB uncompressed (snappy-java's default). Reading also accepts a bare Snappy block,
 * which some non-Java producers send and the Java consumer accepts too.
 */
const MAGIC = Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00);
const HEADER_BYTES = 16;
const BLOCK_BYTES = 32 * 1024;

export function snappyCompress(input: Uint8Array): Buffer {
  const parts: Uint8Array[] = [header()];
  for (let offset = 0; offset < input.length; offset += BLOCK_BYTES) {
    const block = snappy.compress(input.subarray(offset, Math.min(offset + BLOCK_BYTES, input.length)));
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

export function snappyDecompress(input: Uint8Array): Buffer {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!isXerial(bytes)) return Buffer.from(snappy.uncompress(bytes));
  const parts: Uint8Array[] = [];
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new Error(`snappy: truncated block header at byte ${offset}`);
    const length = bytes.readUInt32BE(offset);
    offset += 4;
    if (offset + length > bytes.length) throw new Error(`snappy: block at byte ${offset} claims ${length} bytes, ${bytes.length - offset} left`);
    parts.push(snappy.uncompress(bytes.subarray(offset, offset + length)));
    offset += length;
  }
  return Buffer.concat(parts);
}

function header(): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.set(MAGIC, 0);
  bytes.writeInt32BE(1, 8); // format version
  bytes.writeInt32BE(1, 12); // oldest version that can read it
  return bytes;
}

function isXerial(bytes: Buffer): boolean {
  return bytes.length >= HEADER_BYTES && MAGIC.every((b, i) => bytes[i] === b);
}
