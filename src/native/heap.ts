/**
 * Typed wrapper for the addon's "heap" module (native/heap.cc): the C heap's free pages given
 * back to the kernel after a pass (src/runtime/monitor.ts). glibc keeps the blocks freed below its
 * heap's top resident; at 5,000 processes `top` held 4–8 MB of them 10 s after its start
 * (bench/README.md, "The C heap's free pages given back").
 */
import { nativeModule } from './binding.js';

interface HeapModule {
  releaseFree(atLeast: number): number | undefined;
}

/**
 * The free bytes a pass leaves in the C heap. Past them the pages are given back: at 5,000
 * processes that happens in the first seconds' passes, while the compilers and the BPF loads free
 * memory, and then no more. Given back after every pass instead, the pages were taken again
 * within the next, and faulting them in cost V8's worker threads CPU at N=0.
 */
export const FREE_HEAP_KEPT_BYTES = 4 * 1024 * 1024;

/** Gives the C heap's free pages back where more than `atLeast` bytes are free. */
export type FreeHeapReleaser = (atLeast: number) => void;

/** The addon's releaser, or undefined where the addon is not built. */
export function freeHeapReleaser(): FreeHeapReleaser | undefined {
  const loaded = nativeModule<HeapModule>('heap');
  if (!loaded.ok) return undefined;
  const { module } = loaded;
  return (atLeast) => {
    module.releaseFree(atLeast);
  };
}
