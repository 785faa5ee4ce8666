'use client';

import { POLL_MS, useLiveMode } from '../lib/live-tasks';

/** Says whether the page is live, and when it is not, that it checks every few seconds instead. */
export function LiveIndicator() {
  const mode = useLiveMode();
  const text = {
    connecting: 'Connecting to live updates…',
    live: 'Live',
    polling: `Live updates interrupted: checking every ${POLL_MS / 1000} s`,
  }[mode];
  const style = {
    connecting: 'bg-slate-100 text-slate-600 ring-slate-300',
    live: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
    polling: 'bg-amber-50 text-amber-900 ring-amber-400',
  }[mode];
  return (
    <p
      role="status"
      data-live-mode={mode}
      className={`inline-flex items-center gap-2 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${style}`}
    >
      <span
        aria-hidden="true"
        className={`size-2 rounded-full ${mode === 'live' ? 'bg-emerald-500' : mode === 'polling' ? 'bg-amber-500' : 'bg-slate-400'}`}
      >
        {mode === 'live' ? <span className="block size-2 animate-ping rounded-full bg-emerald-400" /> : null}
      </span>
      {text}
    </p>
  );
}
