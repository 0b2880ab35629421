/**
 * The config file's reload state, as every snapshot carries it (`snapshot.config`): the file in
 * force, and why and when its newest version was refused (the previous config stays in force)
 * until a valid version is read. The runtime's watch (src/config/watch.ts) reports to it; the
 * Monitor reads it on each tick, so a refusal reaches the screen and the JSON alike.
 */
import type { LoadedConfig } from '../config/load.js';
import type { ConfigStatus } from '../types/snapshot.js';

/** The status of a config loaded once at start-up and not watched (snapshot, doctor). */
export function configStatusOf(loaded: LoadedConfig): ConfigStatus {
  return loaded.source === 'built-in' ? {} : { path: loaded.path };
}

export class ConfigReloadState {
  private current: ConfigStatus;

  constructor(loaded: LoadedConfig) {
    this.current = configStatusOf(loaded);
  }

  /** What `snapshot.config` holds now. A new object on every change, never mutated. */
  status = (): ConfigStatus => this.current;

  /** A new version of the file was applied: nothing to report any more. */
  accepted(): void {
    if (this.current.reloadError === undefined) return;
    this.current = { path: this.current.path };
  }

  /** A new version was refused; `at` is the wall clock, ms since epoch. */
  refused(message: string, at: number): void {
    this.current = { path: this.current.path, reloadError: message, reloadErrorAt: new Date(at).toISOString() };
  }
}
