import type { Asset, RenditionKind, StorageReport, StorageTier } from '@cutaway/shared';
import type { ArchiveStore } from '../../ports/archive-store';
import type { AssetStore } from '../../ports/asset-store';
import type { Clock } from '../../ports/clock';
import { allAssets } from './policy-service';

export interface StoragePrices {
  currency: string;
  perGbMonth: Record<StorageTier, number>;
  restorePerGb: Record<StorageTier, number>;
  source: string;
}

/**
 * Defaults: Amazon S3 list prices for US East (N. Virginia), first 50 TB, as published on
 * https://aws.amazon.com/s3/pricing/ (read 2025-06): S3 Standard $0.023, Glacier Instant Retrieval
 * $0.004 and Glacier Deep Archive $0.00099 per GB-month; retrieval $0.03/GB (Instant Retrieval) and
 * $0.02/GB (Deep Archive, standard). Operators set their own (CUTAWAY_PRICE_*).
 */
export const DEFAULT_PRICES: StoragePrices = Object.freeze({
  currency: 'USD',
  perGbMonth: { online: 0.023, nearline: 0.004, archive: 0.00099 },
  restorePerGb: { online: 0, nearline: 0.03, archive: 0.02 },
  source: 'Amazon S3 list prices, US East (N. Virginia), first 50 TB, aws.amazon.com/s3/pricing, read 2025-06',
});

const GB = 1e9; // S3 bills decimal GB
const TIERS: readonly StorageTier[] = ['online', 'nearline', 'archive'];
/** Costs to a hundredth of a cent: small test libraries still show their proportions. */
const round = (n: number) => Math.round(n * 10_000) / 10_000;

interface Usage { objects: number; bytes: number }

/** Where every stored object sits and what it costs: originals in their tier, every other rendition online. */
export class StorageReportService {
  constructor(private readonly deps: { assets: AssetStore; store: ArchiveStore; clock: Clock; prices: StoragePrices }) {}

  async report(): Promise<StorageReport> {
    const now = this.deps.clock.now();
    const usage = new Map<StorageTier, Map<RenditionKind, Usage>>(TIERS.map((t) => [t, new Map()]));
    for await (const asset of allAssets(this.deps.assets)) {
      for (const [tier, kind, objects, bytes] of objectsOf(asset)) {
        const u = usage.get(tier)!.get(kind) ?? { objects: 0, bytes: 0 };
        u.objects += objects;
        u.bytes += bytes;
        usage.get(tier)!.set(kind, u);
      }
    }
    const p = this.deps.prices;
    const tiers = TIERS.map((tier) => {
      const byRendition = Object.fromEntries(usage.get(tier)!) as Record<RenditionKind, Usage>;
      const objects = Object.values(byRendition).reduce((n, u) => n + u.objects, 0);
      const bytes = Object.values(byRendition).reduce((n, u) => n + u.bytes, 0);
      return { tier, objects, bytes, monthlyCost: round((bytes / GB) * p.perGbMonth[tier]), byRendition };
    });
    const bytes = tiers.reduce((n, t) => n + t.bytes, 0);
    const cost = tiers.reduce((n, t) => n + (t.bytes / GB) * p.perGbMonth[t.tier], 0);
    const allOnline = (bytes / GB) * p.perGbMonth.online;
    const monthlyCost = round(cost);
    const allOnlineMonthlyCost = round(allOnline);
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const restores = await this.deps.store.restoresSince(monthStart);
    const restoredBytes = restores.reduce((n, r) => n + r.bytes, 0);
    return {
      generatedAt: now.toISOString(),
      currency: p.currency,
      prices: { perGbMonth: p.perGbMonth, restorePerGb: p.restorePerGb, source: p.source },
      tiers,
      total: { objects: tiers.reduce((n, t) => n + t.objects, 0), bytes, monthlyCost },
      allOnlineMonthlyCost,
      monthlySaving: round(allOnline - cost),
      savingPercent: allOnline > 0 ? Math.round((1e4 * (allOnline - cost)) / allOnline) / 100 : 0,
      restoresThisMonth: { count: restores.length, bytes: restoredBytes, cost: round(restores.reduce((n, r) => n + (r.bytes / GB) * p.restorePerGb[r.tier], 0)) },
    };
  }
}

/** [tier, rendition kind, objects, bytes] per stored rendition of one asset. Thumbnails are one file per time. */
function objectsOf(asset: Asset): Array<[StorageTier, RenditionKind, number, number]> {
  const out: Array<[StorageTier, RenditionKind, number, number]> = [[asset.storageTier, 'original', 1, asset.sizeBytes]];
  for (const r of asset.renditions) {
    if (r.kind === 'original') continue; // counted above, from the asset itself
    out.push(['online', r.kind, r.kind === 'thumbnail' ? (r.timesMs?.length ?? 1) : 1, r.sizeBytes]);
  }
  return out;
}

/** The report as CSV for spreadsheets: one row per tier and rendition kind, then the totals. */
export function reportToCsv(r: StorageReport): string {
  const rows = [['tier', 'rendition', 'objects', 'bytes', `monthly_cost_${r.currency.toLowerCase()}`]];
  for (const t of r.tiers) {
    for (const [kind, u] of Object.entries(t.byRendition)) rows.push([t.tier, kind, String(u.objects), String(u.bytes), '']);
    rows.push([t.tier, '*', String(t.objects), String(t.bytes), t.monthlyCost.toFixed(4)]);
  }
  rows.push(['*', '*', String(r.total.objects), String(r.total.bytes), r.total.monthlyCost.toFixed(4)]);
  rows.push(['all_online', '*', '', String(r.total.bytes), r.allOnlineMonthlyCost.toFixed(4)]);
  rows.push(['saving', `${r.savingPercent}%`, '', '', r.monthlySaving.toFixed(4)]);
  rows.push(['restores_this_month', '*', String(r.restoresThisMonth.count), String(r.restoresThisMonth.bytes), r.restoresThisMonth.cost.toFixed(4)]);
  return rows.map((row) => row.join(',')).join('\n') + '\n';
}
