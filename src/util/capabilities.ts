/**
 * Which of the capabilities SmoothTask cares about the current process holds, from the CapEff
 * line of /proc/self/status (proc(5); bit numbers from <linux/capability.h>, capabilities(7)).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unlessGoneOrDenied } from './readfile.js';

export const CAPABILITIES = {
  CAP_KILL: 5,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_ADMIN: 21,
  CAP_SYS_NICE: 23,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
} as const;

export type CapabilityName = keyof typeof CAPABILITIES;

/** Parse the effective capability mask (hex) from /proc/PID/status text; undefined if absent. */
export function parseCapEff(statusText: string): bigint | undefined {
  const m = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(statusText);
  return m ? BigInt(`0x${m[1]}`) : undefined;
}

/** The named capabilities held in `mask`. */
export function heldCapabilities(mask: bigint): CapabilityName[] {
  return (Object.keys(CAPABILITIES) as CapabilityName[]).filter((name) => (mask >> BigInt(CAPABILITIES[name])) & 1n);
}

/** The current process's held capabilities, or undefined when /proc/self/status is unreadable. */
export function ownCapabilities(procRoot = '/proc'): CapabilityName[] | undefined {
  // Read once or twice a run: no ReadBuffer to keep.
  const text = unlessGoneOrDenied(() => readFileSync(join(procRoot, 'self/status'), 'utf8'));
  const mask = text === undefined ? undefined : parseCapEff(text);
  return mask === undefined ? undefined : heldCapabilities(mask);
}
