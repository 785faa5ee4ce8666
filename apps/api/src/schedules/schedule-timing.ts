import { Cron } from 'croner';

/** What a schedule does with slots that passed while no API was up (or the schedule was late). */
export const CATCH_UP_POLICIES = ['none', 'latest', 'all'] as const;
export type CatchUp = (typeof CATCH_UP_POLICIES)[number];

/** What a slot does while the schedule's previous task is unfinished. */
export const OVERLAP_POLICIES = ['skip', 'allow', 'cancel_previous'] as const;
export type Overlap = (typeof OVERLAP_POLICIES)[number];

/**
 * A slot at most this late fires whatever the catch-up policy: the scheduler ticks every
 * SCHEDULER_INTERVAL_MS, and a replica that restarts or stalls for a few seconds has not "missed"
 * anything. Older slots are what `catch_up` decides about.
 */
export const MISFIRE_GRACE_MS = 30_000;

/** `catch_up: all` fires at most this many missed slots (the newest), so a long outage cannot flood the queue. */
export const CATCH_UP_LIMIT = 100;

/**
 * The cron pattern in its zone: 5 fields (minute first) or 6 (second first). Daylight-saving
 * transitions are the zone's: a time skipped by spring-forward fires at the first time after the
 * gap, a time repeated by fall-back fires once (croner's documented behaviour).
 * Throws with croner's message when the pattern or zone is invalid.
 */
export function cronOf(pattern: string, timezone: string): Cron {
  return new Cron(pattern, { timezone, mode: '5-or-6-parts', paused: true });
}

/** Why the zone is not an IANA time zone this runtime knows, or null. */
export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return null;
  } catch {
    return `is not a known IANA time zone (such as UTC, Europe/Berlin or America/New_York)`;
  }
}

/** Why the pattern is not a cron expression, or null. */
export function cronProblem(pattern: string, timezone: string): string | null {
  try {
    const cron = cronOf(pattern, timezone);
    if (cron.nextRun(new Date()) === null) return 'never fires';
    return null;
  } catch (error) {
    const message = (error as Error).message.replace(/^CronPattern: /, '');
    return `is not a valid cron expression (5 fields "minute hour day month weekday", or 6 with seconds first): ${message}`;
  }
}

/** The next `count` fire times after `from`. */
export function nextRuns(cron: Cron, from: Date, count: number): Date[] {
  return cron.nextRuns(count, from);
}

/**
 * The slots that are due at `now` for a schedule whose slots up to `after` are settled, oldest
 * first: every slot at most MISFIRE_GRACE_MS late, and of the older ones none, the newest, or the
 * newest CATCH_UP_LIMIT (fewer the more recent ones there are), as `catchUp` says.
 */
export function dueSlots(cron: Cron, after: Date, now: Date, catchUp: CatchUp): Date[] {
  const graceStart = new Date(Math.max(after.getTime(), now.getTime() - MISFIRE_GRACE_MS));
  const recent: Date[] = [];
  for (let slot = cron.nextRun(graceStart); slot && slot <= now && recent.length < CATCH_UP_LIMIT; slot = cron.nextRun(slot)) {
    recent.push(slot);
  }
  if (catchUp === 'none' || graceStart.getTime() === after.getTime()) return recent;
  const older = catchUp === 'latest' ? 1 : Math.max(0, CATCH_UP_LIMIT - recent.length);
  if (older === 0) return recent;
  const missed = cron
    .previousRuns(older, graceStart)
    .filter((slot) => slot > after && slot <= graceStart)
    .reverse();
  return [...missed, ...recent];
}
