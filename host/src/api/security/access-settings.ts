import { readFileSync } from 'node:fs';
import type { ConfigIssue } from '@mstream/sdk';

/** Who may call the API and from where: the tokens and the lists the guards check. */
export interface AccessSettings {
  /** `MSTREAM_API_TOKEN`: may do everything. */
  adminTokens: string[];
  /** `MSTREAM_API_READ_TOKEN`: GET and HEAD only. */
  readTokens: string[];
  /** `MSTREAM_API_ALLOWED_ORIGINS`: browser origins besides the host's own that may change things. */
  allowedOrigins: string[];
  /** `MSTREAM_API_ALLOWED_HOSTS`: `Host` names besides the loopback ones that the host answers. */
  allowedHosts: string[];
}

export interface AccessInput {
  apiToken?: string;
  readTokens?: string[];
  allowedOrigins?: string[];
  allowedHosts?: string[];
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Tokens from `NAME` or, for Kubernetes secrets mounted as files, from the file `NAME_FILE`
 * (a comma or newline separated list for read tokens). Unreadable files are issues, so the CLI
 * exits 2 before anything starts instead of running without the token the operator meant.
 */
function tokensFrom(env: NodeJS.ProcessEnv, name: string, several: boolean, issues: ConfigIssue[]): string[] {
  const file = env[`${name}_FILE`];
  let text = env[name];
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      issues.push({ path: `${name}_FILE`, message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return [];
    }
  }
  if (several) return (text ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  const token = text?.trim();
  return token ? [token] : [];
}

/** Reads the settings from explicit options first, then the environment. */
export function readAccessSettings(input: AccessInput, env: NodeJS.ProcessEnv = process.env): { settings: AccessSettings; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const adminTokens = input.apiToken !== undefined ? [input.apiToken].filter(Boolean) : tokensFrom(env, 'MSTREAM_API_TOKEN', false, issues);
  const readTokens = input.readTokens ?? tokensFrom(env, 'MSTREAM_API_READ_TOKEN', true, issues);
  if (readTokens.some((t) => adminTokens.includes(t))) issues.push({ path: 'MSTREAM_API_READ_TOKEN', message: 'a read token must differ from the admin token' });
  const allowedOrigins = (input.allowedOrigins ?? list(env.MSTREAM_API_ALLOWED_ORIGINS)).map((o) => o.replace(/\/+$/, '').toLowerCase());
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) issues.push({ path: 'MSTREAM_API_ALLOWED_ORIGINS', message: `"${origin}" is not an origin (scheme://host[:port])` });
  }
  const allowedHosts = (input.allowedHosts ?? list(env.MSTREAM_API_ALLOWED_HOSTS)).map((h) => h.toLowerCase());
  return { settings: { adminTokens, readTokens, allowedOrigins, allowedHosts }, issues };
}

/** True when any token is configured: requests must then authenticate. */
export const tokensRequired = (settings: AccessSettings) => settings.adminTokens.length + settings.readTokens.length > 0;
