import { AppError, type Asset, type EnrichStep, type EnrichStepState } from '@cutaway/shared';
import type { AssetStore } from '../../ports/asset-store';
import type { EventBus } from '../../ports/event-bus';
import type { JobQueue } from '../../ports/job-queue';
import type { ObjectStorage } from '../../ports/object-storage';
import type { SearchIndex } from '../../ports/search-index';
import type { VectorIndex } from '../../ports/vector-index';
import type { Clock } from '../../ports/clock';
import { FIRST_STEPS, NEXT_STEPS, VISION_STEPS, type EnrichEngines } from './engines';
import type { PeopleService } from '../people/people-service';
import { runStep, type StepContext, type StepResult } from './steps';

export const ENRICH_PRIORITY = 60;

type Deps = {
  assets: AssetStore;
  index: SearchIndex;
  vectors: VectorIndex | null;
  storage: ObjectStorage;
  queue: JobQueue;
  events: EventBus;
  clock: Clock;
  engines: EnrichEngines;
  /** Face tracks become people here (issue 17); absent, the faces step is skipped. */
  people?: PeopleService;
};

/**
 * Runs enrichment steps as durable jobs. Each step is idempotent (it replaces its own segments),
 * records engine, model and confidence on the asset, and queues the steps it unlocks.
 */
export class EnrichmentService {
  constructor(private readonly deps: Deps) {}

  /** Queues the first steps for a freshly ingested asset. */
  async afterIngest(asset: Asset, priority = ENRICH_PRIORITY): Promise<void> {
    const vision = VISION_STEPS[asset.type].filter((s) => this.deps.engines[s]);
    await this.queueSteps(asset, [...FIRST_STEPS[asset.type], ...vision], priority);
  }

  /** `POST /assets/:id/enrich`: (re-)runs the given steps; each replaces its previous output. */
  async request(assetId: string, steps: readonly EnrichStep[], priority = ENRICH_PRIORITY): Promise<Asset> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset) throw new AppError('asset.not_found', `No asset ${assetId}`, { id: assetId });
    if (asset.status !== 'ready') throw new AppError('asset.not_ready', `Asset ${assetId} is ${asset.status}; enrichment needs a ready asset`, { id: assetId, status: asset.status });
    return this.queueSteps(asset, steps, priority);
  }

  async run(assetId: string, step: EnrichStep, progress: (percent: number, stage: string) => void, signal: AbortSignal): Promise<void> {
    const asset = await this.deps.assets.get(assetId);
    if (!asset) return; // deleted while queued
    await this.setState(asset.id, step, { status: 'running' });
    const ctx: StepContext = { ...this.deps, asset, progress, signal };
    let result: StepResult;
    try {
      result = await runStep(step, ctx);
    } catch (err) {
      // The job layer retries; the asset shows the latest failure until a run succeeds.
      await this.setState(asset.id, step, { status: 'failed', note: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    // "Step done" and "its follow-ups queued" are one change to the asset: one asset.updated, sent by queueSteps.
    const updated = await this.setState(asset.id, step, { ...result, finishedAt: this.deps.clock.now().toISOString() }, false);
    progress(100, 'done');
    const job = (await this.deps.queue.list({ assetId, status: 'running', limit: 20 })).find((j) => j.name === 'enrich.step');
    const next = NEXT_STEPS[step].filter((s) => this.isWanted(updated, s));
    if (next.length) await this.queueSteps(updated, next, job?.priority ?? ENRICH_PRIORITY);
    else this.deps.events.publish({ type: 'asset.updated', asset: updated });
  }

  /** A follow-up step runs only if it has an engine and was not skipped deliberately. */
  private isWanted(_asset: Asset, step: EnrichStep): boolean {
    return step === 'embeddings' ? Boolean(this.deps.engines.embeddings && this.deps.vectors) : Boolean(this.deps.engines[step]);
  }

  /** Queues the steps and announces the asset once, in its final state (not once per step: issue 7). */
  private async queueSteps(asset: Asset, steps: readonly EnrichStep[], priority: number): Promise<Asset> {
    let current = asset;
    for (const step of steps) {
      current = await this.setState(asset.id, step, { status: 'queued', note: null }, false);
      await this.deps.queue.enqueue('enrich.step', { assetId: asset.id, step }, { priority, dedupeKey: `enrich.step:${asset.id}:${step}` });
    }
    if (steps.length) this.deps.events.publish({ type: 'asset.updated', asset: current });
    return current;
  }

  private async setState(assetId: string, step: EnrichStep, patch: Partial<EnrichStepState>, announce = true): Promise<Asset> {
    const updated = await this.deps.assets.updateEnrichment(assetId, step, patch);
    if (announce) this.deps.events.publish({ type: 'asset.updated', asset: updated });
    return updated;
  }
}
