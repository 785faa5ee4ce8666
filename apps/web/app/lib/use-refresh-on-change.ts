'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

/**
 * Reads the page's server-rendered parts again when `value` (a live status) changes from what the
 * server rendered with: a client component following a stream keeps what it shows itself current,
 * and this brings the rest of the page (a task's logs and versions, a run's actions) along.
 */
export function useRefreshOnChange(value: string): void {
  const router = useRouter();
  const rendered = useRef(value);
  useEffect(() => {
    if (value === rendered.current) return;
    rendered.current = value;
    router.refresh();
  }, [value, router]);
}
