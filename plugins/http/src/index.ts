import { definePlugin } from '@mstream/sdk';
import { httpMiddleware } from './http-middleware.js';
import { httpService } from './http-service.js';
import { httpSink } from './http-sink.js';
import { httpSource } from './http-source.js';

/** HTTP: POST sink, transform middleware and a listener source, with retries and backoff. See README.md. */
export default definePlugin({
  id: 'http',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'HTTP',
  description: 'POSTs events to HTTP endpoints, transforms them through one, or receives them on a listener.',
  register(points) {
    points.service(httpService);
    points.source(httpSource);
    points.sink(httpSink);
    points.middleware(httpMiddleware);
  },
});

export { joinUrl } from './http-request.js';
