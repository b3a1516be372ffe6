import { readFile } from 'node:fs/promises';
import { parse, TomlError } from 'smol-toml';
import { ConfigValidationError, type ConfigIssue } from '@mstream/sdk';
import { resolveEnvRefs } from './env-refs.js';

/**
 * Reads a TOML config file and resolves `env:VAR` references. Syntax errors and missing
 * variables are thrown together as one ConfigValidationError.
 */
export async function readConfigFile(file: string, env = process.env): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigValidationError([{ path: file, message: `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  return parseConfigText(text, file, env);
}

export function parseConfigText(text: string, file: string, env = process.env): unknown {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? `${file}:${error.line}:${error.column}` : file;
    throw new ConfigValidationError([{ path: where, message: `TOML syntax error: ${firstLine((error as Error).message)}` }]);
  }
  const issues: ConfigIssue[] = [];
  const resolved = resolveEnvRefs(raw, '', issues, env);
  if (issues.length > 0) throw new ConfigValidationError(issues);
  return resolved;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
