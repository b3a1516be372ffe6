import { decompress as fzstdDecompress } from 'fzstd';

/**
 * Zstandard: fzstd (pure JS) reads any frame, including the streamed frames without a content
 * size that Kafka's Java clients write; the WebAssembly build of the reference library writes
 * (level 3, zstd's default). Node 20's zlib has no zstd.
 */
let wasm: Promise<typeof import('@bokuweb/zstd-wasm')> | undefined;

function zstdWasm(): Promise<typeof import('@bokuweb/zstd-wasm')> {
  wasm ??= import('@bokuweb/zstd-wasm').then(async (module) => {
    await module.init();
    return module;
  });
  return wasm;
}

let loaded: typeof import('@bokuweb/zstd-wasm') | undefined;

export async function zstdCompress(input: Uint8Array): Promise<Buffer> {
  loaded ??= await zstdWasm();
  return zstdCompressLoaded(input);
}

/** Loads the WebAssembly compressor, for callers that must compress synchronously afterwards. */
export async function zstdReady(): Promise<void> {
  loaded ??= await zstdWasm();
}

/** Synchronous compression; {@link zstdReady} must have resolved first. */
export function zstdCompressLoaded(input: Uint8Array): Buffer {
  if (!loaded) throw new Error('the zstd compressor is not loaded yet (zstdReady)');
  const out = loaded.compress(input, 3);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function zstdDecompress(input: Uint8Array): Buffer {
  const out = fzstdDecompress(input);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
