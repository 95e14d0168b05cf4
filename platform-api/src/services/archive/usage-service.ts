import type { Asset } from '@cutaway/shared';
import type { AssetStore } from '../../ports/asset-store';
import type { Clock } from '../../ports/clock';
import type { ArchivePolicyService } from './policy-service';

/** "Unused for N days" needs day precision, so one write an hour per asset is plenty. */
const TOUCH_EVERY_MS = 60 * 60_000;

export type UsageKind = 'download' | 'rundown' | 'review' | 'open';

/**
 * Records that an asset was used (lifecycle rules read `lastUsedAt`), and lets policies with
 * `restoreOnUse` bring its original back. Every front end that uses media calls this one service.
 */
export class AssetUsageService {
  constructor(private readonly deps: { assets: AssetStore; policies: ArchivePolicyService; clock: Clock }) {}

  async used(asset: Asset, _kind: UsageKind, neededBy: Date | null = null): Promise<void> {
    const now = this.deps.clock.now();
    if (!asset.lastUsedAt || now.getTime() - Date.parse(asset.lastUsedAt) >= TOUCH_EVERY_MS) {
      // No event: a usage stamp is bookkeeping, not a change people need to see.
      asset = await this.deps.assets.update(asset.id, { lastUsedAt: now.toISOString() });
    }
    await this.deps.policies.onUse(asset, neededBy);
  }
}
