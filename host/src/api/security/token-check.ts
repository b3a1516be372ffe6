import { createHash, timingSafeEqual } from 'node:crypto';

/** A role a request acts with: what its token allows. `none`: the host has no tokens at all. */
export type Role = 'admin' | 'read' | 'none';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Finds which role a presented token has. Every configured token is compared, each in constant
 * time over SHA-256 digests (equal lengths, so neither the content nor the length of a token leaks
 * through timing), and the loop never exits early.
 */
export class TokenCheck {
  private readonly admin: Buffer[];
  private readonly read: Buffer[];

  constructor(adminTokens: string[], readTokens: string[]) {
    this.admin = adminTokens.map(digest);
    this.read = readTokens.map(digest);
  }

  roleOf(presented: string): Exclude<Role, 'none'> | undefined {
    const given = digest(presented);
    let admin = false;
    let read = false;
    for (const token of this.admin) admin = timingSafeEqual(given, token) || admin;
    for (const token of this.read) read = timingSafeEqual(given, token) || read;
    return admin ? 'admin' : read ? 'read' : undefined;
  }
}
