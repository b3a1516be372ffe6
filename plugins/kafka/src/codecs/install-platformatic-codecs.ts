import { compressionsAlgorithms } from '@platformatic/kafka';
import { lz4Compress, lz4Decompress } from './lz4-frame.js';
import { snappyCompress, snappyDecompress } from './snappy-xerial.js';
import { zstdCompressLoaded, zstdDecompress } from './zstd-codec.js';

type Codec = { compressSync(data: Bytes): Buffer; decompressSync(data: Bytes): Buffer; available: boolean };
/** The table's codecs may be handed the library's DynamicBuffer (a list of chunks) instead of a Buffer. */
type Bytes = Buffer | { buffer: Buffer };
const bytes = (data: Bytes): Buffer => (Buffer.isBuffer(data) ? data : data.buffer);

/**
 * Gives @platformatic/kafka the plugin's own codecs, the ones kafkajs uses: its zstd needs
 * node:zlib's zstd (Node 22.15+), absent on Node 20, and the same Snappy/LZ4 framing on both
 * clients keeps one interop proof (test/kafka/kafka-compression.test.ts) valid for both.
 * @platformatic/kafka keeps codecs in one module-wide table, read by name when producing and by
 * bitmask when fetching (both index the same objects): installing is global to the process, once.
 * zstd compresses synchronously there, so its producers load the compressor first (`zstdReady`).
 */
let installed = false;

export function installPlatformaticCodecs(): void {
  if (installed) return;
  installed = true;
  const table = compressionsAlgorithms as unknown as Record<'snappy' | 'lz4' | 'zstd', Codec>;
  Object.assign(table.snappy, { compressSync: (d: Bytes) => snappyCompress(bytes(d)), decompressSync: (d: Bytes) => snappyDecompress(bytes(d)), available: true });
  Object.assign(table.lz4, { compressSync: (d: Bytes) => lz4Compress(bytes(d)), decompressSync: (d: Bytes) => lz4Decompress(bytes(d)), available: true });
  Object.assign(table.zstd, { compressSync: (d: Bytes) => zstdCompressLoaded(bytes(d)), decompressSync: (d: Bytes) => zstdDecompress(bytes(d)), available: true });
}
