/**
 * Reads one process's detail every interval while the view is open, with a DetailSampler of its
 * own (not the main sampler). When the process exits, `gone` says why and `detail` keeps the last
 * data that was read.
 */
import { useEffect, useRef, useState } from 'react';
import type { HostInfo } from '../../types/snapshot.js';
import type { CollectorContext } from '../../collectors/contract.js';
import { DetailSampler } from '../../collectors/procdetail/sampler.js';
import type { ProcDetail } from '../../collectors/procdetail/types.js';

export interface ProcDetailState {
  detail?: ProcDetail;
  /** Set once the process has exited (the view keeps `detail`). */
  gone?: string;
  /** A read that failed for a reason other than the process exiting. */
  error?: string;
}

export interface ProcDetailOptions {
  pid: number;
  startTime: number;
  host: HostInfo | undefined;
  procRoot: string;
  intervalMs: number;
  /** Read /proc/PID/environ as well (the environment section is open). */
  withEnvironment: boolean;
  /** Descriptors on screen whose flags are wanted at the next refresh. */
  flagsFor: ReadonlySet<number>;
}

export function useProcDetail({ pid, startTime, host, procRoot, intervalMs, withEnvironment, flagsFor }: ProcDetailOptions): ProcDetailState {
  const [state, setState] = useState<ProcDetailState>({});
  const env = useRef(withEnvironment);
  env.current = withEnvironment;
  const flags = useRef(flagsFor);
  flags.current = flagsFor;
  const haveHost = host !== undefined;
  const hostRef = useRef(host);
  hostRef.current = host;
  const readNow = useRef<() => void>(() => {});

  useEffect(() => {
    setState({});
    const h = hostRef.current;
    if (h === undefined) return;
    const ctx: CollectorContext = { procRoot, sysRoot: '/sys', host: h, now: () => performance.now() };
    const sampler = new DetailSampler(ctx, pid, startTime);
    let stopped = false;
    const tick = () => {
      if (stopped) return;
      try {
        const read = sampler.read(env.current, flags.current);
        if (read.gone) {
          stopped = true;
          setState((s) => ({ ...s, gone: read.reason }));
        } else {
          setState({ detail: read.detail });
        }
      } catch (err) {
        setState((s) => ({ ...s, error: err instanceof Error ? err.message : String(err) }));
      }
    };
    readNow.current = tick;
    tick();
    const timer = setInterval(tick, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pid, startTime, procRoot, intervalMs, haveHost]);

  // Asking for the environment reads it at once rather than at the next tick.
  useEffect(() => {
    if (withEnvironment) readNow.current();
  }, [withEnvironment]);
  return state;
}
