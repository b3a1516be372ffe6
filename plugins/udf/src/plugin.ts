import { definePlugin } from '@mstream/sdk';
import { udfMiddleware } from './udf-middleware.js';
import { udfResources } from './udf-resources.js';
import { udfService } from './udf-service.js';
import { udfScriptEngine } from './udf-script-engine.js';

/** The implementation the lazy entry (index.ts) loads on first use; tests import it directly. */
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

