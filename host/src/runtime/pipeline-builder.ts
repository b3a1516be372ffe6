import { ConfigValidationError, type ConnectorContext, type ConnectorHealth, type ContributionKind, type Middleware, type Sink, type Source } from '@mstream/sdk';
import type { ConnectorConfig, StepConfig } from '../config/config-types.js';
import type { ServiceManager } from '../services/service-manager.js';
import type { PluginRegistry } from '../registry/plugin-registry.js';
import type { PluginScopes } from '../registry/plugin-scopes.js';
import type { OptionsValidator } from '../registry/options-validator.js';

export interface BuiltStep<T> {
  instance: T;
  step: StepConfig;
  /** `source`, `middlewares[0]`, `sinks[1]`: names stages in dead letters and errors. */
  stage: string;
  pluginId: string;
  provider: string;
  /**
   * Whether JSON this stage hands on unparsed is scanned for validity: the step's
   * `validate_json`, else on unless the plugin declares `validPayloads`. Never for sinks, whose
   * input was checked where it was produced.
   */
  checkJson: boolean;
}

export interface BuiltPipeline {
  source: BuiltStep<Source>;
  middlewares: BuiltStep<Middleware>[];
  sinks: BuiltStep<Sink>[];
  /** Plugin versions this run uses, recorded on the job. */
  pluginVersions: Record<string, string>;
}

/** Dry runs: a source's trouble reports go nowhere (the dry run answers with what it read, or its error). */
const IGNORED_HEALTH: ConnectorHealth = { degraded: () => undefined, recovered: () => undefined };

export interface BuildDeps {
  /** This host's identity across restarts (ConnectorContext.hostId). */
  stableHostId: string;
  services: ServiceManager;
  registry: PluginRegistry;
  scopes: PluginScopes;
  validator: OptionsValidator;
  /** Where a step reports trouble its client retries on its own (ConnectorContext.health); absent in dry runs. */
  health?: (stage: string) => ConnectorHealth;
}

/**
 * A dry run (POST /jobs/dry-run): the source is created with `context.dryRun`, and each sink's
 * options are validated as for the job but `sinkStub(stage)` stands in for the sink itself.
 */
export interface DryRunBuild {
  sinkStub(stage: string, step: StepConfig): Sink;
}

/**
 * Creates the source, middleware and sink instances of a job (no I/O besides connecting the
 * services). If anything fails, whatever was already created is closed before rethrowing.
 */
export async function buildPipeline(connector: ConnectorConfig, batch: ConnectorContext['batch'], deps: BuildDeps, dryRun?: DryRunBuild): Promise<BuiltPipeline> {
  const created: Array<{ close?: () => Promise<void> }> = [];
  const pluginVersions: Record<string, string> = {};
  const build = async <T>(kind: ContributionKind, step: StepConfig, stage: string): Promise<BuiltStep<T>> => {
    const connected = await deps.services.connect(step.service_name);
    const contribution = deps.registry.get(kind, connected.provider);
    if (!contribution) throw new ConfigValidationError([{ path: `${stage}.service_name`, message: `provider "${connected.provider}" has no ${kind}` }]);
    const definition = contribution.definition as unknown as {
      optionsSchema?: Parameters<OptionsValidator['validate']>[0];
      validPayloads?: boolean;
      create(init: unknown): T | Promise<T>;
    };
    const options = structuredClone(step.options ?? {});
    if (definition.optionsSchema) {
      const issues = deps.validator.validate(definition.optionsSchema, options, `${stage}.options`);
      if (issues.length) throw new ConfigValidationError(issues);
    }
    const base = deps.scopes.context(contribution.pluginId, { job_name: connector.name, stage });
    const context: ConnectorContext = {
      ...base,
      jobName: connector.name,
      batch,
      delivery: connector.delivery ?? 'at_least_once',
      hostId: deps.stableHostId,
      health: deps.health?.(stage) ?? IGNORED_HEALTH,
      ...(dryRun && kind === 'source' ? { dryRun: true } : {}),
    };
    const encoding = kind === 'source' ? (step.input_encoding ?? step.output_encoding) : step.output_encoding;
    const instance =
      dryRun && kind === 'sink'
        ? (dryRun.sinkStub(stage, step) as T)
        : await definition.create({ service: connected.handle, resource: step.resource, options, context, encoding });
    created.push(instance as { close?: () => Promise<void> });
    const plugin = deps.registry.record(contribution.pluginId);
    if (plugin) pluginVersions[plugin.id] = plugin.version;
    const checkJson = kind !== 'sink' && (step.validate_json ?? definition.validPayloads !== true);
    return { instance, step, stage, pluginId: contribution.pluginId, provider: connected.provider, checkJson };
  };
  try {
    const source = await build<Source>('source', connector.source, 'source');
    const middlewares: BuiltStep<Middleware>[] = [];
    for (const [i, step] of (connector.middlewares ?? []).entries()) middlewares.push(await build('middleware', step, `middlewares[${i}]`));
    const sinks: BuiltStep<Sink>[] = [];
    for (const [i, step] of connector.sinks.entries()) sinks.push(await build('sink', step, `sinks[${i}]`));
    return { source, middlewares, sinks, pluginVersions };
  } catch (error) {
    await Promise.allSettled(created.map((c) => c.close?.()));
    throw error;
  }
}
