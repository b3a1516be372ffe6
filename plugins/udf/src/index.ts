import { definePlugin } from '@mstream/sdk';
import { udfMiddleware } from './udf-middleware.js';
import { udfResources } from './udf-resources.js';
import { udfService } from './udf-service.js';
import { udfScriptEngine } from './udf-script-engine.js';

/** Sandboxed JavaScript UDFs (QuickJS): a `udf` service of scripts and the `udf` middleware. See README.md. */
export default definePlugin({
  id: 'udf',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'JavaScript UDF',
  description: 'Transforms events with sandboxed JavaScript scripts (QuickJS), with masking and aggregation helpers.',
  register(points) {
    points.service(udfService);
    points.middleware(udfMiddleware);
    points.resources(udfResources);
    points.scriptEngine(udfScriptEngine);
  },
});

export { createScriptRunner, ScriptError } from './script-runner.js';
export type { ScriptInput, ScriptOutput, ScriptRunner, ScriptRunnerOptions, ScriptValidation } from './script-runner.js';
export type { ScriptDiagnostic, EngineVariant, Transport } from './sandbox/quickjs-engine.js';
export type { Isolation } from './sandbox/sandbox.js';
