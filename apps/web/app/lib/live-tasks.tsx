'use client';

import type { TaskEvent, TaskSnapshot } from '@atropos/client';
import { taskEventSchema } from '@atropos/tasks';
import { useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { createContext, startTransition, useCallback, useContext, useEffect, useEffectEvent, useRef, useState } from 'react';

/**
 * Live task updates for a page. One EventSource on the web server's `/api/tasks/events` (which
 * streams the API's Server-Sent Events through) feeds every component below the provider: they
 * overlay the latest snapshot of each task on the data the page was rendered with.
 *
 * The page re-reads its data (router.refresh) when the stream (re)opens, so nothing that
 * happened before or during a gap is missed, and, as `refreshOn` says, when events change more
 * than progress. If the stream drops, the page polls every POLL_MS until it is back, and says so.
 */

export type LiveMode = 'connecting' | 'live' | 'polling';

/** How often a page re-reads its data while the stream is down. */
export const POLL_MS = 5_000;
/** At most one refresh per this interval, however many events arrive. */
const REFRESH_GAP_MS = 1_000;
/** How long to wait before opening a new stream when the browser gave up on one. */
const RECONNECT_MS = 3_000;

interface LiveState {
  snapshots: ReadonlyMap<string, TaskSnapshot>;
  deleted: ReadonlySet<string>;
  mode: LiveMode;
  /** The status and attempts a component rendered a task with, so an event can tell what changed. */
  register: (task: Pick<TaskSnapshot, 'id' | 'status' | 'attempts'>) => void;
}

const LiveContext = createContext<LiveState | null>(null);

export interface LiveTasksProps {
  /** Only this task's events. */
  taskId?: string;
  /**
   * Which events make the page re-read its data: `status` when a known task changes status or
   * attempt, or a task the page does not show appears; `any` on every event; `none` never.
   */
  refreshOn?: 'status' | 'any' | 'none';
  /** Also re-read every this many milliseconds, stream or not (for figures no event carries). */
  refreshEveryMs?: number;
  children: ReactNode;
}

export function LiveTasks({ taskId, refreshOn = 'status', refreshEveryMs, children }: LiveTasksProps) {
  const router = useRouter();
  const [snapshots, setSnapshots] = useState<ReadonlyMap<string, TaskSnapshot>>(() => new Map());
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(() => new Set());
  const [mode, setMode] = useState<LiveMode>('connecting');
  const known = useRef(new Map<string, Pick<TaskSnapshot, 'status' | 'attempts'>>());
  const lastRefresh = useRef(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const refresh = useCallback(() => {
    if (refreshTimer.current) return;
    const wait = Math.max(0, lastRefresh.current + REFRESH_GAP_MS - Date.now());
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = undefined;
      lastRefresh.current = Date.now();
      startTransition(() => router.refresh());
    }, wait);
  }, [router]);

  const register = useCallback((task: Pick<TaskSnapshot, 'id' | 'status' | 'attempts'>) => {
    known.current.set(task.id, { status: task.status, attempts: task.attempts });
  }, []);

  // Reads the latest refreshOn without reopening the stream when it changes.
  const onTaskEvent = useEffectEvent((changedStatus: boolean) => {
    if (refreshOn === 'any' || (refreshOn === 'status' && changedStatus)) refresh();
  });

  useEffect(() => {
    const url = `/api/tasks/events${taskId ? `?task_id=${encodeURIComponent(taskId)}` : ''}`;
    let source: EventSource | undefined;
    let reconnect: ReturnType<typeof setTimeout> | undefined;

    const onUpdated = (message: MessageEvent<string>) => {
      const event = parse(message.data);
      if (event?.type !== 'task.updated') return;
      const task = event.task;
      const before = known.current.get(task.id);
      known.current.set(task.id, { status: task.status, attempts: task.attempts });
      setSnapshots((current) => new Map(current).set(task.id, task));
      onTaskEvent(!before || before.status !== task.status || before.attempts !== task.attempts);
    };
    const onDeleted = (message: MessageEvent<string>) => {
      const event = parse(message.data);
      if (event?.type !== 'task.deleted') return;
      setDeleted((current) => new Set(current).add(event.task_id));
      onTaskEvent(false);
    };

    const connect = () => {
      source = new EventSource(url);
      source.addEventListener('task.updated', onUpdated);
      source.addEventListener('task.deleted', onDeleted);
      // The API could not replay what this page missed while reconnecting: read it all afresh.
      source.addEventListener('reset', refresh);
      source.onopen = () => {
        setMode('live');
        // Whatever happened before the stream opened, or while it was down, is read afresh.
        refresh();
      };
      source.onerror = () => {
        setMode('polling');
        if (source?.readyState === EventSource.CLOSED) {
          // The browser retries by itself unless the answer was not a stream (e.g. 502): then we do.
          source.close();
          reconnect = setTimeout(connect, RECONNECT_MS);
        }
      };
    };
    connect();
    return () => {
      clearTimeout(reconnect);
      source?.close();
    };
  }, [taskId, refresh]);

  useEffect(() => {
    const every = mode === 'polling' ? Math.min(POLL_MS, refreshEveryMs ?? POLL_MS) : refreshEveryMs;
    if (!every) return;
    const timer = setInterval(refresh, every);
    return () => clearInterval(timer);
  }, [mode, refreshEveryMs, refresh]);

  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  return <LiveContext.Provider value={{ snapshots, deleted, mode, register }}>{children}</LiveContext.Provider>;
}

/** The event a message carries, checked against its schema; undefined for anything else. */
function parse(data: string): TaskEvent | undefined {
  try {
    return taskEventSchema.safeParse(JSON.parse(data)).data;
  } catch {
    return undefined;
  }
}

function useLive(): LiveState {
  const state = useContext(LiveContext);
  if (!state) throw new Error('useLiveTask and useLiveMode need a <LiveTasks> above them');
  return state;
}

export function useLiveMode(): LiveMode {
  return useLive().mode;
}

/** What a task's events carry besides its type and worker: the fields a view must have to follow it. */
type LiveFields = Pick<TaskSnapshot, 'id' | 'status' | 'progress' | 'progress_message' | 'attempts' | 'max_attempts' | 'updated_at'>;

/**
 * The task as the page rendered it, with its latest live snapshot laid over it when that is
 * newer; `deleted` once someone deleted it.
 */
export function useLiveTask<T extends LiveFields>(task: T): T & { deleted: boolean } {
  const { snapshots, deleted, register } = useLive();
  useEffect(() => register(task), [register, task]);
  const snapshot = snapshots.get(task.id);
  const fresh = snapshot && Date.parse(snapshot.updated_at) >= Date.parse(task.updated_at);
  const merged = fresh ? { ...task, ...pickLive(snapshot, 'worker_id' in task) } : task;
  return { ...merged, deleted: deleted.has(task.id) };
}

function pickLive(snapshot: TaskSnapshot, withWorker: boolean): Partial<TaskSnapshot> {
  const { task_type: _type, worker_id: workerId, ...fields } = snapshot;
  return withWorker ? { ...fields, worker_id: workerId } : fields;
}
