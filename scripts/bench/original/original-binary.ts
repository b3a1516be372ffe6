// Where the Rust original (mstream 0.47, the project we re-create) is built for benchmarks: a cache
// outside the repo, so one 16-minute build serves every later run. It is a reference to measure
// against, never code of ours; scripts/bench/original/build.sh builds it.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ORIGINAL_VERSION = '0.47';

export function originalCacheDir(): string {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(cache, `mstream-rs-${ORIGINAL_VERSION}`);
}

/** The built binary, or why it is not there (the benchmark prints this and skips the original's rows). */
export function findOriginalBinary(): { binary: string } | { missing: string } {
  const fromEnv = process.env.MSTREAM_BENCH_ORIGINAL_BIN;
  const binary = fromEnv ?? path.join(originalCacheDir(), 'target/release/mstream');
  if (existsSync(binary)) return { binary };
  return {
    missing: `the Rust original ${ORIGINAL_VERSION} is not built (no ${binary}); build it once with \`bash scripts/bench/original/build.sh\` (needs cargo, cmake, protoc; ~16 min on 2 cores) or point MSTREAM_BENCH_ORIGINAL_BIN at a binary`,
  };
}
