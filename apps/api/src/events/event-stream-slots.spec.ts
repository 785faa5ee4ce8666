import { describe, expect, it } from '@jest/globals';
import { HttpException } from '@nestjs/common';
import { EventStreamSlots } from './event-stream-slots.js';

const statusOf = (work: () => unknown) => {
  try {
    work();
    return 'ok';
  } catch (error) {
    return error instanceof HttpException ? error.getStatus() : error;
  }
};

describe('EventStreamSlots', () => {
  it('caps each client, then the total, and frees a slot once per release', () => {
    const slots = new EventStreamSlots(3, 2);
    const a1 = slots.acquire('a');
    slots.acquire('a');
    expect(statusOf(() => slots.acquire('a'))).toBe(429);
    slots.acquire('b');
    expect(statusOf(() => slots.acquire('c'))).toBe(429);
    a1();
    a1();
    expect(slots.open).toBe(2);
    expect(statusOf(() => slots.acquire('c'))).toBe('ok');
    expect(statusOf(() => slots.acquire('a'))).toBe(429);
  });
});
