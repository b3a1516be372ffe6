import { DataError, type Encoding, type Middleware, type MiddlewareDefinition, type StreamEvent } from '@mstream/sdk';
import { attributeHeaders, CONTENT_TYPES, encodingOf, headerAttributes, joinUrl, postWithRetry, requireBase, type HttpReply } from './http-request.js';
import type { HttpService } from './http-service.js';
import { BATCH_MODE_SCHEMA, jsonArrayBody, type HttpStepOptions } from './http-sink.js';

/**
 * Sends events to a transform endpoint and continues with its answers. The response's
 * Content-Type decides the output encoding (bytes are never read as text); `X-` response headers
 * are merged into the attributes; 204 drops the event; in array mode a JSON array answer becomes
 * one event per element.
 */
class HttpMiddleware implements Middleware {
  constructor(
    private readonly service: HttpService,
    private readonly url: URL,
    private readonly options: HttpStepOptions,
  ) {}

  async transform(events: StreamEvent[], signal: AbortSignal): Promise<StreamEvent[]> {
    if (events.length === 0) return [];
    if (this.options.batch_mode === 'array') {
      const reply = await postWithRetry(this.service, this.url, jsonArrayBody(events), { 'Content-Type': CONTENT_TYPES.json }, signal);
      return this.toEvents(reply, events[events.length - 1], true);
    }
    const out: StreamEvent[] = [];
    for (const event of events) {
      const headers = { ...attributeHeaders(event.attributes), 'Content-Type': CONTENT_TYPES[event.encoding] };
      out.push(...this.toEvents(await postWithRetry(this.service, this.url, event.payload, headers, signal), event, false));
    }
    return out;
  }

  private toEvents(reply: HttpReply, origin: StreamEvent, split: boolean): StreamEvent[] {
    if (reply.status === 204 || reply.body.byteLength === 0) return [];
    const encoding: Encoding = encodingOf(reply.headers.get('content-type')) ?? origin.encoding;
    const attributes = { ...origin.attributes, ...headerAttributes(reply.headers) };
    if (split && encoding === 'json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(reply.body).toString('utf8'));
      } catch (error) {
        throw new DataError(`the transform endpoint answered invalid JSON: ${(error as Error).message}`);
      }
      if (Array.isArray(parsed)) {
        return parsed.map((item) => ({ ...origin, encoding, attributes, payload: Buffer.from(JSON.stringify(item)) }));
      }
    }
    return [{ ...origin, encoding, attributes, payload: reply.body }];
  }
}

/** The `http` middleware: POST to host + resource and carry on with the response. */
export const httpMiddleware: MiddlewareDefinition<HttpService, HttpStepOptions> = {
  provider: 'http',
  resourceLabel: 'path below host',
  optionsSchema: { type: 'object', additionalProperties: false, properties: { batch_mode: { ...BATCH_MODE_SCHEMA } } },
  create({ service, resource, options }) {
    return new HttpMiddleware(service, joinUrl(requireBase(service), resource), options);
  },
};
