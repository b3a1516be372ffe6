import {
  ConfigValidationError,
  DataError,
  isMstreamError,
  type Codecs,
  type Middleware,
  type MiddlewareDefinition,
  type StreamEvent,
} from '@mstream/sdk';
import { Buffer } from 'node:buffer';
import { toSandboxValue } from './ejson-bridge.js';
import { assertScriptName } from './script-name.js';
import { CompiledScript, PayloadError, ScriptError, type PayloadOutput } from './script-runner.js';
import { JsonText } from './sandbox/json-transcode.js';
import type { ScriptStore } from './script-store.js';

/** Step options as validated by the schema below. */
export interface UdfOptions {
  timeout_ms: number;
  memory_limit_mb: number;
  /** Unset: one sandbox, or one per core when the script declares its documents independent. */
  workers?: number;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Runs a script over every batch with one sandbox call. Output events keep the encoding of their
 * input (json in → json out, bson in → bson out); the host converts to the step's
 * `output_encoding` afterwards. Script failures become DataErrors, so the host isolates the bad
 * event, dead-letters it and carries on.
 */
class UdfMiddleware implements Middleware {
  /**
   * Two batches at once: this thread prepares the next batch while the sandbox thread runs the
   * current one. Each sandbox runs its calls in arrival order (one FIFO queue per sandbox, and
   * `transform` reaches it without yielding first), so scripts still see batches in order.
   */
  readonly concurrentBatches = 2;

  constructor(
    private readonly script: CompiledScript,
    private readonly codecs: Codecs,
    private readonly batchMode: boolean,
    /**
     * Whether a batch may be split across sandboxes: always in single mode; in batch mode when
     * `workers` > 1 is set, or when it is unset and the script declares its documents independent.
     */
    private readonly splittable: boolean,
    private readonly workers: number,
  ) {}

  async transform(events: StreamEvent[]): Promise<StreamEvent[]> {
    if (events.length === 0) return [];
    const splittable = !this.batchMode || this.splittable;
    const attributes = events.map((e) => e.attributes);
    let outputs: PayloadOutput[];
    try {
      // JSON events split across several sandboxes: each sandbox thread parses and encodes its
      // part too, in parallel. With one sandbox that work stays here, where it is cheaper (no
      // packing, pooled buffers) and in series either way.
      const allJson = events.every((e) => e.encoding === 'json');
      outputs = splittable && this.workers > 1 && allJson
        ? await this.script.runPayloads(events.map((e) => e.payload), attributes, this.batchMode, splittable)
        : await this.script.runPrepared(events.length, (i) => this.prepare(events[i]), attributes, this.batchMode, splittable, allJson);
    } catch (error) {
      if (error instanceof PayloadError) throw new DataError(error.message);
      if (error instanceof ScriptError) {
        throw new DataError(`udf ${error.message}`, { details: { script: this.script.filename, line: error.line, column: error.column } });
      }
      throw error;
    }
    return outputs.map((output) => {
      const from = events[output.origin];
      // Every output is derived from an input event (its position, id, key): the sandbox decides
      // origins, so one that names no input is the script's doing, never an event of its own.
      if (from === undefined) throw new DataError(`udf script ${this.script.filename} produced an output for event ${output.origin}, but the batch has ${events.length}`);
      if ('payload' in output) return { ...from, payload: output.payload, attributes: output.attributes };
      // Plain JSON (no BSON wrappers) skips the codec's type-aware replacer: same bytes, faster.
      const payload = output.plain && from.encoding === 'json' ? Buffer.from(JSON.stringify(output.data)) : this.encode(output.data, from.encoding);
      return { ...from, payload, attributes: output.attributes };
    });
  }

  async close(): Promise<void> {
    await this.script.dispose();
  }

  /** A JSON payload goes to the sandbox as its bytes (see json-transcode.ts), parsed only if it must be. */
  private prepare(event: StreamEvent): unknown {
    return event.encoding === 'json' ? new JsonText(event.payload, () => this.toDocument(event)) : this.toDocument(event);
  }

  private toDocument(event: StreamEvent): unknown {
    switch (event.encoding) {
      case 'json':
        try {
          return JSON.parse(textDecoder.decode(event.payload));
        } catch (error) {
          throw new DataError(`payload is not valid JSON: ${(error as Error).message}`);
        }
      case 'bson':
        return toSandboxValue(this.codecs.decode(event.payload, 'bson'));
      default:
        throw new DataError(`the udf middleware reads json or bson events, got ${event.encoding}: convert to json or bson in an earlier step`);
    }
  }

  private encode(data: unknown, encoding: StreamEvent['encoding']): Uint8Array {
    try {
      return this.codecs.encode(data, encoding);
    } catch (error) {
      if (isMstreamError(error)) throw error;
      throw new DataError(`cannot encode the script's result as ${encoding}: ${(error as Error).message}`);
    }
  }
}

/** The `udf` middleware: `resource` names a script of the service. */
export const udfMiddleware: MiddlewareDefinition<ScriptStore, UdfOptions> = {
  provider: 'udf',
  resourceLabel: 'script file name (*.js)',
  // Results are encoded here (JSON.stringify, the codecs, the sandbox's own writer), never raw bytes.
  validPayloads: true,
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      timeout_ms: { type: 'integer', minimum: 1, maximum: 60000, default: 1000, description: 'Time limit of one script call (one event, or one batch in batch mode).' },
      memory_limit_mb: { type: 'integer', minimum: 1, maximum: 1024, default: 64, description: 'Heap limit of the script sandbox.' },
      workers: {
        type: 'integer',
        minimum: 1,
        maximum: 8,
        description:
          'Sandbox threads. Unset: 1, or one per CPU core (up to 8) when the script declares `const independent = true;`. Above 1, a batch is split into parts run in parallel: only for scripts that treat each document independently.',
        'x-advanced': true,
      },
    },
  },
  async create({ service, resource, options, context }) {
    assertScriptName(resource, 'resource');
    let source: string;
    try {
      source = await service.read(resource);
    } catch (error) {
      throw new ConfigValidationError([{ path: 'resource', message: (error as Error).message }], { cause: error });
    }
    const script = new CompiledScript(source, {
      filename: resource,
      timeoutMs: options.timeout_ms,
      memoryLimitMb: options.memory_limit_mb,
      workers: options.workers ?? 'auto',
    });
    try {
      await script.start();
    } catch (error) {
      if (error instanceof ScriptError) {
        throw new ConfigValidationError([{ path: 'resource', message: error.message }], { details: { script: resource, line: error.line, column: error.column } });
      }
      throw error;
    }
    const workers = await script.parallelism();
    return new UdfMiddleware(script, context.codecs, context.batch.size > 1, workers > 1, workers);
  },
};
