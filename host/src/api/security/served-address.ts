/** Where the API is served: filled in once the server listens (the port may have been 0). */
export interface ServedAddress {
  scheme: 'http' | 'https';
  /** The bind address (`127.0.0.1`, `::1`, `0.0.0.0`, …). */
  bindHost: string;
  port: number;
}

/** Names and addresses that always mean this machine. `[::1]` is how a Host header writes ::1. */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for a loopback bind address or name: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Splits a Host header into name and port: `[::1]:8719` → `[::1]`, `8719`. */
export function splitHostHeader(value: string): { name: string; port?: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(value.trim().toLowerCase());
  return match ? { name: match[1], port: match[2] } : { name: value.toLowerCase() };
}

/** How an address is written in a URL authority: IPv6 in brackets. */
export const urlHost = (address: string) => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);
