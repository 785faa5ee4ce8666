'use client';

import { ErrorState } from './ui/states';

/** The last resort, for errors no page turned into a message of its own. */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : undefined;
  return (
    <ErrorState
      title="This page failed to load"
      message={`Something went wrong on the web server${digest ? ` (error ${digest}; its log has the details)` : ''}.`}
    >
      <button type="button" className="btn-secondary" onClick={() => retry()}>
        Try again
      </button>
    </ErrorState>
  );
}
