import { defineLazyPlugin } from '@mstream/sdk';

/**
 * Sandboxed JavaScript UDFs (QuickJS): a `udf` service of scripts and the `udf` middleware. See
 * README.md.
 *
 * The entry imports only the SDK: the host reads the id and `provides` at discovery and imports
 * plugin.ts (and with it the client library) the first time one of these providers is used.
 */
export default defineLazyPlugin({
  id: 'udf',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'JavaScript UDF',
  description: 'Transforms events with sandboxed JavaScript scripts (QuickJS), with masking and aggregation helpers.',
  provides: ['service:udf', 'middleware:udf', 'resources:udf', 'engine:javascript'],
  load: () => import('./plugin.js').then((m) => m.default),
});

// The script runner (a library API, see README.md) lives at '@mstream/plugin-udf/script-runner':
// exporting it from here would import QuickJS with the entry. Types cost nothing at run time.
export type { ScriptInput, ScriptOutput, ScriptRunner, ScriptRunnerOptions, ScriptValidation } from './script-runner.js';
export type { ScriptDiagnostic, EngineVariant, Transport } from './sandbox/quickjs-engine.js';
export type { Isolation } from './sandbox/sandbox.js';
