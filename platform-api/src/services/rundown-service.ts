import { AppError, type Rundown, type RundownInput, type RundownLink, type RundownListQuery, type RundownSummary } from '@cutaway/shared';
import type { AssetStore } from '../ports/asset-store';
import type { Clock, IdGenerator } from '../ports/clock';
import type { EventBus } from '../ports/event-bus';
import type { JobQueue } from '../ports/job-queue';
import type { RundownStore } from '../ports/rundown-store';

/** Job priority for media due to air soon (JobSchema: 0 = urgent). */
export const URGENT_PRIORITY = 0;

export const summarize = (r: Rundown): RundownSummary => {
  const { stories, ...rest } = r;
  return { ...rest, storyCount: stories.length, itemCount: stories.reduce((n, s) => n + s.items.length, 0) };
};
const assetIds = (r: Rundown) => [...new Set(r.stories.flatMap((s) => s.items.map((i) => i.assetId)).filter((id): id is string => id !== null))];

/**
 * Running orders the MOS gateway receives (MOS 2.8.5 Profiles 2/4), their asset links, and the
 * air-time rule: media used in a running order that airs within `urgentWindowMs` gets its pending
 * jobs raised to urgent.
 */
export class RundownService {
  constructor(
    private readonly deps: {
      rundowns: RundownStore; assets: AssetStore; queue: JobQueue; events: EventBus; clock: Clock; ids: IdGenerator; urgentWindowMs: number;
      /**
       * Called for every asset a running order uses, with its air time: the archive restores an archived
       * original by then (issue 13) and lifecycle rules see the use. Its failures never fail the rundown.
       */
      onUse?: (assetId: string, airTime: Date | null) => Promise<void>;
    },
  ) {}

  /** Creates or replaces the running order with this (ncsId, roId). Items naming an unknown asset keep objId, lose assetId. */
  async put(input: RundownInput): Promise<Rundown> {
    const wanted = [...new Set(input.stories.flatMap((s) => s.items.map((i) => i.assetId)).filter((id): id is string => id !== null))];
    const known = new Set((await this.deps.assets.getMany(wanted)).map((a) => a.id));
    const now = this.deps.clock.now().toISOString();
    const stories = input.stories.map((s) => ({ ...s, items: s.items.map((i) => (i.assetId && !known.has(i.assetId) ? { ...i, assetId: null } : i)) }));
    const { rundown, previousAssetIds } = await this.deps.rundowns.put({ ...input, stories, id: this.deps.ids.newId(), createdAt: now, updatedAt: now });
    const used = assetIds(rundown);
    await this.raiseIfAiringSoon(rundown, used);
    const airTime = rundown.airTime ? new Date(rundown.airTime) : null;
    for (const id of used) await this.deps.onUse?.(id, airTime);
    this.deps.events.publish({ type: 'rundown.updated', rundown: summarize(rundown), deleted: false, assetIds: [...new Set([...used, ...previousAssetIds])] });
    return rundown;
  }

  /**
   * Adds an item playing an asset (or a range of it) at the end of one story of a mirrored running order
   * (the `link_to_rundown` tool; any front end may call it). Only Cutaway's mirror changes: MOS gives a device
   * no message that inserts an item into an NRCS story (MOS 2.8.5 §3: items come from the NRCS, or from the
   * journalist's drag out of the plug-in), so the NRCS's next roReplace or roReqAll answer is what stays.
   */
  async addAssetItem(input: { rundownId: string; storyIndex: number; assetId: string; inMs?: number; outMs?: number }): Promise<{ rundown: Rundown; storyId: string; itemId: string }> {
    if (input.inMs !== undefined && input.outMs !== undefined && input.outMs <= input.inMs) {
      throw new AppError('request.invalid', 'outMs must be after inMs', [{ path: 'outMs', message: 'must be after inMs' }]);
    }
    const ro = await this.get(input.rundownId);
    const story = ro.stories[input.storyIndex];
    if (!story) throw new AppError('rundown.not_found', `Running order ${input.rundownId} has no story ${input.storyIndex}`, { storyIndex: input.storyIndex });
    // put() keeps an unknown asset's item without a link; here the caller asked for that asset, so say it is missing.
    if (!(await this.deps.assets.get(input.assetId))) throw new AppError('asset.not_found', `No asset ${input.assetId}`, { id: input.assetId });
    const itemId = `cw-${this.deps.ids.newId().slice(-10)}`;
    const item = { itemId, slug: `Cutaway ${input.assetId}`, objId: input.assetId, mosId: ro.mosId, assetId: input.assetId, inMs: input.inMs ?? null, outMs: input.outMs ?? null, channel: null, abstract: null, status: null };
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = ro;
    const rundown = await this.put({ ...rest, stories: ro.stories.map((s, i) => (i === input.storyIndex ? { ...s, items: [...s.items, item] } : s)) });
    return { rundown, storyId: story.storyId, itemId };
  }

  async get(id: string): Promise<Rundown> {
    const r = await this.deps.rundowns.get(id);
    if (!r) throw new AppError('rundown.not_found', `No rundown ${id}`, { id });
    return r;
  }

  async findByKey(ncsId: string, roId: string): Promise<Rundown> {
    const r = await this.deps.rundowns.findByKey(ncsId, roId);
    if (!r) throw new AppError('rundown.not_found', `No rundown ${roId} from ${ncsId}`, { ncsId, roId });
    return r;
  }

  list(query: RundownListQuery): Promise<RundownSummary[]> {
    return this.deps.rundowns.list(query);
  }

  async delete(id: string): Promise<void> {
    const gone = await this.deps.rundowns.delete(id);
    if (!gone) throw new AppError('rundown.not_found', `No rundown ${id}`, { id });
    this.deps.events.publish({ type: 'rundown.updated', rundown: summarize(gone), deleted: true, assetIds: assetIds(gone) });
  }

  /** Where an asset is used: every item in every running order that plays it. */
  async linksForAsset(assetId: string): Promise<RundownLink[]> {
    if (!(await this.deps.assets.get(assetId))) throw new AppError('asset.not_found', `No asset ${assetId}`, { id: assetId });
    return this.deps.rundowns.linksForAsset(assetId);
  }

  /**
   * Run periodically: running orders cross into the window as the clock moves, not only when written.
   * Shows that aired within the last hour still count (a late item may still be fixed up on air).
   */
  async raiseUrgentJobs(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    const ids = await this.deps.rundowns.assetsAiringBetween(new Date(now - 3600_000), new Date(now + this.deps.urgentWindowMs));
    let raised = 0;
    for (const id of ids) raised += await this.deps.queue.prioritize(id, URGENT_PRIORITY);
    return raised;
  }

  private async raiseIfAiringSoon(r: Rundown, used: string[]): Promise<void> {
    if (!r.airTime) return;
    const delta = Date.parse(r.airTime) - this.deps.clock.now().getTime();
    if (delta > this.deps.urgentWindowMs || delta < -3600_000) return;
    for (const id of used) await this.deps.queue.prioritize(id, URGENT_PRIORITY);
  }
}
