/**
 * Stands in for es-toolkit/compat's throttle where Ink imports it (ink/build/ink.js, Ink 8.0.0:
 * the throttles of its render and of its writes; scripts/bundle/ink-cell-renderer.mjs and
 * vitest.config.ts put it there).
 *
 * Why: es-toolkit's throttle is a debounce with a maxWait counted from the first call of a burst,
 * and a call that comes while the last window's timer has not run yet restarts that timer instead
 * of running, however long ago the last run was. The timer runs late whenever the event loop is
 * busy, as it is at start-up: the first frame (the screen, before any snapshot) set it, the first
 * pass's synchronous work held it back, and the frame with data, committed 120 ms later, waited
 * a whole wait more for it (bench/README.md, 'Ink's throttle on the first frame'). Here a call runs
 * at once whenever the last run was at least `wait` ago (lodash's throttle does the same), and
 * otherwise when that window ends, with the latest call's arguments.
 */

/** A throttled function, with what Ink's settleThrottle calls on it. */
export interface Throttled<A extends unknown[]> {
  (...args: A): void;
  /** Run the call that waits for its window now, if one does. */
  flush(): void;
  /** Drop the call that waits, if one does. */
  cancel(): void;
}

/** Ink asks for calls on both edges of a window; nothing else is implemented. */
export interface ThrottleOptions {
  leading?: boolean;
  trailing?: boolean;
}

/** `func` at most once in `wait` ms: at once, or when the window ends with the latest arguments. */
export function throttle<A extends unknown[]>(func: (...args: A) => unknown, wait = 0, options: ThrottleOptions = {}): Throttled<A> {
  if (options.leading === false || options.trailing === false) {
    throw new Error('throttle: only leading and trailing calls together are implemented (what Ink 8 asks for)');
  }
  let lastRun = -Infinity;
  let waiting: A | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const run = (args: A) => {
    stopTimer();
    waiting = undefined;
    lastRun = performance.now();
    func(...args);
  };
  const throttled = (...args: A) => {
    const since = performance.now() - lastRun;
    if (since >= wait) {
      run(args);
      return;
    }
    waiting = args;
    timer ??= setTimeout(() => {
      timer = undefined;
      if (waiting !== undefined) run(waiting);
    }, wait - since);
  };
  throttled.flush = () => {
    if (waiting !== undefined) run(waiting);
  };
  throttled.cancel = () => {
    stopTimer();
    waiting = undefined;
  };
  return throttled;
}
