import { IdSchema } from '@cutaway/shared';
import { describe, expect, it } from 'vitest';
import { randomIds } from './ids';

describe('randomIds', () => {
  it('are valid ids that strictly increase within a process, also many in one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => randomIds.newId());
    for (const id of ids) expect(IdSchema.safeParse(id).success).toBe(true);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    // 20,000 ids take far less than 20,000 ms: many shared a millisecond, and still increase.
    const prefixes = new Set(ids.map((id) => id.slice(0, 8)));
    expect(prefixes.size).toBeLessThan(ids.length);
  });

  it('draw a fresh random part in a new millisecond (two processes are not expected to collide)', async () => {
    const a = randomIds.newId();
    await new Promise((r) => setTimeout(r, 3));
    const b = randomIds.newId();
    expect(b.slice(0, 8) > a.slice(0, 8)).toBe(true);
    // 60 random bits in the first 12 characters: equal only if the part were not random.
    expect(b.slice(8, 20)).not.toBe(a.slice(8, 20));
  });
});
