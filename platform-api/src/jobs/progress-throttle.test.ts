import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from './progress-throttle';

describe('ProgressThrottle', () => {
  let writes: Array<[number, string | null]>;
  let throttle: ProgressThrottle;
  beforeEach(() => {
    vi.useFakeTimers();
    writes = [];
    throttle = new ProgressThrottle(250, (p, s) => writes.push([p, s]));
  });
  afterEach(() => {
    throttle.close();
    vi.useRealTimers();
  });

  it('writes the first value at once and coalesces a burst into one trailing write', () => {
    throttle.report(1, 'proxy');
    for (let p = 2; p <= 60; p++) throttle.report(p);
    expect(writes).toEqual([[1, 'proxy']]);
    vi.advanceTimersByTime(249);
    expect(writes).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual([[1, 'proxy'], [60, 'proxy']]);
    vi.advanceTimersByTime(10_000);
    expect(writes).toHaveLength(2);
  });

  it('stays at or under 4 writes a second under a steady stream', () => {
    for (let ms = 0; ms < 2_000; ms += 10) {
      throttle.report(ms / 40);
      vi.advanceTimersByTime(10);
    }
    expect(writes.length).toBeGreaterThanOrEqual(7);
    expect(writes.length).toBeLessThanOrEqual(9);
  });

  it('always writes 100 immediately, superseding a pending value', () => {
    throttle.report(10, 'scan');
    throttle.report(50);
    throttle.report(100, 'done');
    expect(writes).toEqual([[10, 'scan'], [100, 'done']]);
    vi.advanceTimersByTime(1_000);
    expect(writes).toHaveLength(2);
  });

  it('clamps, ignores NaN, and writes nothing after close', () => {
    throttle.report(Number.NaN);
    throttle.report(-5);
    throttle.report(140);
    expect(writes).toEqual([[0, null], [100, null]]);
    throttle.report(20);
    throttle.close();
    vi.advanceTimersByTime(1_000);
    throttle.report(100);
    expect(writes).toHaveLength(2);
  });

  it('writes whole percents and skips a value equal to the last written one (issue 7)', () => {
    throttle.report(27.099999999999998, 'proxy');
    vi.advanceTimersByTime(300);
    throttle.report(27.3);
    vi.advanceTimersByTime(300);
    throttle.report(33.50000000000001);
    vi.advanceTimersByTime(300);
    throttle.report(33.6, 'sprite');
    expect(writes).toEqual([[27, 'proxy'], [34, 'proxy'], [34, 'sprite']]);
  });
});
