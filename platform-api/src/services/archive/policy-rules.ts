import type { ArchivePolicy, Asset, StorageTier } from '@cutaway/shared';

const COLDNESS: Record<StorageTier, number> = { online: 0, nearline: 1, archive: 2 };
const DAY_MS = 24 * 60 * 60_000;
const days = (ms: number) => Math.floor(ms / DAY_MS);

/**
 * Why `asset` matches `policy`, in words for a dry-run list, or null when it does not.
 * Pure: the clock and the asset's next air time are passed in. Policies only move originals colder.
 */
export function matchPolicy(asset: Asset, policy: ArchivePolicy, now: Date, nextAir: Date | null): string | null {
  if (asset.status !== 'ready' || asset.tierMove) return null;
  if (COLDNESS[asset.storageTier] >= COLDNESS[policy.targetTier]) return null;
  const r = policy.rules;
  const why: string[] = [];
  const age = now.getTime() - Date.parse(asset.createdAt);
  if (r.minAgeDays !== undefined) {
    if (age < r.minAgeDays * DAY_MS) return null;
    why.push(`${days(age)} days old`);
  }
  if (r.unusedForDays !== undefined) {
    const idle = now.getTime() - Date.parse(asset.lastUsedAt ?? asset.createdAt);
    if (idle < r.unusedForDays * DAY_MS) return null;
    why.push(asset.lastUsedAt ? `unused for ${days(idle)} days` : 'never used');
  }
  if (r.types && !r.types.includes(asset.type)) return null;
  const tags = new Set(asset.tags.map((t) => t.toLowerCase()));
  if (r.tagsAny) {
    const hit = r.tagsAny.find((t) => tags.has(t.toLowerCase()));
    if (!hit) return null;
    why.push(`tagged ${hit}`);
  }
  if (r.tagsNone?.some((t) => tags.has(t.toLowerCase()))) return null;
  if (r.notAiringWithinDays !== undefined) {
    if (nextAir && nextAir.getTime() - now.getTime() <= r.notAiringWithinDays * DAY_MS) return null;
    why.push(nextAir ? `next airs ${nextAir.toISOString().slice(0, 10)}` : 'in no upcoming rundown');
  }
  return why.length ? why.join(', ') : 'matches every rule';
}

export const isColder = (a: StorageTier, b: StorageTier) => COLDNESS[a] > COLDNESS[b];
