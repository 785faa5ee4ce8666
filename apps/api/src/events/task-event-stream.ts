import type { TaskEventPosition } from '@atropos/queue';
import { START_OF_LOG, compareTaskEventPositions, formatTaskEventId } from '@atropos/queue';
import type { TaskEventsReset } from '@atropos/tasks';
import { Observable } from 'rxjs';
import type { DeliveredTaskEvent, TaskEventListener } from './task-event-fanout.js';
import { sseFrame } from './sse-response.js';

/** What one client's stream draws on, its filter already applied. */
export interface TaskEventSource {
  /** Live events from now on, until the function returned is called. */
  listen(listener: TaskEventListener): () => void;
  /** Where the events handed to listeners so far end; undefined while the process' tail does not know yet. */
  tailPosition(): TaskEventPosition | undefined;
  /**
   * Emits the logged events after `after`, in order; 'missed' when the log no longer holds all of
   * them (it may have emitted some first). Stops early once `signal` is aborted.
   */
  replay(after: TaskEventPosition, emit: (event: DeliveredTaskEvent) => void, signal: AbortSignal): Promise<'replayed' | 'missed'>;
}

/** Sent instead of a replay when the client missed events the log no longer holds. */
export const RESET_MESSAGE =
  'Events after your Last-Event-ID are no longer kept: read the tasks again (GET /tasks), then follow this stream.';

/**
 * One client's event stream, as SSE frames. Each event carries its position as SSE `id`; pings
 * carry the position the client has been handed everything up to, so an EventSource that
 * reconnects (sending the last id it saw as Last-Event-ID) resumes right there even if none of its
 * events came for a long while.
 *
 * Resuming after `resumeAfter`, no event is lost nor sent twice: the client listens to live events
 * first and holds them, is replayed what came after its position, then is handed the held events
 * and what follows, each only if it comes after the last one sent (the replay may have read
 * further than this process' tail had got, and another replica, where the client was before, may
 * have been ahead of this one). When the log no longer holds what came after `resumeAfter`, the
 * client gets one `reset` event instead, with the position live events continue from.
 */
export function taskEventStream(
  source: TaskEventSource,
  resumeAfter: TaskEventPosition | undefined,
  keepAliveMs: number,
  onReplayFailed: (error: unknown) => void,
): Observable<string> {
  return new Observable<string>((subscriber) => {
    let last = resumeAfter;
    let held: DeliveredTaskEvent[] | null = resumeAfter ? [] : null;
    const send = (event: DeliveredTaskEvent) => {
      if (last && compareTaskEventPositions(event.position, last) <= 0) return;
      last = event.position;
      subscriber.next(event.frame);
    };
    const stopListening = source.listen((event) => {
      if (held) held.push(event);
      else send(event);
    });
    // Every event after this position reaches the listener above.
    const listeningFrom = source.tailPosition() ?? START_OF_LOG;
    const latest = (position: TaskEventPosition) => (last && compareTaskEventPositions(last, position) > 0 ? last : position);

    const pings = setInterval(() => {
      if (held) return;
      const position = latest(source.tailPosition() ?? listeningFrom);
      subscriber.next(sseFrame('ping', formatTaskEventId(position), '{}'));
    }, keepAliveMs);

    const replaying = new AbortController();
    const goLive = () => {
      const waiting = held ?? [];
      held = null;
      for (const event of waiting) send(event);
    };
    const reset = () => {
      // The client reads the state again after this; everything after it comes live.
      const position = latest(listeningFrom);
      last = position;
      const data: TaskEventsReset = { type: 'reset', message: RESET_MESSAGE };
      subscriber.next(sseFrame('reset', formatTaskEventId(position), JSON.stringify(data)));
    };
    if (resumeAfter) {
      source.replay(resumeAfter, send, replaying.signal).then(
        (outcome) => {
          if (replaying.signal.aborted) return;
          if (outcome === 'missed') reset();
          goLive();
        },
        (error: unknown) => {
          if (replaying.signal.aborted) return;
          // Redis did not answer the replay: the client cannot know what it missed, so it reads again.
          onReplayFailed(error);
          reset();
          goLive();
        },
      );
    }

    return () => {
      replaying.abort();
      clearInterval(pings);
      stopListening();
      held = null;
    };
  });
}
