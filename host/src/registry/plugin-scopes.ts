import 'reflect-metadata';
import path from 'node:path';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import { assertId } from '../config/ids.js';
import { NotFoundError, tokens, type Codecs, type Logger, type PluginContext, type Token } from '@mstream/sdk';

/**
 * One tsyringe child container per plugin (Backstage's plugin scope). The host's own container
 * holds what every plugin shares (codecs, clock); each child adds the plugin's labelled logger
 * and data folder. Plugins only ever see `resolve` on their own child, never the global container.
 */
export class PluginScopes {
  private readonly root: DependencyContainer;
  private readonly scopes = new Map<string, DependencyContainer>();

  constructor(
    private readonly logger: Logger,
    private readonly codecs: Codecs,
    private readonly dataDir: string,
  ) {
    this.root = globalContainer.createChildContainer();
    this.root.register(tokens.codecs, { useValue: codecs });
    this.root.register(tokens.clock, { useValue: { now: () => Date.now() } });
  }

  scope(pluginId: string): DependencyContainer {
    let scope = this.scopes.get(pluginId);
    if (!scope) {
      // The id names the plugin's data folder: never a path (SDK ids are kebab-case already;
      // this holds for plugin objects registered without definePlugin too).
      assertId(pluginId, 'plugin id');
      scope = this.root.createChildContainer();
      scope.register(tokens.logger, { useValue: this.logger.child({ target: `plugin:${pluginId}` }) });
      scope.register(tokens.dataDir, { useValue: path.join(this.dataDir, 'plugin-data', pluginId) });
      this.scopes.set(pluginId, scope);
    }
    return scope;
  }

  /** A context for calls into `pluginId`, optionally with extra log bindings (e.g. the job). */
  context(pluginId: string, bindings: Record<string, unknown> = {}): PluginContext {
    const scope = this.scope(pluginId);
    const base = scope.resolve<Logger>(tokens.logger);
    return {
      pluginId,
      logger: Object.keys(bindings).length ? base.child(bindings) : base,
      codecs: this.codecs,
      resolve<T>(token: Token<T>): T {
        if (!scope.isRegistered(token, true)) throw new NotFoundError(`nothing is registered for ${String(token.description ?? token.toString())}`);
        return scope.resolve<T>(token);
      },
    };
  }

  async dispose(): Promise<void> {
    for (const scope of this.scopes.values()) await scope.dispose();
    this.scopes.clear();
  }
}
