import { AppError, type ArchivePolicy, type ArchivePolicyCreate, type Asset, type PolicyCandidate, type PolicyRun } from '@cutaway/shared';
import type { AirSchedule, ArchiveStore } from '../../ports/archive-store';
import type { AssetStore } from '../../ports/asset-store';
import type { Clock, IdGenerator } from '../../ports/clock';
import type { EventBus } from '../../ports/event-bus';
import type { JobQueue } from '../../ports/job-queue';
import type { ArchiveService } from '../archive-service';
import { matchPolicy } from './policy-rules';

/** A dry run lists this many candidates; the totals count all of them. */
const LIST_LIMIT = 500;
/** How often the scheduler looks for due policies. */
export const POLICY_TICK_MS = 60_000;

/** Pages through the whole catalog; the store's own cursor keeps it stable while rows change. */
export async function* allAssets(assets: AssetStore): AsyncGenerator<Asset> {
  let cursor: string | undefined;
  do {
    const page = await assets.list({ limit: 200, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Lifecycle policies: rules that move originals to colder tiers by themselves, with dry runs and a schedule. */
export class ArchivePolicyService {
  constructor(
    private readonly deps: { store: ArchiveStore; assets: AssetStore; archive: ArchiveService; queue: JobQueue; events: EventBus; air: AirSchedule; clock: Clock; ids: IdGenerator },
  ) {}

  list(): Promise<ArchivePolicy[]> {
    return this.deps.store.listPolicies();
  }

  async get(id: string): Promise<ArchivePolicy> {
    const p = await this.deps.store.getPolicy(id);
    if (!p) throw new AppError('archive.policy_not_found', `No archive policy ${id}`, { id });
    return p;
  }

  async create(input: ArchivePolicyCreate): Promise<ArchivePolicy> {
    const at = this.deps.clock.now().toISOString();
    const policy: ArchivePolicy = { id: this.deps.ids.newId(), ...input, createdAt: at, updatedAt: at, lastRunAt: null, lastRun: null };
    await this.deps.store.savePolicy(policy);
    return policy;
  }

  async replace(id: string, input: ArchivePolicyCreate): Promise<ArchivePolicy> {
    const current = await this.get(id);
    const policy: ArchivePolicy = { ...current, ...input, updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.store.savePolicy(policy);
    return policy;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.deps.store.deletePolicy(id))) throw new AppError('archive.policy_not_found', `No archive policy ${id}`, { id });
  }

  /** What a run would move now, and the bytes; moves nothing. */
  async dryRun(id: string): Promise<PolicyRun> {
    const policy = await this.get(id);
    return dryRunOf(id, await this.candidates(policy));
  }

  /**
   * What a policy that is not saved yet would move now: the form's "Dry run" before Save, so an admin sees
   * the bytes before a schedule can move anything. Reads like `dryRun`; nothing is stored.
   */
  async dryRunDraft(input: ArchivePolicyCreate): Promise<PolicyRun> {
    const at = this.deps.clock.now().toISOString();
    return dryRunOf(null, await this.candidates({ id: 'draft', ...input, createdAt: at, updatedAt: at, lastRunAt: null, lastRun: null }));
  }

  /** Queues a durable move per matching original (deduplicated per asset), and records the run. */
  async run(id: string): Promise<PolicyRun> {
    const policy = await this.get(id);
    const found = await this.candidates(policy);
    const jobIds: string[] = [];
    for (const c of found) {
      const asset = await this.deps.archive.setTier(c.assetId, policy.targetTier, { policyId: policy.id, priority: 90 });
      if (asset.tierMove?.jobId) jobIds.push(asset.tierMove.jobId);
    }
    const at = this.deps.clock.now().toISOString();
    await this.deps.store.savePolicy({ ...policy, lastRunAt: at, lastRun: { assets: found.length, bytes: sum(found) } });
    this.deps.events.publish({ type: 'archive.policy_ran', policyId: id, assets: found.length, bytes: sum(found) });
    return { policyId: id, dryRun: false, assets: found.length, bytes: sum(found), items: found.slice(0, LIST_LIMIT), jobIds };
  }

  /** The `archive.policies` job: runs every enabled policy whose interval has passed, then books the next tick. */
  async runDue(): Promise<number> {
    const now = this.deps.clock.now();
    let ran = 0;
    for (const p of await this.deps.store.listPolicies()) {
      if (!p.enabled || p.everyMinutes === null) continue;
      if (p.lastRunAt && now.getTime() - Date.parse(p.lastRunAt) < p.everyMinutes * 60_000) continue;
      await this.run(p.id);
      ran++;
    }
    await this.scheduleNextTick();
    return ran;
  }

  /**
   * One tick job per minute slot for the whole deployment: the dedupe key names the slot, so processes
   * starting together, or a tick booking the next one while it runs, never queue two for the same minute.
   */
  async scheduleNextTick(): Promise<void> {
    const slot = Math.floor(this.deps.clock.now().getTime() / POLICY_TICK_MS) + 1;
    await this.deps.queue.enqueue('archive.policies', {}, { runAt: new Date(slot * POLICY_TICK_MS), priority: 95, dedupeKey: `archive.policies:${slot}` });
  }

  /**
   * An asset was used (downloaded, linked into a rundown, pushed for review). When a policy that moved
   * originals like it says so, bring it back: a restore for archived ones, a move online for nearline.
   */
  async onUse(asset: Asset, neededBy: Date | null): Promise<void> {
    if (asset.storageTier === 'online') return;
    const policies = (await this.deps.store.listPolicies()).filter((p) => p.enabled && p.restoreOnUse && p.targetTier === asset.storageTier);
    if (policies.length === 0) return;
    await this.deps.archive.ensureAvailableBy(asset.id, neededBy, { bringOnline: true });
  }

  private async candidates(policy: ArchivePolicy): Promise<PolicyCandidate[]> {
    const now = this.deps.clock.now();
    const out: PolicyCandidate[] = [];
    for await (const asset of allAssets(this.deps.assets)) {
      // Cheap rules first; the air schedule is asked only about assets that pass them.
      if (!matchPolicy(asset, policy, now, null)) continue;
      const nextAir = policy.rules.notAiringWithinDays !== undefined ? await this.deps.air.nextAirTime(asset.id, now) : null;
      const reason = matchPolicy(asset, policy, now, nextAir);
      if (reason) out.push({ assetId: asset.id, title: asset.title, fromTier: asset.storageTier, toTier: policy.targetTier, bytes: asset.sizeBytes, reason });
    }
    return out;
  }
}

const sum = (items: PolicyCandidate[]) => items.reduce((n, c) => n + c.bytes, 0);
/** A dry run's answer: every candidate counted, the first LIST_LIMIT listed, no job. */
const dryRunOf = (policyId: string | null, found: PolicyCandidate[]): PolicyRun => ({ policyId, dryRun: true, assets: found.length, bytes: sum(found), items: found.slice(0, LIST_LIMIT), jobIds: [] });
