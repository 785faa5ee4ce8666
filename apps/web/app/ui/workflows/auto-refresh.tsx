'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** How often a page with an unfinished run re-reads it. */
export const RUN_REFRESH_MS = 1_000;

/**
 * Re-reads the page's data every RUN_REFRESH_MS while `active`. A run changes through its steps'
 * tasks and through the engine, which publishes no events of its own: polling one small route
 * keeps the diagram right without a stream per run.
 */
export function AutoRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), RUN_REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  return null;
}
