'use client';

import { redeliverWebhook } from '../../lib/actions';
import { ActionButton } from '../action-button';

/** Sends one delivery again, with its own id (the receiver deduplicates on it). */
export function RedeliverButton({ id }: { id: string }) {
  return <ActionButton label="Redeliver" run={() => redeliverWebhook(id)} />;
}
