import type { Issue } from './types';

/** An API error exactly as the host reported it: `{ message, code, issues? }` plus the status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'mstream.token';

/** The API token lives in sessionStorage: it survives reloads but not the browser session. */
export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener = () => undefined;
/** The auth store registers here so any 401 anywhere opens the token prompt. */
export function setUnauthorizedListener(listener: UnauthorizedListener): void {
  onUnauthorized = listener;
}

let onForbidden: () => void = () => undefined;
/**
 * The auth store registers here: a 403 on a change may mean the token's role is not what the
 * dashboard last read (another sign-in replaced it), so the store reads `GET /auth/session` again.
 */
export function setForbiddenListener(listener: () => void): void {
  onForbidden = listener;
}

export function authHeaders(): Record<string, string> {
  const t = token.get();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

export interface RequestOptions {
  /**
   * Whether a 401 opens the token prompt (default true). Plugin installs answer 401 when the host
   * has no token at all: a prompt cannot help there, the page shows the host's message instead.
   */
  promptOnUnauthorized?: boolean;
}

/** One JSON request. Throws ApiError with the host's own message for every non-2xx answer. */
export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...authHeaders() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`cannot reach the mstream API: ${(error as Error).message}`, 0, 'NETWORK');
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Non-JSON bodies (Prometheus text) stay text.
  }
  if (!res.ok) {
    const err = (parsed ?? {}) as { message?: string; code?: string; issues?: Issue[] };
    if (res.status === 401 && options.promptOnUnauthorized !== false) onUnauthorized();
    // Only for changes: they are what the role decides, and the session read (a GET) cannot loop.
    if (res.status === 403 && method !== 'GET') onForbidden();
    throw new ApiError(err.message ?? `${res.status} ${res.statusText}`, res.status, err.code ?? `HTTP_${res.status}`, err.issues ?? []);
  }
  return parsed as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

/** Encodes one path segment (job and service names may hold dots). */
export const seg = (value: string) => encodeURIComponent(value);

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
