// Types for the pure-JS codec packages that ship none (only what the codecs here use).

declare module 'snappyjs' {
  /** One raw Snappy block (no framing). */
  export function compress(input: Uint8Array): Uint8Array;
  export function uncompress(input: Uint8Array, maxLength?: number): Uint8Array;
}

declare module 'lz4js' {
  /** Decodes a whole LZ4 frame (any block size, dependent or independent blocks). */
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
  /** Compresses `src[sIndex, sIndex + sLength)` as one block into `dst`; 0 when it did not compress. */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  export function compressBound(n: number): number;
}

declare module 'lz4js/xxh32.js' {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}
