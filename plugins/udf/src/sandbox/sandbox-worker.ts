// Worker-thread entry: owns one QuickJsEngine and answers `run` messages in order. Killing this
// thread (worker.terminate) is the backstop when QuickJS's own interrupt does not fire in time.
import { parentPort, workerData } from 'node:worker_threads';
import { QuickJsEngine, type EngineBuild, type EngineLimits } from './quickjs-engine.js';
import { execute, transferList, type WorkerReply, type WorkerRequest } from './sandbox.js';

const init = workerData as { source: string; filename: string; limits: EngineLimits; build: EngineBuild };
const port = parentPort!;
const { engine, diagnostics } = await QuickJsEngine.create(init.source, init.filename, init.limits, init.build);
port.postMessage({ type: 'ready', diagnostics, binary: engine?.binary ?? false, independent: engine?.independent ?? false } satisfies WorkerReply);
port.on('message', (message: WorkerRequest) => {
  if (!engine) return;
  if ('stage' in message) return engine.stage(message.stage.callId, message.stage.bytes);
  const output = execute(engine, message.call, message.batchMode);
  // Output bytes are buffers of their own: moved to the caller's thread, not copied.
  port.postMessage({ type: 'output', id: message.id, output } satisfies WorkerReply, transferList(output));
});
