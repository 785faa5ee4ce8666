'use client';

import { changeSchedule } from '../../lib/actions';
import { ActionButton } from '../action-button';

/** Trigger now, pause or resume, and delete (not for a schedule declared in config/schedules.json). */
export function ScheduleActions({ id, name, enabled, declared }: { id: string; name: string; enabled: boolean; declared: boolean }) {
  return (
    <div className="flex shrink-0 flex-wrap justify-end gap-2">
      <ActionButton label="Trigger now" run={() => changeSchedule(id, 'trigger')} />
      {enabled ? (
        <ActionButton label="Pause" run={() => changeSchedule(id, 'pause')} />
      ) : (
        <ActionButton label="Resume" run={() => changeSchedule(id, 'resume')} />
      )}
      {declared ? null : (
        <ActionButton
          label="Delete"
          variant="danger"
          run={() => changeSchedule(id, 'delete')}
          confirm={{
            title: `Delete schedule ${name}?`,
            body: 'Its history goes with it; the tasks it created stay.',
            confirmLabel: 'Delete',
          }}
        />
      )}
    </div>
  );
}
