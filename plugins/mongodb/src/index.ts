import { defineLazyPlugin } from '@mstream/sdk';

/**
 * MongoDB: change-stream source, sink, collections and introspection, schema registry, system
 * stores. See README.md.
 *
 * The entry imports only the SDK: the host reads the id and `provides` at discovery and imports
 * plugin.ts (and with it the client library) the first time one of these providers is used.
 */
export default defineLazyPlugin({
  id: 'mongodb',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'MongoDB',
  description: 'Change streams (with optional initial snapshot) in, documents out; schema registry and system state on MongoDB.',
  provides: ['service:mongodb', 'source:mongodb', 'sink:mongodb', 'resources:mongodb', 'schemas:mongodb', 'store:mongodb'],
  load: () => import('./plugin.js').then((m) => m.default),
});
