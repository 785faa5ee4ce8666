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
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** `record_count` → `Record count`. */
export function humanize(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
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
