// The three modules of systeminformation the host inventory loads (static.ts), each on its own:
// its package types only the whole, whose index loads all 40 of its modules.
declare module 'systeminformation/lib/cpu.js' {
  import type { Systeminformation } from 'systeminformation';
  export function cpu(): Promise<Systeminformation.CpuData>;
}
declare module 'systeminformation/lib/osinfo.js' {
  import type { Systeminformation } from 'systeminformation';
  export function osInfo(): Promise<Systeminformation.OsData>;
}
declare module 'systeminformation/lib/system.js' {
  import type { Systeminformation } from 'systeminformation';
  export function system(): Promise<Systeminformation.SystemData>;
}
