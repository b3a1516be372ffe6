// Worker-thread entry: owns one QuickJsEngine and answers `run` messages in order. Killing this
// thread (worker.terminate) is the backstop when QuickJS's own interrupt does not fire in time.
import { parentPort, workerData } from 'node:worker_threads';
import { QuickJsEngine, type EngineLimits, type EngineVariant } from './quickjs-engine.js';
import type { WorkerReply, WorkerRequest } from './sandbox.js';

const init = workerData as { source: string; filename: string; limits: EngineLimits; variant: EngineVariant };
const port = parentPort!;
const { engine, diagnostics } = await QuickJsEngine.create(init.source, init.filename, init.limits, init.variant);
port.postMessage({ type: 'ready', diagnostics } satisfies WorkerReply);
port.on('message', (message: WorkerRequest) => {
  if (!engine) return;
  const output = engine.call(message.dataJson, message.attrsJson, message.batchMode);
  port.postMessage({ type: 'output', id: message.id, output } satisfies WorkerReply);
});
