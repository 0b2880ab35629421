/**
 * Keys from Ink's input stream, parsed by src/ui/input/keys.ts. Ink's useInput drops the names of
 * F1–F12, so this listens to the raw events Ink's App emits after splitting its input buffer
 * (the same stream useInput reads; nothing is read twice) and turns raw mode on while mounted.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { EventEmitter } from 'node:events';
import { useStdin } from 'ink';
import { parseKeys, type KeyEvent } from '../input/keys.js';

/** The part of Ink's stdin context that carries raw input events (present at run time in Ink 8). */
interface StdinInternals {
  internal_eventEmitter?: EventEmitter;
}

export function useKeys(handler: (key: KeyEvent) => void): void {
  const stdin = useStdin();
  const { setRawMode, isRawModeSupported } = stdin;
  const emitter = (stdin as unknown as StdinInternals).internal_eventEmitter;
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });

  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [isRawModeSupported, setRawMode]);

  // Subscribed in the commit that draws the component (a layout effect), not after it: a passive
  // effect runs a task later, and a key typed in between, the moment a dialog appears, was lost.
  useLayoutEffect(() => {
    if (emitter === undefined) throw new Error('Ink stdin context has no input emitter: Ink version mismatch');
    const onInput = (data: string) => {
      for (const key of parseKeys(data)) latest.current(key);
    };
    emitter.on('input', onInput);
    return () => {
      emitter.off('input', onInput);
    };
  }, [emitter]);
}
