'use client';

import { useNow } from '../lib/use-now';

/**
 * A time as people read it: "3 min ago", with the full local time on hover. The server renders a
 * fixed UTC form (it does not know the reader's time zone); the browser replaces it once mounted.
 */
export function RelativeTime({ iso, mode = 'relative' }: { iso: string; mode?: 'relative' | 'absolute' }) {
  const now = useNow(mode === 'relative' ? 15_000 : null);
  const date = new Date(iso);
  const utc = `${iso.slice(0, 19).replace('T', ' ')} UTC`;
  const local = now === null ? utc : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  const text = now === null ? utc : mode === 'absolute' ? local : relative(date.getTime(), now);
  return (
    <time dateTime={iso} title={local} suppressHydrationWarning>
      {text}
    </time>
  );
}

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

function relative(time: number, now: number): string {
  const diff = time - now;
  if (Math.abs(diff) < 10_000) return 'just now';
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms || unit === 'second') return format.format(Math.round(diff / ms), unit);
  }
  return '';
}
