import { join } from 'node:path';
import { LocalFsObjectStorage } from '../../src/adapters/local-fs/local-fs-object-storage';
import { TierRecords } from '../../src/adapters/local-fs/tier-records';
import { TieredLocalStorage, type MoveStep } from '../../src/adapters/local-fs/tiered-local-storage';
import type { Clock } from '../../src/ports/clock';

/** Local storage with a volume per tier under `dir` (online/, nearline/, archive/) and records in tiers/. */
export function tieredAt(dir: string, o: { onStep?: (key: string, step: MoveStep) => void; clock?: Clock; restoreLatencyMs?: number } = {}): TieredLocalStorage {
  const v = (name: string) => new LocalFsObjectStorage(join(dir, name));
  return new TieredLocalStorage({
    volumes: { online: v('online'), nearline: v('nearline'), archive: v('archive') },
    records: new TierRecords(join(dir, 'tiers')),
    restoreLatencyMs: o.restoreLatencyMs ?? 0,
    clock: o.clock ?? { now: () => new Date() },
    ...(o.onStep ? { onStep: o.onStep } : {}),
  });
}
