/** Formatting shared by the pages: numbers, sizes and durations for people. */

const integer = new Intl.NumberFormat('en-US');
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]!}`;
}

/** Units a field name may end with, shown in brackets: `duration_s` → `Duration (s)`. */
const UNIT_SUFFIXES: Record<string, string> = { s: 's', ms: 'ms', kbps: 'kbit/s', bytes: 'bytes', pct: '%' };
const ACRONYMS: Record<string, string> = { fps: 'FPS', id: 'ID' };

/** `record_count` → `Record count`, `duration_s` → `Duration (s)`, `fps` → `FPS`. */
export function humanize(name: string): string {
  const words = name.split('_').filter(Boolean);
  const unit = words.length > 1 ? UNIT_SUFFIXES[words.at(-1)!] : undefined;
  if (unit) words.pop();
  const text = words.map((word) => ACRONYMS[word] ?? word).join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${unit ? ` (${unit})` : ''}`;
}

/** The first block of a UUID: enough to tell tasks apart in a list. */
export function shortId(id: string): string {
  return id.split('-')[0] ?? id;
}

/** How long a task ran (or has been running, up to `now`); null before it started. */
export function taskDurationMs(
  task: { started_at: string | null; completed_at: string | null; status: string },
  now: number,
): number | null {
  if (!task.started_at) return null;
  const end = task.completed_at ? Date.parse(task.completed_at) : task.status === 'processing' ? now : null;
  return end === null ? null : Math.max(0, end - Date.parse(task.started_at));
}
