/**
 * Typed wrapper for the addon's "cpuid" module (native/cpuid.cc): the hypervisor's vendor
 * signature from CPUID leaf 0x40000000, which src/collectors/host/inventory.ts names.
 */
import { nativeModule } from './binding.js';

interface CpuidModule {
  hypervisorSignature(): string | null | undefined;
}

/**
 * What CPUID says of a hypervisor under this process: its 12-byte signature; null where the CPU
 * reports none (bare metal); undefined where it cannot be asked (not x86, or the addon not built).
 */
export function hypervisorSignature(): string | null | undefined {
  const loaded = nativeModule<CpuidModule>('cpuid');
  return loaded.ok ? loaded.module.hypervisorSignature() : undefined;
}
