/**
 * Reads one process's detail every interval while the view is open, through a reader the
 * runtime opens for it (DetailSource from context; not the main sampler). When the process exits,
 * `gone` says why and `detail` keeps the last data that was read.
 */
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ProcDetail } from '../../collectors/procdetail/types.js';
import { useDetailSource } from '../context.js';

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
  intervalMs: number;
  /** Read /proc/PID/environ as well (the environment section is open). */
  withEnvironment: boolean;
  /** Descriptors on screen whose flags are wanted at the next refresh (read at each refresh). */
  flagsFor: RefObject<ReadonlySet<number>>;
}

export function useProcDetail({ pid, startTime, intervalMs, withEnvironment, flagsFor }: ProcDetailOptions): ProcDetailState {
  const source = useDetailSource();
  const [state, setState] = useState<ProcDetailState>({});
  const env = useRef(withEnvironment);
  useLayoutEffect(() => {
    env.current = withEnvironment;
  });
  const readNow = useRef<() => void>(() => {});

  useEffect(() => {
    setState({});
    const reader = source({ pid, startTime });
    let stopped = false;
    const tick = () => {
      if (stopped) return;
      try {
        const read = reader.read(env.current, flagsFor.current);
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
  }, [source, pid, startTime, intervalMs, flagsFor]);

  // Asking for the environment reads it at once rather than at the next tick.
  useEffect(() => {
    if (withEnvironment) readNow.current();
  }, [withEnvironment]);
  return state;
}
