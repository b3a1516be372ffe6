import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { ConfigIssue } from '@mstream/sdk';

export interface TlsFiles {
  cert: string;
  key: string;
}

/**
 * Reads `MSTREAM_TLS_CERT` and `MSTREAM_TLS_KEY` (PEM files) when either is set. Both must be
 * given, readable and a matching pair; every problem is an issue, so the CLI exits 2 before any
 * job starts rather than serving plain HTTP the operator did not mean.
 */
export function readTlsSettings(input: Partial<TlsFiles> | undefined, env: NodeJS.ProcessEnv = process.env): { tls?: { cert: Buffer; key: Buffer }; issues: ConfigIssue[] } {
  const certFile = input?.cert ?? env.MSTREAM_TLS_CERT;
  const keyFile = input?.key ?? env.MSTREAM_TLS_KEY;
  if (!certFile && !keyFile) return { issues: [] };
  const issues: ConfigIssue[] = [];
  const read = (file: string | undefined, name: string): Buffer | undefined => {
    if (!file) {
      issues.push({ path: name, message: `is required when ${name === 'MSTREAM_TLS_CERT' ? 'MSTREAM_TLS_KEY' : 'MSTREAM_TLS_CERT'} is set` });
      return undefined;
    }
    try {
      return readFileSync(file);
    } catch (error) {
      issues.push({ path: name, message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return undefined;
    }
  };
  const cert = read(certFile, 'MSTREAM_TLS_CERT');
  const key = read(keyFile, 'MSTREAM_TLS_KEY');
  if (!cert || !key) return { issues };
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    // OpenSSL's reason ("key values mismatch", "no start line") names the problem; never the key.
    issues.push({ path: 'MSTREAM_TLS_KEY', message: `not a usable PEM certificate and key pair: ${(error as Error).message}` });
    return { issues };
  }
  return { tls: { cert, key }, issues };
}
