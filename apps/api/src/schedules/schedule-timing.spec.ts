import { cronOf, cronProblem, dueSlots, MISFIRE_GRACE_MS, nextRuns, timezoneProblem } from './schedule-timing.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('schedule timing', () => {
  it('skips no day at a spring-forward: 02:30 Berlin, which 2026-03-29 has not, fires at 03:00 that day', () => {
    const cron = cronOf('30 2 * * *', 'Europe/Berlin');
    expect(iso(nextRuns(cron, new Date('2026-03-28T00:00:00Z'), 3))).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first time after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('fires a time repeated by a fall-back once: 01:30 New York on 2026-11-01 happens twice', () => {
    const cron = cronOf('30 1 * * *', 'America/New_York');
    expect(iso(nextRuns(cron, new Date('2026-10-31T00:00:00Z'), 3))).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, the first of the two
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it('keeps local wall-clock time across a transition: 09:00 New York is 13:00 UTC in summer, 14:00 in winter', () => {
    const cron = cronOf('0 9 * * *', 'America/New_York');
    expect(iso(nextRuns(cron, new Date('2026-10-31T12:00:00Z'), 2))).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z']);
  });

  it('accepts six fields with seconds first', () => {
    expect(iso(nextRuns(cronOf('*/10 * * * * *', 'UTC'), new Date('2026-01-01T00:00:01Z'), 2))).toEqual([
      '2026-01-01T00:00:10.000Z',
      '2026-01-01T00:00:20.000Z',
    ]);
  });

  it('names what is wrong with a pattern or zone', () => {
    expect(cronProblem('61 * * * *', 'UTC')).toMatch(/not a valid cron expression.*minute/);
    expect(cronProblem('* * *', 'UTC')).toMatch(/not a valid cron expression/);
    expect(cronProblem('0 9 * * 1-5', 'UTC')).toBeNull();
    expect(timezoneProblem('Mars/Olympus_Mons')).toMatch(/not a known IANA time zone/);
    expect(timezoneProblem('Asia/Kolkata')).toBeNull();
  });

  describe('due slots', () => {
    const everyMinute = cronOf('0 * * * * *', 'UTC');
    const now = new Date('2026-01-01T12:00:10Z');
    const after = new Date('2026-01-01T11:55:30Z'); // slots 11:56 … 12:00 are unsettled

    it('fires slots late by less than the grace whatever the policy, and of older ones none', () => {
      expect(MISFIRE_GRACE_MS).toBe(30_000);
      expect(iso(dueSlots(everyMinute, after, now, 'none'))).toEqual(['2026-01-01T12:00:00.000Z']);
    });

    it('fires the newest missed slot with catch_up latest', () => {
      expect(iso(dueSlots(everyMinute, after, now, 'latest'))).toEqual(['2026-01-01T11:59:00.000Z', '2026-01-01T12:00:00.000Z']);
    });

    it('fires every missed slot with catch_up all, oldest first', () => {
      expect(iso(dueSlots(everyMinute, after, now, 'all'))).toEqual([
        '2026-01-01T11:56:00.000Z',
        '2026-01-01T11:57:00.000Z',
        '2026-01-01T11:58:00.000Z',
        '2026-01-01T11:59:00.000Z',
        '2026-01-01T12:00:00.000Z',
      ]);
    });

    it('bounds catch_up all to the newest 100 slots', () => {
      const slots = dueSlots(everyMinute, new Date('2025-12-01T00:00:00Z'), now, 'all');
      expect(slots).toHaveLength(100);
      expect(slots.at(-1)!.toISOString()).toBe('2026-01-01T12:00:00.000Z');
      expect(slots[0]!.toISOString()).toBe('2026-01-01T10:21:00.000Z');
    });

    it('returns nothing when every slot is settled', () => {
      expect(dueSlots(everyMinute, new Date('2026-01-01T12:00:00Z'), now, 'all')).toEqual([]);
    });
  });
});
