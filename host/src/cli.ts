#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { isMstreamError } from '@mstream/sdk';
import { Host, HOST_VERSION } from './host.js';
import { printIssues } from './cli/print-issues.js';
import { PLUGINS_HELP } from './cli/plugins-help.js';
import { parseArgs, portFlag, UsageError, type ParsedArgs } from './cli/parse-args.js';

// The other commands load on use: `start` (the one that stays running) imports none of them.
const commands = {
  plugins: () => import('./cli/plugins-command.js'),
  version: () => import('./cli/version-command.js'),
  init: () => import('./cli/init-command.js'),
};

const HELP = `mstream ${HOST_VERSION} — stream events from sources through middleware to sinks

Usage:
  mstream start [--config PATH] [--watch] [--port N] [--host ADDR] [--data-dir PATH]
                                     run the host (default config: ./mstream-config.toml if present);
                                     --watch applies edits of the config file while running (so does SIGHUP);
                                     --port, --host and --data-dir win over MSTREAM_API_PORT, MSTREAM_API_HOST
                                     and MSTREAM_DATA_DIR
  mstream validate --config PATH     check a config file; prints every problem, exit code 2 if any
  mstream init [--dir PATH]          write a starter mstream-config.toml (generator → file) into PATH (default .);
                                     refuses to overwrite an existing file (exit code 2)
${PLUGINS_HELP}
  mstream --help | --version

Environment:
  MSTREAM_API_PORT (8719)  MSTREAM_API_HOST  MSTREAM_API_TOKEN  MSTREAM_DATA_DIR (./data)
  MSTREAM_ENC_KEY (64 hex)  MSTREAM_PLUGIN_PATH (colon-separated)  MSTREAM_LOG_LEVEL (info)
  MSTREAM_WATCH_CONFIG=1 (as --watch)
  MSTREAM_FILES_ROOT (the data dir; path options and local plugin specs must lie inside it)
  MSTREAM_PLUGIN_REGISTRY (npm registry for plugins search/add; default https://registry.npmjs.org/)`;

async function main(argv: string[]): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`mstream: ${error.message}\n\n${HELP}`);
    return 2;
  }
  const config = args.flags['--config'] as string | undefined;
  switch (args.command) {
    case 'help':
      // Asked for: stdout, exit 0. Run with nothing: the usage is the answer to a mistake.
      if (args.positional.length) {
        console.error(HELP);
        return 2;
      }
      console.log(HELP);
      return 0;
    case 'version':
      console.log(await (await commands.version()).versionLine());
      return 0;
    case 'init':
      return (await commands.init()).initCommand(args.flags['--dir'] as string | undefined);
    case 'validate':
      return validate(config);
    case 'start':
      return start(args, config ?? (existsSync('mstream-config.toml') ? 'mstream-config.toml' : undefined));
    default: {
      // plugins …: parseArgs has checked the flags; the plugins command reads them itself.
      const [, sub] = args.command.split(' ');
      return (await commands.plugins()).pluginsCommand(sub, argv.slice(argv[1] === sub ? 2 : 1));
    }
  }
}

async function validate(configFile: string | undefined): Promise<number> {
  if (!configFile) {
    console.error(`mstream validate needs --config PATH\n\n${HELP}`);
    return 2;
  }
  const host = new Host({ configFile, logStdout: false });
  try {
    const config = await host.prepare();
    console.log(`${configFile}: valid (${config.services.length} services, ${config.connectors.length} connectors)`);
    return 0;
  } catch (error) {
    return report(error, configFile);
  }
}

async function start(args: ParsedArgs, configFile: string | undefined): Promise<number> {
  let port: number | undefined;
  try {
    port = portFlag(args.flags['--port']);
  } catch (error) {
    console.error(`mstream: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const host = new Host({
    configFile,
    watchConfig: args.flags['--watch'] === true || undefined,
    port,
    bindHost: args.flags['--host'] as string | undefined,
    dataDir: args.flags['--data-dir'] as string | undefined,
  });
  try {
    await host.start();
  } catch (error) {
    await host.stop().catch(() => undefined);
    return report(error, configFile);
  }
  if (!configFile) host.logger.warn('no config file given and no ./mstream-config.toml: running with no services or connectors');
  return new Promise<number>((resolve) => {
    let draining = false;
    const shutdown = (signal: string) => {
      if (draining) {
        // The operator insists: go now, and say what is cut off (it is re-delivered after a restart).
        host.logger.error({ signal, abandoned_jobs: host.activeJobs() }, 'second signal: exiting at once; in-flight batches of these jobs are abandoned and will be re-delivered');
        resolve(130);
        return;
      }
      draining = true;
      const timeoutMs = host.shutdownTimeoutMs;
      host.logger.info({ signal, timeout_ms: timeoutMs }, 'draining: finishing in-flight batches, then shutting down (send the signal again to exit at once)');
      const timer = setTimeout(() => {
        host.logger.error({ timeout_ms: timeoutMs, abandoned_jobs: host.activeJobs() }, 'shutdown timed out; in-flight batches of these jobs are abandoned and will be re-delivered');
        resolve(1);
      }, timeoutMs);
      host.stop().then(
        () => {
          clearTimeout(timer);
          host.logger.info('shut down cleanly');
          resolve(0);
        },
        (error: Error) => {
          clearTimeout(timer);
          host.logger.error({ err: error.message }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGHUP', () => {
      host.logger.info({ signal: 'SIGHUP' }, 'reloading the config file');
      void host.reloadConfig();
    });
  });
}

function report(error: unknown, file: string | undefined): number {
  if (isMstreamError(error) && error.code === 'MS_ERR_CONFIG_INVALID') {
    printIssues(file ?? '(config)', (error.details?.issues ?? []) as Array<{ path: string; message: string }>);
    return 2;
  }
  console.error(`mstream: ${(error as Error)?.message ?? String(error)}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
