/**
 * State for key handlers that must see what the previous key left, even when keys arrive faster
 * than React re-renders (a paste, tmux send-keys): the handler reads and writes a ref, and the
 * ref's value is also set as React state so the screen follows.
 */
import { useCallback, useRef, useState } from 'react';

export function useKeyState<T>(initial: T | (() => T)): [T, () => T, (next: T) => void] {
  const [state, setState] = useState(initial);
  const ref = useRef(state);
  const get = useCallback(() => ref.current, []);
  const set = useCallback((next: T) => {
    ref.current = next;
    setState(next);
  }, []);
  return [state, get, set];
}
