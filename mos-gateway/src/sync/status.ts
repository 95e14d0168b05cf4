import type { Asset, MediaLinks } from '@cutaway/shared';
import { objAir } from './objects';

/** An item's status as we report it (roElementStat/roItemStat, MOS 2.8.5 §3.7.2; iNews maps these strings via statusTranslations). */
export type ItemStatus = 'READY' | 'NOT READY' | 'DELETED';

export function itemStatus(asset: Asset | null, links: MediaLinks | null): ItemStatus {
  if (!asset) return 'DELETED';
  return objAir(asset, links);
}
