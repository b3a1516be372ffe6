import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** AES-256-GCM with a fresh 96-bit nonce per message; the 16-byte tag travels with the data. */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`encryption key must be 32 bytes (64 hex characters), got ${key.length} bytes`);
  }

  seal(plain: string): { nonce: string; data: string } {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { nonce: nonce.toString('base64'), data: data.toString('base64') };
  }

  open(sealed: { nonce: string; data: string }): string {
    const raw = Buffer.from(sealed.data, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.nonce, 'base64'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
  }
}

/**
 * Finds the key: `MSTREAM_ENC_KEY` (hex) first, else the key file, which is generated with mode
 * 0600 on first use. Returns whether a new key was generated so the caller can warn to back it up.
 */
export async function loadEncryptionKey(keyFile: string, env = process.env): Promise<{ key: Buffer; generated: boolean; source: string }> {
  const fromEnv = env.MSTREAM_ENC_KEY?.trim();
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('MSTREAM_ENC_KEY must be 64 hex characters (a 32-byte AES-256 key)');
    return { key: Buffer.from(fromEnv, 'hex'), generated: false, source: 'MSTREAM_ENC_KEY' };
  }
  try {
    const text = (await readFile(keyFile, 'utf8')).trim();
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`key file ${keyFile} must hold 64 hex characters`);
    return { key: Buffer.from(text, 'hex'), generated: false, source: keyFile };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(path.dirname(keyFile), { recursive: true });
  await writeFile(keyFile, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, generated: true, source: keyFile };
}
