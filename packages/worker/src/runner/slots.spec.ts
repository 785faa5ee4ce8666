import { describe, expect, it } from '@jest/globals';
import { Slots } from './slots.js';

describe('Slots', () => {
  it('lets `size` holders in at once and the next waiter in when one leaves', async () => {
    const slots = new Slots(2);
    expect(await slots.acquire()).toBe(true);
    expect(await slots.acquire()).toBe(true);
    let third: boolean | undefined;
    const waiting = slots.acquire().then((granted) => (third = granted));
    await Promise.resolve();
    expect(third).toBeUndefined();
    slots.release();
    await waiting;
    expect(third).toBe(true);
  });

  it('refuses the waiting and every later caller once closed', async () => {
    const slots = new Slots(1);
    await slots.acquire();
    const waiting = slots.acquire();
    slots.close();
    expect(await waiting).toBe(false);
    slots.release();
    expect(await slots.acquire()).toBe(false);
  });
});
