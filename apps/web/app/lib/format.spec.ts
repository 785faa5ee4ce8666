import { describe, expect, it } from '@jest/globals';
import { formatBytes, formatDuration, humanize, taskDurationMs } from './format';

describe('formatting for people', () => {
  it('writes durations at the scale that reads best', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4_200)).toBe('4.2 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(192_000)).toBe('3 min 12 s');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });

  it('writes sizes in decimal units', () => {
    expect(formatBytes(614)).toBe('614 B');
    expect(formatBytes(3_456_000)).toBe('3.46 MB');
  });

  it('names fields in words, units in brackets', () => {
    expect(humanize('record_count')).toBe('Record count');
    expect(humanize('duration_s')).toBe('Duration (s)');
    expect(humanize('fps')).toBe('FPS');
    expect(humanize('s')).toBe('S');
  });

  it('measures a task from its start to its end, or to now while it runs', () => {
    const started = '2026-11-23T10:00:00.000Z';
    expect(taskDurationMs({ status: 'pending', started_at: null, completed_at: null }, 0)).toBeNull();
    expect(taskDurationMs({ status: 'completed', started_at: started, completed_at: '2026-11-23T10:00:02.500Z' }, 0)).toBe(2_500);
    expect(taskDurationMs({ status: 'processing', started_at: started, completed_at: null }, Date.parse(started) + 1_000)).toBe(1_000);
  });
});
