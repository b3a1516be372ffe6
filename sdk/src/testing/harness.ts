import assert from 'node:assert/strict';
import type { Codecs } from '../codecs.js';
import type { Encoding, StreamEvent } from '../event.js';
import type { MstreamPlugin } from '../plugin.js';
import type { ServiceDefinition } from '../service.js';
import type { Sink, SinkDefinition } from '../sink.js';
import type { Source, SourceDefinition } from '../source.js';
import { ConfigValidator } from './config-validator.js';
import type { AcceptanceDriver, DriverIoContext } from './driver.js';
import { defaultPayload } from './io.js';
import { createJsonCodecs } from './json-codecs.js';
import { recordRegistration, type Registration } from './registration.js';
import { createTestContext, type TestContext } from './test-context.js';

/** An error a plugin threw during a case, kept for `errors.haveCodes`. */
export interface RecordedError {
  caseId: string;
  operation: string;
  error: unknown;
}

/** The driver with every default filled in, and a lazy plugin already loaded. */
export interface ResolvedDriver extends AcceptanceDriver {
  plugin: MstreamPlugin;
  encoding: Encoding;
  makePayload: (i: number) => Uint8Array;
  codecs: Codecs;
  readMs: number;
  caseMs: number;
}

export function resolveDriver(driver: AcceptanceDriver, plugin: MstreamPlugin): ResolvedDriver {
  return {
    ...driver,
    plugin,
    encoding: driver.encoding ?? 'json',
    makePayload: driver.makePayload ?? defaultPayload,
    codecs: driver.codecs ?? createJsonCodecs(),
    readMs: driver.timeouts?.readMs ?? 5000,
    caseMs: driver.timeouts?.caseMs ?? 20_000,
  };
}

/**
 * Drives one plugin for one case without the host: a fresh registration, a fresh context and a
 * fresh resource. Every plugin call goes through {@link Harness.call}, which records what it
 * throws; `dispose` closes whatever is still open (connectors, then services, then `onClose`
 * hooks), so a failing case does not leak into the next.
 */
export class Harness {
  readonly registration: Registration;
  readonly context: TestContext;
  readonly resource: string;
  private readonly validator = new ConfigValidator();
  private onCloseRan = false;
  private readonly cleanups: Array<{ operation: string; run: () => Promise<void> | void }> = [];

  constructor(
    readonly driver: ResolvedDriver,
    readonly caseId: string,
    readonly testId: string,
    private readonly errors: RecordedError[],
  ) {
    this.registration = recordRegistration(driver.plugin);
    this.context = createTestContext({ pluginId: driver.plugin.id, jobName: `acceptance-${testId}`, codecs: driver.codecs });
    this.resource = driver.resource(testId);
  }

  get serviceDef(): ServiceDefinition<Record<string, unknown>, unknown> {
    const definition = this.registration.services.get(this.driver.provider);
    assert.ok(definition, `plugin "${this.driver.plugin.id}" registers no service "${this.driver.provider}"`);
    return definition;
  }

  get sourceDef(): SourceDefinition<unknown, Record<string, unknown>> | undefined {
    return this.registration.sources.get(this.driver.provider);
  }

  get sinkDef(): SinkDefinition<unknown, Record<string, unknown>> | undefined {
    return this.registration.sinks.get(this.driver.provider);
  }

  /** Runs a plugin call, recording anything it throws under `operation` before rethrowing. */
  async call<T>(operation: string, work: () => Promise<T> | T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.errors.push({ caseId: this.caseId, operation, error });
      throw error;
    }
  }

  /** Validates `config` (defaults applied) and connects; the handle is closed by `dispose`. */
  async connect(config: Record<string, unknown> = this.driver.service()): Promise<unknown> {
    const definition = this.serviceDef;
    const parsed = this.validator.parse(definition.configSchema, config, 'service');
    const handle = await this.call('service.connect', () => definition.connect(parsed, this.context));
    this.cleanups.push({ operation: 'service.close', run: () => this.closeService(handle) });
    return handle;
  }

  async closeService(handle: unknown): Promise<void> {
    const close = this.serviceDef.close;
    if (close) await this.call('service.close', () => close.call(this.serviceDef, handle));
  }

  io(handle: unknown): DriverIoContext {
    return { handle, resource: this.resource };
  }

  /** Creates and opens a source at `position`; closed by `dispose` unless the case closes it. */
  async openSource(handle: unknown, position?: Uint8Array): Promise<Source> {
    const definition = this.sourceDef;
    assert.ok(definition, `plugin registers no source "${this.driver.provider}"`);
    const options = this.options(definition.optionsSchema, this.driver.sourceOptions, 'source.options');
    const raw = await this.call('source.create', () =>
      definition.create({ service: handle, resource: this.resource, options, context: this.context, encoding: this.driver.encoding ?? "json" }),
    );
    const source: Source = {
      open: (pos, signal) => this.call('source.open', () => raw.open(pos, signal)),
      read: (max, signal) => this.call('source.read', () => raw.read(max, signal)),
      ack: (positions) => this.call('source.ack', () => raw.ack(positions)),
      close: () => this.call('source.close', () => raw.close()),
    };
    this.cleanups.push({ operation: 'source.close', run: () => source.close() });
    await source.open(position, AbortSignal.timeout(this.driver.caseMs));
    return source;
  }

  /** Creates and opens a sink; closed by `dispose` unless the case closes it. */
  async openSink(handle: unknown): Promise<Sink> {
    const definition = this.sinkDef;
    assert.ok(definition, `plugin registers no sink "${this.driver.provider}"`);
    const options = this.options(definition.optionsSchema, this.driver.sinkOptions, 'sink.options');
    const raw = await this.call('sink.create', () =>
      definition.create({ service: handle, resource: this.resource, options, context: this.context, encoding: this.driver.encoding ?? "json" }),
    );
    const sink: Sink = {
      write: (events: StreamEvent[], signal: AbortSignal) => this.call('sink.write', () => raw.write(events, signal)),
      close: () => this.call('sink.close', () => raw.close()),
    };
    this.cleanups.push({ operation: 'sink.close', run: () => sink.close() });
    if (raw.open) await this.call('sink.open', () => raw.open!(AbortSignal.timeout(this.driver.caseMs)));
    return sink;
  }

  /** Closes everything still open, newest first, then runs the plugin's `onClose` hooks. Never throws. */
  async dispose(): Promise<void> {
    for (const cleanup of this.cleanups.reverse()) {
      try {
        await cleanup.run();
      } catch {
        // Already recorded by `call`; a cleanup failure must not hide the case's own result.
      }
    }
    await this.runOnClose().catch(() => undefined);
    this.context.dispose();
  }

  /** Runs the plugin's `onClose` hooks in reverse registration order, once, as host shutdown does. */
  async runOnClose(): Promise<void> {
    if (this.onCloseRan) return;
    this.onCloseRan = true;
    for (const hook of [...this.registration.onClose].reverse()) await this.call('plugin.onClose', hook);
  }

  private options(
    schema: SourceDefinition['optionsSchema'],
    make: ((testId: string) => Record<string, unknown>) | undefined,
    prefix: string,
  ): Record<string, unknown> {
    const options = make?.(this.testId) ?? {};
    return schema ? this.validator.parse(schema, options, prefix) : options;
  }
}
