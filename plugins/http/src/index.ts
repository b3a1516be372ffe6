import { defineLazyPlugin } from '@mstream/sdk';

/**
 * HTTP: POST sink, transform middleware and a listener source, with retries and backoff. See
 * README.md.
 *
 * The entry imports only the SDK: the host reads the id and `provides` at discovery and imports
 * plugin.ts the first time one of these providers is used.
 */
export default defineLazyPlugin({
  id: 'http',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'HTTP',
  description: 'POSTs events to HTTP endpoints, transforms them through one, or receives them on a listener.',
  provides: ['service:http', 'source:http', 'sink:http', 'middleware:http'],
  load: () => import('./plugin.js').then((m) => m.default),
});

export { joinUrl } from './http-request.js';
