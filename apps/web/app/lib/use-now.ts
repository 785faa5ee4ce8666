'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** Whole seconds: a snapshot must read the same twice in a row unless time has moved on. */
const currentSecond = () => Math.floor(Date.now() / 1000) * 1000;
/** The server does not know when the browser will show the page: null there and during hydration. */
const noTimeYet = () => null;

/**
 * The current time to the second, read again every `intervalMs` (never if null) once hydrated;
 * null during the server render and hydration, so both renders agree.
 */
export function useNow(intervalMs: number | null = 1_000): number | null {
  const subscribe = useCallback(
    (tick: () => void) => {
      if (intervalMs === null) return () => undefined;
      const timer = setInterval(tick, intervalMs);
      return () => clearInterval(timer);
    },
    [intervalMs],
  );
  return useSyncExternalStore<number | null>(subscribe, currentSecond, noTimeYet);
}
