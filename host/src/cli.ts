#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { isMstreamError } from '@mstream/sdk';
import { Host, HOST_VERSION } from './host.js';
import { printIssues } from './cli/print-issues.js';
import { PLUGINS_HELP, pluginsCommand } from './cli/plugins-command.js';

const HELP = `mstream ${HOST_VERSION} — stream events from sources through middleware to sinks

Usage:
  mstream start [--config PATH] [--watch]
                                     run the host (default config: ./mstream-config.toml if present);
                                     --watch applies edits of the config file while running (so does SIGHUP)
  mstream validate --config PATH     check a config file; prints every problem, exit code 2 if any
${PLUGINS_HELP}
  mstream --help | --version

Environment:
  MSTREAM_API_PORT (8719)  MSTREAM_API_HOST  MSTREAM_API_TOKEN  MSTREAM_DATA_DIR (./data)
  MSTREAM_ENC_KEY (64 hex)  MSTREAM_PLUGIN_PATH (colon-separated)  MSTREAM_LOG_LEVEL (info)
  MSTREAM_WATCH_CONFIG=1 (as --watch)
  MSTREAM_PLUGIN_REGISTRY (npm registry for plugins search/add; default https://registry.npmjs.org/)`;

interface Args {
  command: string[];
  config?: string;
  watch?: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--config' || arg === '-c') args.config = argv[++i];
    else if (arg.startsWith('--config=')) args.config = arg.slice('--config='.length);
    else if (arg === '--watch' || arg === '-w') args.watch = true;
    else args.command.push(arg);
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [command, sub] = args.command;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    console.log(HOST_VERSION);
    return 0;
  }
  const configFile = args.config ?? (existsSync('mstream-config.toml') ? 'mstream-config.toml' : undefined);
  if (command === 'validate') {
    if (!args.config) {
      console.error('mstream validate needs --config PATH');
      return 2;
    }
    const host = new Host({ configFile: args.config, logStdout: false });
    try {
      const config = await host.prepare();
      console.log(`${args.config}: valid (${config.services.length} services, ${config.connectors.length} connectors)`);
      return 0;
    } catch (error) {
      return report(error, args.config);
    }
  }
  if (command === 'plugins') return pluginsCommand(sub, args.command.slice(2));
  if (command === 'start') {
    const host = new Host({ configFile, watchConfig: args.watch || undefined });
    try {
      await host.start();
    } catch (error) {
      await host.stop().catch(() => undefined);
      return report(error, configFile);
    }
    if (!configFile) host.logger.warn('no config file given and no ./mstream-config.toml: running with no services or connectors');
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        host.logger.info({ signal }, 'shutting down');
        host.stop().finally(resolve);
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGHUP', () => {
        host.logger.info({ signal: 'SIGHUP' }, 'reloading the config file');
        void host.reloadConfig();
      });
    });
    return 0;
  }
  console.error(`unknown command "${args.command.join(' ')}"\n\n${HELP}`);
  return 2;
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
