import kafkajs from 'kafkajs';
import { lz4Compress, lz4Decompress } from './lz4-frame.js';
import { snappyCompress, snappyDecompress } from './snappy-xerial.js';
import { zstdCompress, zstdDecompress } from './zstd-codec.js';

const { CompressionCodecs, CompressionTypes } = kafkajs;

/** Compression names as Kafka's `compression.type` spells them. */
export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const COMPRESSION_TYPES: Record<Compression, number> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** kafkajs hands a codec the encoder of the uncompressed record set. */
interface Encoder {
  buffer: Buffer;
}

/**
 * Gives kafkajs the codecs it lacks (it ships gzip only and throws on any other batch), so a
 * source reads topics whatever their producers or brokers compress with, and a sink can write
 * all of Kafka's codecs. kafkajs keeps codecs in one module-wide table: installing is global to
 * the process, and done once (a later call leaves the table as it is).
 */
let installed = false;

export function installCodecs(): void {
  if (installed) return;
  installed = true;
  CompressionCodecs[CompressionTypes.Snappy] = () => ({
    compress: async (encoder: Encoder) => snappyCompress(encoder.buffer),
    decompress: async (buffer: Buffer) => snappyDecompress(buffer),
  });
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: Encoder) => lz4Compress(encoder.buffer),
    decompress: async (buffer: Buffer) => lz4Decompress(buffer),
  });
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: Encoder) => zstdCompress(encoder.buffer),
    decompress: async (buffer: Buffer) => zstdDecompress(buffer),
  });
}
