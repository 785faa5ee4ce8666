'use client';

import type { TaskLogLine } from '@atropos/client';
import { useEffect, useMemo, useRef, useState } from 'react';

/** How long the stream stays open after the task turns final, for lines still on their way. */
const LINGER_MS = 3_000;

const LEVEL_STYLES: Record<TaskLogLine['level'], { row: string; badge: string }> = {
  debug: { row: 'text-slate-500', badge: 'bg-slate-100 text-slate-600' },
  info: { row: 'text-slate-800', badge: 'bg-sky-50 text-sky-800' },
  warn: { row: 'bg-amber-50/70 text-amber-900', badge: 'bg-amber-100 text-amber-900' },
  error: { row: 'bg-red-50/80 text-red-900', badge: 'bg-red-100 text-red-800' },
};

/** Ids are increasing integers as text: longer is larger, then the text order. */
function after(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

function searchable(line: TaskLogLine): string {
  return `${line.message} ${line.fields ? JSON.stringify(line.fields) : ''}`.toLowerCase();
}

export interface LogViewerProps {
  taskId: string;
  /** The lines the page was rendered with (the first page of GET /tasks/{id}/logs). */
  initialLines: TaskLogLine[];
  /** The first page did not hold every line: the stream fetches the rest on demand. */
  more: boolean;
  /** Why the lines could not be read, if they could not. */
  loadError?: string;
  /** The task is not final: follow its log live. */
  running: boolean;
}

/**
 * A task's log, attempt after attempt: level colours, multi-line entries (and their fields)
 * expandable, a search that keeps only the lines that match, and, while the task runs, new lines
 * as they are stored (Server-Sent Events), scrolled into view unless the reader scrolled up.
 */
export function LogViewer({ taskId, initialLines, more, loadError, running }: LogViewerProps) {
  const [lines, setLines] = useState(initialLines);
  const [query, setQuery] = useState('');
  const [follow, setFollow] = useState(true);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [lingering, setLingering] = useState(false);
  const [wantRest, setWantRest] = useState(false);
  const lastId = useRef(initialLines.at(-1)?.id);
  const box = useRef<HTMLDivElement>(null);
  const wasRunning = useRef(running);

  useEffect(() => {
    if (wasRunning.current && !running) {
      setLingering(true);
      const timer = setTimeout(() => setLingering(false), LINGER_MS);
      wasRunning.current = running;
      return () => clearTimeout(timer);
    }
    wasRunning.current = running;
  }, [running]);

  const live = running || lingering || wantRest;
  useEffect(() => {
    if (!live) return;
    const from = lastId.current;
    const source = new EventSource(`/api/tasks/${encodeURIComponent(taskId)}/logs/stream${from ? `?after=${from}` : ''}`);
    source.addEventListener('log', (event) => {
      const { lines: arrived } = JSON.parse((event as MessageEvent<string>).data) as { lines: TaskLogLine[] };
      const fresh = arrived.filter((line) => !lastId.current || after(line.id, lastId.current));
      if (fresh.length === 0) return;
      lastId.current = fresh.at(-1)!.id;
      setLines((previous) => [...previous, ...fresh]);
    });
    return () => source.close();
  }, [live, taskId]);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);

  const needle = query.trim().toLowerCase();
  const shown = useMemo(() => (needle ? lines.filter((line) => searchable(line).includes(needle)) : lines), [lines, needle]);

  const toggle = (id: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div data-testid="task-log">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <label className="min-w-48 flex-1">
          <span className="sr-only">Search the log</span>
          <input
            type="search"
            className="field-input"
            placeholder="Search the log"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            data-testid="log-search"
          />
        </label>
        <span className="text-xs text-muted" data-testid="log-count" aria-live="polite">
          {needle ? `${shown.length} of ${lines.length} lines` : `${lines.length} ${lines.length === 1 ? 'line' : 'lines'}`}
        </span>
        {running ? (
          <label className="flex items-center gap-1.5 text-xs text-muted">
            <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} data-testid="log-follow" />
            Follow
          </label>
        ) : null}
      </div>
      {loadError ? (
        <p role="alert" className="text-sm text-red-700">
          {loadError}
        </p>
      ) : lines.length === 0 ? (
        <p className="text-sm text-muted" data-testid="log-empty">
          {running ? 'Nothing logged yet; new lines appear here as the task writes them.' : 'This task logged nothing.'}
        </p>
      ) : (
        <div
          ref={box}
          role="log"
          aria-label="Task log"
          className="max-h-[28rem] overflow-auto rounded-md border border-border bg-white font-mono text-xs leading-relaxed"
          onScroll={(event) => {
            const element = event.currentTarget;
            const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
            if (running && atBottom !== follow) setFollow(atBottom);
          }}
        >
          <ol>
            {shown.map((line, index) => {
              const [first, ...rest] = line.message.split('\n');
              const hasMore = rest.length > 0 || line.fields !== null;
              const open = expanded.has(line.id);
              const attemptStarts = index === 0 || shown[index - 1]!.attempt !== line.attempt;
              return (
                <li key={line.id} data-testid="log-line" data-level={line.level} className={LEVEL_STYLES[line.level].row}>
                  {attemptStarts ? (
                    <p className="border-y border-border bg-slate-50 px-3 py-1 font-sans text-[11px] font-medium text-muted">
                      Attempt {line.attempt}
                    </p>
                  ) : null}
                  <div className="flex items-start gap-2 px-3 py-0.5 hover:bg-slate-500/5">
                    <time className="shrink-0 text-slate-400" dateTime={line.time}>
                      {line.time.slice(11, 23)}
                    </time>
                    <span
                      className={`w-11 shrink-0 rounded px-1 text-center text-[10px] leading-4 font-semibold uppercase ${LEVEL_STYLES[line.level].badge}`}
                    >
                      {line.level}
                    </span>
                    <div className="min-w-0 flex-1">
                      {hasMore ? (
                        <button
                          type="button"
                          className="text-left break-words whitespace-pre-wrap hover:underline"
                          aria-expanded={open}
                          onClick={() => toggle(line.id)}
                        >
                          <span aria-hidden="true" className="mr-1 text-slate-400">
                            {open ? '▾' : '▸'}
                          </span>
                          {first}
                          {!open && rest.length > 0 ? <span className="ml-2 text-slate-400">(+{rest.length} lines)</span> : null}
                        </button>
                      ) : (
                        <span className="break-words whitespace-pre-wrap">{first}</span>
                      )}
                      {open ? (
                        <div data-testid="log-line-details">
                          {rest.length > 0 ? <pre className="break-words whitespace-pre-wrap">{rest.join('\n')}</pre> : null}
                          {line.fields ? <pre className="mt-1 text-slate-500">{JSON.stringify(line.fields, null, 2)}</pre> : null}
                        </div>
                      ) : null}
                    </div>
                  </div>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {more && !running && !wantRest ? (
        <button type="button" className="btn-secondary mt-3" onClick={() => setWantRest(true)}>
          Show the rest of the log
        </button>
      ) : null}
    </div>
  );
}
