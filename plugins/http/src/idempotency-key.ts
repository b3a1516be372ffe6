import { batchKey, type ConfigSchema, type StreamEvent } from '@mstream/sdk';

export const IDEMPOTENCY_KEY_SCHEMA: ConfigSchema = {
  type: 'boolean',
  default: true,
  'x-advanced': true,
  description: 'Send an Idempotency-Key header derived from the events\' source identities (the same on every retry and replay), so an endpoint that honours it does the work once. Off: no such header.',
};

/**
 * The `Idempotency-Key` header for one request: the key of its event, or of the batch's events
 * in order (see `batchKey`), scoped by the URL: a middleware and a sink posting the same event to
 * two endpoints of one API send two keys (APIs such as Stripe refuse a key reused for another
 * request). The value is a quoted string, as the IETF draft
 * (draft-ietf-httpapi-idempotency-key-header) defines it as a structured-field string. No header
 * when turned off or when an event has no source identity: a key that changed on replay would
 * make the endpoint do the work twice while promising the opposite.
 */
export function idempotencyHeader(events: readonly StreamEvent[], url: URL, enabled: boolean): Record<string, string> {
  if (!enabled) return {};
  const key = batchKey(events, `POST ${url.href}`);
  return key === undefined ? {} : { 'Idempotency-Key': `"${key}"` };
}
