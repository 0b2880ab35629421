/**
 * The only file that loads the native addon (build/Release/smoothtask.node). Typed wrappers for
 * each native module live beside it (bpf.ts, nvml.ts, proc.ts) and get their module from here.
 * When the addon is missing or fails to load, callers get the reason instead of an exception, so
 * SmoothTask falls back to /proc and `doctor` can say why.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Error thrown by native calls (native/module.h MakeSysError). */
export interface NativeError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

export type AddonLoad = { ok: true; path: string; modules: Record<string, unknown> } | { ok: false; reason: string; remedy: string };

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where node-gyp puts the addon, relative to the package root. */
export const addonPath = join(repoRoot, 'build', 'Release', 'smoothtask.node');

/**
 * Load the addon; never throws. No cache of its own: Node's require cache makes a second load
 * return the same module, and a KernelSession keeps its result in an AddonLoader.
 */
export function loadAddon(): AddonLoad {
  if (!existsSync(addonPath)) {
    return {
      ok: false,
      reason: `native addon not built (${addonPath} is missing)`,
      remedy: 'run `npm run build` (needs g++, clang, libelf-dev; `npm start` installs them as root)',
    };
  }
  try {
    const require = createRequire(import.meta.url);
    return { ok: true, path: addonPath, modules: require(addonPath) as Record<string, unknown> };
  } catch (err) {
    return {
      ok: false,
      reason: `native addon failed to load: ${(err as Error).message}`,
      remedy: 'rebuild it with `npm run build` for this Node version and architecture',
    };
  }
}

/** One load of the addon, kept by its owner (a KernelSession), so the file is looked up once. */
export class AddonLoader {
  private result: AddonLoad | undefined;

  load(): AddonLoad {
    this.result ??= loadAddon();
    return this.result;
  }

  /** One registered native module of this load, or why it is not there. */
  module<T>(name: string): { ok: true; module: T } | { ok: false; reason: string; remedy: string } {
    return moduleOf<T>(this.load(), name);
  }
}

function moduleOf<T>(load: AddonLoad, name: string): { ok: true; module: T } | { ok: false; reason: string; remedy: string } {
  if (!load.ok) return load;
  const module = load.modules[name];
  if (module === undefined) {
    return { ok: false, reason: `native addon has no '${name}' module`, remedy: 'rebuild with `npm run build`' };
  }
  return { ok: true, module: module as T };
}

/** One registered native module (e.g. 'nvml', 'proc'), or why it is not there. */
export function nativeModule<T>(name: string): { ok: true; module: T } | { ok: false; reason: string; remedy: string } {
  return moduleOf<T>(loadAddon(), name);
}
