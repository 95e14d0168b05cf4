import { describe, expect, it } from 'vitest';
import { OrderedByKey } from './ordered-by-key';

const later = <T>(value: T, ms: number) => new Promise<T>((r) => setTimeout(() => r(value), ms));

describe('OrderedByKey', () => {
  it('delivers per key in start order even when later work finishes first; other keys do not wait', async () => {
    const seq = new OrderedByKey();
    const got: string[] = [];
    const errs: unknown[] = [];
    const push = (v: string) => got.push(v);
    const a1 = seq.run('a', later('a1', 40), push, (e) => errs.push(e));
    const a2 = seq.run('a', later('a2', 5), push, (e) => errs.push(e));
    const b1 = seq.run('b', later('b1', 10), push, (e) => errs.push(e));
    expect(seq.pending).toBe(2);
    await Promise.all([a1, a2, b1]);
    expect(got).toEqual(['b1', 'a1', 'a2']);
    expect(errs).toEqual([]);
    expect(seq.pending).toBe(0);
  });

  it('a failed piece of work is reported and does not stop the ones after it', async () => {
    const seq = new OrderedByKey();
    const got: string[] = [];
    const errs: string[] = [];
    const p1 = seq.run('a', Promise.reject(new Error('read failed')), (v: string) => got.push(v), (e) => errs.push((e as Error).message));
    const p2 = seq.run('a', later('a2', 1), (v) => got.push(v), (e) => errs.push(String(e)));
    await Promise.all([p1, p2]);
    expect(errs).toEqual(['read failed']);
    expect(got).toEqual(['a2']);
  });

  it('serial tasks for one key run one after another, in order', async () => {
    const seq = new OrderedByKey();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await later(null, ms);
      log.push(`end ${name}`);
    };
    await Promise.all([seq.serial('a', task('1', 20), () => undefined), seq.serial('a', task('2', 1), () => undefined)]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});
