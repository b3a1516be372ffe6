import { MstreamError, type ResourcesDefinition } from '@mstream/sdk';
import { QuickJsEngine } from './sandbox/quickjs-engine.js';
import { assertScriptName } from './script-name.js';
import type { ScriptStore } from './script-store.js';

/**
 * Lists, reads and writes the scripts of a `udf` service. `write` compiles the script first and
 * refuses one that does not compile or has no `transform` function (MS_ERR_BAD_REQUEST, with
 * the line), so a broken script is caught when it is saved rather than when a job starts.
 */
export const udfResources: ResourcesDefinition<ScriptStore> = {
  provider: 'udf',
  create: (store) => ({
    async list() {
      return (await store.list()).map(({ name, bytes }) => ({ name, resource_type: 'script', details: { bytes } }));
    },
    async read(name) {
      assertScriptName(name, 'resource');
      return store.read(name);
    },
    async write(name, content) {
      try {
        assertScriptName(name, 'resource');
      } catch (error) {
        throw new MstreamError('MS_ERR_BAD_REQUEST', (error as Error).message);
      }
      const { engine, diagnostics } = await QuickJsEngine.create(content, name, { timeoutMs: 1000, memoryLimitMb: 64 });
      engine?.dispose();
      if (diagnostics.length) {
        const d = diagnostics[0];
        throw new MstreamError('MS_ERR_BAD_REQUEST', `script "${name}"${d.line ? ` line ${d.line}` : ''}: ${d.message}`, { details: { diagnostics } });
      }
      await store.write(name, content);
    },
  }),
};
