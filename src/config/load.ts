/**
 * Finds, reads, parses and validates the config file. Order: `--config PATH`, then
 * $SMOOTHTASK_CONFIG, then ~/.config/smoothtask/config.toml; with none of them present the
 * built-in defaults apply. Every failure is a ConfigError whose message names the file, the
 * line, the key and what was expected (the CLI prints it and exits 2).
 */
import { readFileSync, statSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { defaultConfig, defaultConfigPath } from './defaults.js';
import { findKeyLine, keyOnLine } from './locate.js';
import { formatKeyPath, SchemaIssue, validateConfig } from './schema.js';
import type { Config, ConfigSource } from './types.js';

/** A config that cannot be used. `message` is "file:line: key: expected …, got …". */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: Config;
  /** The file read, or the default path that was looked for when source is 'built-in'. */
  path: string;
  source: ConfigSource;
  /** Why the default path was passed over, when it could not even be looked at. */
  note?: string;
}

export interface LoadOptions {
  /** From `--config PATH`. */
  path?: string;
  env: NodeJS.ProcessEnv;
}

/** Parse and validate config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv): Config {
  let raw: Record<string, unknown>;
  try {
    raw = parse(text);
  } catch (err) {
    if (err instanceof TomlError) {
      const key = keyOnLine(text, err.line);
      const what = err.message.split('\n')[0];
      throw new ConfigError(`${file}:${err.line}:${err.column}: ${key ? `${key}: ` : ''}invalid TOML: ${what}`, file, err.line, key);
    }
    throw err;
  }
  try {
    return validateConfig(raw, env);
  } catch (err) {
    if (err instanceof SchemaIssue) {
      const line = findKeyLine(text, err.path);
      const key = formatKeyPath(err.path);
      throw new ConfigError(`${file}${line ? `:${line}` : ''}: ${err.message}`, file, line, key);
    }
    throw err;
  }
}

/** Read and validate one file. */
export function loadConfigFile(file: string, env: NodeJS.ProcessEnv): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`${file}: cannot read the config file (${code}: ${(err as Error).message})`, file);
  }
  return parseConfig(text, file, env);
}

/**
 * The config in force at start-up. A file named by the flag or the environment must exist; the
 * default path may be absent (then the built-in defaults apply).
 */
export function loadConfig(opts: LoadOptions): LoadedConfig {
  if (opts.path !== undefined) return { config: loadConfigFile(opts.path, opts.env), path: opts.path, source: 'flag' };
  const fromEnv = opts.env.SMOOTHTASK_CONFIG;
  if (fromEnv) return { config: loadConfigFile(fromEnv, opts.env), path: fromEnv, source: 'env' };
  const path = defaultConfigPath(opts.env);
  let exists: boolean;
  try {
    exists = statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (err) {
    // HOME still names another user's home (e.g. after dropping privileges): not our config.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'ENOTDIR') throw err;
    return { config: defaultConfig(opts.env), path, source: 'built-in', note: `cannot look at ${path} (${code})` };
  }
  if (!exists) return { config: defaultConfig(opts.env), path, source: 'built-in' };
  return { config: loadConfigFile(path, opts.env), path, source: 'default-path' };
}
