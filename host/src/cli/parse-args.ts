/** A flag a command takes: `value` ones read the next argument (or `--flag=value`). */
interface FlagSpec {
  name: string;
  alias?: string;
  value: boolean;
}

const COMMAND_FLAGS: Record<string, FlagSpec[]> = {
  start: [
    { name: '--config', alias: '-c', value: true },
    { name: '--watch', alias: '-w', value: false },
    { name: '--port', value: true },
    { name: '--host', value: true },
    { name: '--data-dir', value: true },
  ],
  validate: [{ name: '--config', alias: '-c', value: true }],
  init: [{ name: '--dir', value: true }],
  'plugins list': [],
  'plugins search': [{ name: '--registry', value: true }],
  'plugins add': [{ name: '--registry', value: true }, { name: '--url', value: true }],
  'plugins remove': [{ name: '--url', value: true }],
  'plugins new': [{ name: '--dir', value: true }],
};

/** How many positional arguments each command takes after its name. */
const MAX_POSITIONAL: Record<string, number> = { start: 0, validate: 0, init: 0, 'plugins list': 0, 'plugins search': Infinity, 'plugins add': 1, 'plugins remove': 1, 'plugins new': 1 };

export interface ParsedArgs {
  /** `start`, `validate`, `plugins add`, … or `help` / `version`. */
  command: string;
  flags: Record<string, string | true>;
  positional: string[];
}

/** A usage error: the CLI prints it with the usage to stderr and exits 2. */
export class UsageError extends Error {}

/**
 * Parses argv strictly: an unknown command, an unknown flag, a flag without its value or an
 * extra argument is a UsageError, never silently ignored (`start --prot 9000` must not start
 * on the default port).
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { command: 'help', flags: {}, positional: first ? [] : ['(none)'] };
  if (first === '--version' || first === '-v') {
    if (argv.length > 1) throw new UsageError(`--version takes no arguments (got "${argv.slice(1).join(' ')}")`);
    return { command: 'version', flags: {}, positional: [] };
  }
  let command = first;
  let rest = argv.slice(1);
  if (first === 'plugins') {
    const sub = second === undefined || second.startsWith('-') ? 'list' : second;
    command = `plugins ${sub}`;
    rest = second === undefined || second.startsWith('-') ? argv.slice(1) : argv.slice(2);
  }
  const specs = COMMAND_FLAGS[command];
  if (!specs) throw new UsageError(`unknown command "${first === 'plugins' ? command : first}"`);
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') return { command: 'help', flags: {}, positional: [] };
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s, 2) as [string, string | undefined]) : [arg, undefined];
    const spec = specs.find((s) => s.name === name || s.alias === name);
    if (!spec) throw new UsageError(`unknown option "${name}" for "mstream ${command}"${specs.length ? ` (it takes: ${specs.map((s) => s.name).join(', ')})` : ' (it takes no options)'}`);
    if (!spec.value) {
      if (inline !== undefined) throw new UsageError(`${spec.name} takes no value`);
      flags[spec.name] = true;
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-'))) throw new UsageError(`${spec.name} needs a value`);
    flags[spec.name] = value;
  }
  if (positional.length > (MAX_POSITIONAL[command] ?? 0)) throw new UsageError(`unexpected argument "${positional[MAX_POSITIONAL[command] ?? 0]}" for "mstream ${command}"`);
  return { command, flags, positional };
}

/** `--port` as a TCP port number; anything else is a usage error. */
export function portFlag(value: string | true | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a port number from 0 to 65535 (got "${String(value)}")`);
  return port;
}
