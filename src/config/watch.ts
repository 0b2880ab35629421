/**
 * Hot reload: watches the config file's directory (editors save by writing a new file and
 * renaming it over the old one, which a watch on the file itself would lose) and, after a short
 * debounce, reloads. A valid new version goes to onChange; an invalid one goes to onError and
 * the caller keeps the config it has.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ConfigError, loadConfigFile } from './load.js';
import type { Config } from './types.js';

export interface ConfigWatcher {
  close(): void;
}

export interface WatchOptions {
  env?: NodeJS.ProcessEnv;
  /** Quiet time after the last change before reloading. */
  debounceMs?: number;
}

export function watchConfig(path: string, onChange: (config: Config) => void, onError: (err: ConfigError) => void, opts: WatchOptions = {}): ConfigWatcher {
  const env = opts.env ?? process.env;
  const name = basename(path);
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    let config: Config;
    try {
      config = loadConfigFile(path, env);
    } catch (err) {
      onError(err instanceof ConfigError ? err : new ConfigError(`${path}: ${(err as Error).message}`, path));
      return;
    }
    onChange(config);
  };
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, file) => {
    // Some platforms give no file name; then any change in the directory may be ours.
    if (file !== null && file !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, opts.debounceMs ?? 200);
  });
  watcher.on('error', (err) => onError(new ConfigError(`${path}: watching stopped (${err.message})`, path)));
  return {
    close() {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
