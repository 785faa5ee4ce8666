'use client';

import { useEffect } from 'react';

/**
 * Marks the document `data-hydrated` once React has taken over the page. Browser tests wait for
 * it before typing: text typed into a field before hydration may be replaced when React attaches.
 */
export function HydrationMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = '';
  }, []);
  return null;
}
