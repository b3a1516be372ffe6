import { isMstreamError, MstreamError, type ErrorCode } from '@mstream/sdk';
import type { ConnectorConfig, ServiceConfig } from '../config/config-types.js';
import type { PluginOrigin } from '../registry/plugin-registry.js';
import type { DeadLetter } from '../stores/store-types.js';

/**
 * What a task worker (task-worker.ts) is started with: everything it needs to build the job's
 * pipeline on its own, as plain data. Plugins are loaded again from their folders; services are
 * the stored configs the job references (secrets included: the worker is this process).
 */
export interface TaskWorkerData {
  connector: ConnectorConfig;
  task: number;
  services: ServiceConfig[];
  plugins: Array<{ dir: string; origin: PluginOrigin }>;
  dataDir: string;
  filesRoot: string;
  schemasResource?: string;
  stableHostId: string;
  stopGraceMs?: number;
  logLevel: string;
}

/** Host stores a task reaches through its parent: nothing else opens the embedded file stores. */
export type TaskCallMethod = 'checkpoints.latest' | 'checkpoints.save' | 'deadLetters.add' | 'built';

/** An error crossing the thread boundary: its message and, for an MstreamError, its code. */
export interface WireError {
  message: string;
  code?: ErrorCode;
}

/** Counters a task gained since its previous report (totals for the gauges). */
export interface MetricsDelta {
  events: number;
  bytes: number;
  errors: number;
  deadLetters: number;
  retries: number;
  lastSourceTimestamp?: number;
  inFlight: number;
  maxInFlight: number;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Parent → task. */
export type ToTask =
  | { type: 'stop' }
  | { type: 'reply'; id: number; value?: unknown; error?: WireError }
  | { type: 'redrive'; id: number; entry: DeadLetter };

/** Task → parent. */
export type FromTask =
  | { type: 'call'; id: number; method: TaskCallMethod; args: unknown[] }
  | { type: 'log'; level: LogLevel; bindings: Record<string, unknown>; obj: object; msg?: string }
  | { type: 'metrics'; delta: MetricsDelta }
  | { type: 'retrying'; stage: string; error: WireError; attempt: number }
  | { type: 'recovered' }
  /** A connector's ConnectorContext.health report: a reason for degraded, none for recovered. */
  | { type: 'health'; stage: string; reason?: string }
  | { type: 'reply'; id: number; error?: WireError }
  | { type: 'done'; error?: WireError };

export function toWire(error: unknown): WireError {
  const message = (error as Error)?.message ?? String(error);
  return isMstreamError(error) ? { message, code: error.code } : { message };
}

/** The error again on the other side: an MstreamError keeps its code (the job record shows it). */
export function fromWire(wire: WireError): Error {
  return wire.code ? new MstreamError(wire.code, wire.message) : new Error(wire.message);
}
