import type { Context } from 'koa';
import { apiError } from './api-error.js';

/**
 * Reads a JSON request body with a size limit. Over the limit → 413 (the rest is not read);
 * malformed JSON → 400 naming the position.
 */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes) throw apiError('MS_ERR_PAYLOAD_TOO_LARGE', `request body is ${declared} bytes; the limit is ${limitBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      ctx.req.destroy();
      throw apiError('MS_ERR_PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${limitBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw apiError('MS_ERR_BAD_REQUEST', 'request body is empty; send a JSON document');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw apiError('MS_ERR_BAD_REQUEST', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw apiError('MS_ERR_BAD_REQUEST', `${what} must be a JSON object`);
  return body as Record<string, unknown>;
}
