import { createHash } from 'node:crypto';
import {
  AppError, ApprovalListQuerySchema, ApprovalRequestSchema, DeclineRequestSchema, DeliveryPrincipalSchema, MAX_SELECTION_MS, RenderRequestSchema, SelectionCreateSchema,
  type Approval, type ApprovalListQueryInput, type ApprovalPage, type ApprovalQueueItem, type ApprovalRequestInput, type DeclineRequest, type Asset, type Delivery, type DeliveryPrincipal, type DeliveryPrincipalInput, type DeliveryProfile,
  type Destination, type Job, type Render, type RenderPlan, type RenderRequest, type RenderRequestInput, type RenderStarted, type Selection,
  type SelectionCreate, type SpecViolation, type Watermark,
} from '@cutaway/shared';
import type { AssetStore } from '../../ports/asset-store';
import type { Clock, IdGenerator } from '../../ports/clock';
import type { DestinationSender } from '../../ports/delivery-destination';
import type { CaptionWord, DeliveryRenderer, RenderItemInput } from '../../ports/delivery-renderer';
import type { DeliveryStore } from '../../ports/delivery-store';
import type { EventBus } from '../../ports/event-bus';
import type { JobQueue } from '../../ports/job-queue';
import type { ObjectStorage } from '../../ports/object-storage';
import type { ScratchSpace } from '../../ports/scratch-space';
import type { SearchIndex } from '../../ports/search-index';
import type { AuditService } from '../audit-service';
import * as keys from '../storage-keys';
import { approvalBinding } from './binding';
import { estimateCpuSeconds } from './estimate';
import { getProfile, outputFps, PROFILES } from './profiles';

export interface DeliveryServiceDeps {
  store: DeliveryStore;
  queue: JobQueue;
  assets: AssetStore;
  index: SearchIndex;
  storage: ObjectStorage;
  scratch: ScratchSpace;
  renderer: DeliveryRenderer;
  /** The operator's allowlist, in display order. */
  destinations: readonly DestinationSender[];
  watermarks: readonly (Watermark & { path: string })[];
  audit: AuditService;
  /** Tells open Approvals views that the queue changed (optional: tests without a hub). */
  events?: EventBus;
  clock: Clock;
  ids: IdGenerator;
  approvalTtlMs: number;
}

export const renderKey = (renderId: string, file: 'output.mp4' | 'captions.srt' | 'captions.vtt') => `deliveries/renders/${renderId}/${file}`;

/** Codes of violations that stop a render; the rest are warnings the plan reports. */
const BLOCKING = new Set(['duration.too_short', 'duration.too_long']);

/**
 * Profiles, selections, dry-run plans, durable renders, hash-bound approvals and idempotent deliveries,
 * for every front end (HTTP, the MCP server, the assistant). Agents may request, never approve
 * (issue 16 "People stay in charge"); callers pass ids, enums and bounded numbers only.
 */
export class DeliveryService {
  constructor(private readonly deps: DeliveryServiceDeps) {}

  listProfiles(): DeliveryProfile[] {
    return [...PROFILES];
  }

  listDestinations(): { items: Destination[]; watermarks: Watermark[] } {
    return { items: this.deps.destinations.map((d) => d.info), watermarks: this.deps.watermarks.map(({ id, name }) => ({ id, name })) };
  }

  async createSelection(input: SelectionCreate, who: DeliveryPrincipalInput): Promise<Selection> {
    const p = principal(who);
    const parsed = SelectionCreateSchema.parse(input);
    const warnings: string[] = [];
    let durationMs = 0;
    for (const [i, item] of parsed.items.entries()) {
      const asset = await this.asset(item.assetId);
      const len = asset.technical?.durationMs ?? 0;
      if (asset.type !== 'video') throw invalid(`items.${i}.assetId`, `Asset ${asset.id} is ${asset.type}, not video`);
      if (asset.status !== 'ready') throw new AppError('asset.not_ready', `Asset ${asset.id} is ${asset.status}`, { assetId: asset.id });
      if (item.inMs >= len) throw new AppError('media.range_invalid', `inMs ${item.inMs} is past the end of ${asset.id} (${len} ms)`, { index: i });
      if (item.outMs > len) warnings.push(`items.${i}: outMs ${item.outMs} is past the end; cut at ${len} ms`);
      item.outMs = Math.min(item.outMs, len);
      if (!this.readableOriginal(asset)) warnings.push(`items.${i}: the original of ${asset.id} is ${asset.storageTier}; renders use the 640×360 proxy`);
      if (!asset.technical?.audioCodec) warnings.push(`items.${i}: ${asset.id} has no audio; silence is used`);
      durationMs += item.outMs - item.inMs;
    }
    if (durationMs > MAX_SELECTION_MS) throw invalid('items', `The selection is ${Math.round(durationMs / 1000)} s; at most ${MAX_SELECTION_MS / 1000} s`);
    const selection: Selection = { id: this.deps.ids.newId(), title: parsed.title, items: parsed.items, durationMs, warnings, ownerId: p.id, createdAt: this.now() };
    await this.deps.store.createSelection(selection);
    await this.audit(p, 'delivery.create_selection', { selectionId: selection.id, items: selection.items.length, durationMs });
    return selection;
  }

  async getSelection(id: string, who: DeliveryPrincipalInput): Promise<Selection> {
    const s = await this.deps.store.getSelection(id);
    if (!s || !canSee(principal(who), s.ownerId)) throw new AppError('delivery.selection_not_found', `No selection ${id}`, { id });
    return s;
  }

  /** A dry run: output spec, CPU estimate and spec violations; queues nothing. */
  async planRender(input: RenderRequestInput, who: DeliveryPrincipalInput): Promise<RenderPlan> {
    const p = principal(who);
    const request = RenderRequestSchema.parse(input);
    const selection = await this.getSelection(request.selectionId, p);
    return this.plan(request, selection);
  }

  /** Queues a durable render job and returns at once; `getRender`/`getJob` report progress. */
  async render(input: RenderRequestInput, who: DeliveryPrincipalInput): Promise<RenderStarted> {
    const p = principal(who);
    const request = RenderRequestSchema.parse(input);
    const selection = await this.getSelection(request.selectionId, p);
    const plan = await this.plan(request, selection);
    const blocking = plan.violations.filter((v) => BLOCKING.has(v.code));
    if (blocking.length) throw new AppError('request.invalid', blocking.map((v) => v.message).join('; '), blocking.map((v) => ({ path: 'body.selectionId', message: v.message })));
    const now = this.now();
    const id = this.deps.ids.newId();
    const render: Render = {
      id, jobId: null, selectionId: selection.id, request, outputSpec: plan.outputSpec, status: 'queued', percent: 0, stage: null, output: null, error: null,
      ownerId: p.id, createdAt: now, updatedAt: now,
    };
    await this.deps.store.createRender(render);
    const job = await this.deps.queue.enqueue('delivery.render', { renderId: id }, { priority: 60, dedupeKey: `delivery.render:${id}`, maxAttempts: 3 });
    await this.deps.store.updateRender({ ...render, jobId: job.id });
    await this.audit(p, 'delivery.render', { renderId: id, jobId: job.id, profileId: request.profileId, selectionId: selection.id });
    return { jobId: job.id, renderId: id };
  }

  /** The render with the live state of its job: "done" only once the file was verified and stored. */
  async getRender(id: string, who: DeliveryPrincipalInput): Promise<Render> {
    const r = await this.deps.store.getRender(id);
    if (!r || !canSee(principal(who), r.ownerId)) throw new AppError('delivery.render_not_found', `No render ${id}`, { id });
    if (r.status === 'done' || !r.jobId) return r;
    const job = await this.deps.queue.get(r.jobId);
    if (!job) return r;
    return { ...r, status: job.status === 'done' ? 'failed' : job.status, percent: job.percent, stage: job.stage, error: job.status === 'done' ? 'the job ended without a verified file' : job.error };
  }

  /** The stored key of a verified render, for review and download by the people who approve it. */
  async renderFile(id: string, who: DeliveryPrincipalInput): Promise<{ key: string; fileName: string }> {
    const r = await this.getRender(id, who);
    if (r.status !== 'done') throw new AppError('delivery.render_not_ready', `Render ${id} is ${r.status}`, { id, status: r.status });
    return { key: renderKey(id, 'output.mp4'), fileName: `${id}.mp4` };
  }

  async getJob(id: string): Promise<Job> {
    const job = await this.deps.queue.get(id);
    if (!job || job.name !== 'delivery.render') throw new AppError('job.not_found', `No render job ${id}`, { id });
    return job;
  }

  /** The `delivery.render` job: idempotent (a finished render is left alone), verifies before it is done. */
  async runRender(renderId: string, progress: (percent: number, stage: string) => void, signal: AbortSignal): Promise<void> {
    const render = await this.deps.store.getRender(renderId);
    if (!render) throw new AppError('request.invalid', `Render ${renderId} is gone`, { renderId });
    if (render.status === 'done' && render.output) return;
    const selection = await this.deps.store.getSelection(render.selectionId);
    if (!selection) throw new AppError('request.invalid', `Selection ${render.selectionId} is gone`);
    const profile = getProfile(render.request.profileId);
    const watermark = this.watermark(render.request.watermarkId);
    // No "running" write here: until the verified file is stored, getRender reports the job's own state,
    // and a write now could race render() recording the job id.

    const releases: (() => Promise<void>)[] = [];
    const work = await this.deps.scratch.create('render');
    try {
      const items: RenderItemInput[] = [];
      const words: CaptionWord[] = [];
      let offset = 0;
      for (const item of selection.items) {
        const asset = await this.asset(item.assetId);
        const source = await this.deps.storage.localPath(this.readableOriginal(asset) ? keys.originalKey(asset.id) : keys.proxyKey(asset.id));
        releases.push(source.release);
        const hasProxy = asset.renditions.some((r) => r.kind === 'proxy');
        const detect = hasProxy ? await this.deps.storage.localPath(keys.proxyKey(asset.id)) : source;
        if (detect !== source) releases.push(detect.release);
        const [shots, speech] = await Promise.all([this.deps.index.listSegments(asset.id, 'shot'), this.deps.index.listSegments(asset.id, 'speech')]);
        items.push({
          sourcePath: source.path, detectPath: detect.path, inMs: item.inMs, outMs: item.outMs, hasAudio: Boolean(asset.technical?.audioCodec),
          cutsMs: shots.map((s) => s.startMs).filter((t) => t > item.inMs && t < item.outMs),
        });
        for (const seg of speech) {
          for (const w of seg.words ?? []) {
            if (w.startMs >= item.inMs && w.startMs < item.outMs) words.push({ text: w.w, startMs: offset + w.startMs - item.inMs, endMs: offset + Math.min(w.endMs, item.outMs) - item.inMs });
          }
        }
        offset += item.outMs - item.inMs;
      }
      const result = await this.deps.renderer.render({
        items, profile, fps: render.outputSpec.fps, reframe: render.request.reframe,
        captions: { burn: render.request.captions === 'burn', sidecars: render.request.captions !== 'none', words },
        watermarkPath: watermark?.path ?? null,
        loudness: { ...profile.loudness, integratedLufs: render.outputSpec.integratedLufs },
        workDir: work.dir,
      }, progress, signal);
      const stored = await this.deps.storage.putFile(renderKey(renderId, 'output.mp4'), result.videoPath);
      if (stored.sha256 !== result.output.sha256) throw new AppError('storage.checksum_mismatch', 'The stored render differs from the verified file');
      if (result.srtPath) await this.deps.storage.putFile(renderKey(renderId, 'captions.srt'), result.srtPath);
      if (result.vttPath) await this.deps.storage.putFile(renderKey(renderId, 'captions.vtt'), result.vttPath);
      const latest = (await this.deps.store.getRender(renderId)) ?? render;
      await this.deps.store.updateRender({ ...latest, status: 'done', percent: 100, stage: 'verified', output: result.output, error: null, updatedAt: this.now() });
    } finally {
      await Promise.allSettled(releases.map((r) => r()));
      await work.dispose();
    }
  }

  async requestApproval(input: ApprovalRequestInput, who: DeliveryPrincipalInput): Promise<Approval> {
    const p = principal(who);
    const req = ApprovalRequestSchema.parse(input);
    const render = await this.getRender(req.renderId, p);
    if (render.status !== 'done' || !render.output) throw new AppError('delivery.render_not_ready', `Render ${render.id} is ${render.status}; approvals are for verified renders`, { renderId: render.id, status: render.status });
    this.destination(req.destinationId);
    const now = this.deps.clock.now();
    const approval: Approval = {
      id: this.deps.ids.newId(), renderId: render.id, destinationId: req.destinationId, metadata: req.metadata, renderSha256: render.output.sha256,
      binding: approvalBinding(render.output.sha256, req.destinationId, req.metadata), status: 'pending',
      requestedBy: { id: p.id, name: p.name }, approvedBy: null, createdAt: now.toISOString(), approvedAt: null,
      expiresAt: new Date(now.getTime() + this.deps.approvalTtlMs).toISOString(), declinedBy: null, declinedAt: null, declineReason: null,
    };
    await this.deps.store.createApproval(approval);
    await this.audit(p, 'delivery.request_approval', { approvalId: approval.id, renderId: render.id, destinationId: approval.destinationId, binding: approval.binding });
    this.deps.events?.publish({ type: 'approval.updated', approvalId: approval.id, status: approval.status });
    return approval;
  }

  /** Visible to its requester and to people with editor rights (the reviewers), like selections and renders. */
  async getApproval(id: string, who: DeliveryPrincipalInput): Promise<Approval> {
    const a = await this.approvalById(id);
    if (!canSee(principal(who), a.requestedBy.id)) throw new AppError('delivery.approval_not_found', `No approval ${id}`, { id });
    return a;
  }

  /**
   * The approvals queue, newest first: reviewers (people with editor rights) see everyone's requests,
   * anyone else only their own (the same visibility as getApproval). Each item carries what the approver
   * must see: the destination's name and the verified file's profile, size and duration.
   */
  async listApprovals(query: ApprovalListQueryInput, who: DeliveryPrincipalInput): Promise<ApprovalPage> {
    const p = principal(who);
    const q = ApprovalListQuerySchema.parse(query);
    const page = await this.deps.store.listApprovals({
      status: q.status, now: this.now(), limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}), ...(reviewer(p) ? {} : { requestedBy: p.id }),
    });
    const items = await Promise.all(page.items.map((a) => this.queueItem(this.withExpiry(a))));
    return { items, nextCursor: page.nextCursor };
  }

  private async queueItem(a: Approval): Promise<ApprovalQueueItem> {
    const render = await this.deps.store.getRender(a.renderId);
    const out = render?.output;
    return {
      ...a,
      destinationName: this.deps.destinations.find((d) => d.info.id === a.destinationId)?.info.name ?? null,
      render: render && out ? { profileId: render.request.profileId, width: out.width, height: out.height, fps: out.fps, durationMs: out.durationMs, bytes: out.bytes } : null,
    };
  }

  private async approvalById(id: string): Promise<Approval> {
    const a = await this.deps.store.getApproval(id);
    if (!a) throw new AppError('delivery.approval_not_found', `No approval ${id}`, { id });
    return this.withExpiry(a);
  }

  /** Expiry is read, not stored: only an undecided approval expires (approved and declined stay what they are). */
  private withExpiry(a: Approval): Approval {
    return a.status === 'pending' && this.expired(a) ? { ...a, status: 'expired' } : a;
  }

  /**
   * Who may decide: a person other than the requester, with editor or admin rights; agent principals never.
   * Refusals are audited under `action` with 403.
   */
  private async mayDecide(p: DeliveryPrincipal, a: Approval, action: 'delivery.approve' | 'delivery.decline'): Promise<void> {
    const verb = action === 'delivery.approve' ? 'approve' : 'decline';
    const refuse = async (why: string): Promise<never> => {
      await this.audit(p, action, { approvalId: a.id, refused: why }, 403);
      throw new AppError('auth.forbidden', why, { approvalId: a.id });
    };
    if (p.agent) await refuse(`Agent tokens cannot ${verb} deliveries: a person must`);
    if (p.role === 'viewer') await refuse(`${verb === 'approve' ? 'Approving' : 'Declining'} a delivery needs an editor or admin token`);
    if (p.id === a.requestedBy.id) await refuse(verb === 'approve' ? 'The approval must come from a different person than the request' : 'A decline must come from a different person than the request');
  }

  private undecided(a: Approval): void {
    if (a.status === 'approved') throw new AppError('delivery.approval_invalid', `Approval ${a.id} is already approved by ${a.approvedBy?.name ?? 'someone'}`, { approvalId: a.id });
    if (a.status === 'declined') throw new AppError('delivery.approval_declined', `Approval ${a.id} was declined by ${a.declinedBy?.name ?? 'someone'}`, { approvalId: a.id });
    if (a.status === 'expired') throw new AppError('delivery.approval_invalid', `Approval ${a.id} expired at ${a.expiresAt}`, { approvalId: a.id });
  }

  /** Recorded by a person other than the requester, with editor or admin rights; agent principals never. */
  async approve(approvalId: string, who: DeliveryPrincipalInput): Promise<Approval> {
    const p = principal(who);
    // Not the visibility check: agents and viewers get the audited 403 below; everyone allowed to approve can see it.
    const a = await this.approvalById(approvalId);
    await this.mayDecide(p, a, 'delivery.approve');
    this.undecided(a);
    await this.checkBinding(a);
    return this.record(p, { ...a, status: 'approved', approvedBy: { id: p.id, name: p.name }, approvedAt: this.now() }, 'delivery.approve', {});
  }

  /**
   * A reviewer's "no": the same people who may approve may decline (not the requester, never an agent),
   * so the trail shows a second person's decision either way. Final: a declined approval is never delivered;
   * the requester asks again with a new request.
   */
  async decline(approvalId: string, input: DeclineRequest, who: DeliveryPrincipalInput): Promise<Approval> {
    const p = principal(who);
    const { reason } = DeclineRequestSchema.parse(input);
    const a = await this.approvalById(approvalId);
    await this.mayDecide(p, a, 'delivery.decline');
    this.undecided(a);
    return this.record(p, { ...a, status: 'declined', declinedBy: { id: p.id, name: p.name }, declinedAt: this.now(), declineReason: reason || null }, 'delivery.decline', { reason: reason || null });
  }

  /** Stores a decision if the approval is still pending (two reviewers never both win), audits it, tells open queues. */
  private async record(p: DeliveryPrincipal, next: Approval, action: 'delivery.approve' | 'delivery.decline', details: Record<string, unknown>): Promise<Approval> {
    if (!(await this.deps.store.decidePending(next))) throw new AppError('delivery.approval_invalid', `Approval ${next.id} was decided by someone else meanwhile`, { approvalId: next.id });
    await this.audit(p, action, { approvalId: next.id, renderId: next.renderId, destinationId: next.destinationId, binding: next.binding, ...details });
    this.deps.events?.publish({ type: 'approval.updated', approvalId: next.id, status: next.status });
    return next;
  }

  /**
   * Sends an approved render to its destination. Refuses without a valid approval (approved, not expired,
   * binding still matching the stored file); one delivery per approval: a repeat returns the first.
   */
  async deliver(input: { approvalId: string }, who: DeliveryPrincipalInput): Promise<Delivery> {
    const p = principal(who);
    const a = await this.getApproval(input.approvalId, p);
    const refuse = async (why: string, code: 'delivery.approval_invalid' | 'delivery.approval_declined' = 'delivery.approval_invalid'): Promise<never> => {
      await this.audit(p, 'delivery.deliver', { approvalId: a.id, refused: why }, 409);
      throw new AppError(code, why, { approvalId: a.id, status: a.status });
    };
    if (a.status === 'declined') return refuse(`Approval ${a.id} was declined by ${a.declinedBy?.name ?? 'a reviewer'}; nothing is sent`, 'delivery.approval_declined');
    if (a.status !== 'approved') return refuse(`Approval ${a.id} is ${a.status}: a second person must approve it first`);
    if (this.expired(a)) return refuse(`Approval ${a.id} expired at ${a.expiresAt}`);
    const sender = this.destination(a.destinationId);
    const now = this.now();
    const draft: Delivery = { id: this.deps.ids.newId(), approvalId: a.id, renderId: a.renderId, destinationId: a.destinationId, status: 'running', receipt: null, error: null, attempts: 1, createdAt: now, updatedAt: now };
    const { delivery: existing, created } = await this.deps.store.createDeliveryOnce(draft);
    // Idempotent: done (or under way in another call) is returned as it is; only a failed one is retried.
    if (!created && existing.status !== 'failed') return existing;
    let delivery: Delivery = created ? existing : { ...existing, status: 'running', attempts: existing.attempts + 1, error: null, updatedAt: now };
    if (!created) await this.deps.store.updateDelivery(delivery);
    const file = await this.deps.storage.localPath(renderKey(a.renderId, 'output.mp4'));
    const srt = await this.sidecar(a.renderId, 'captions.srt');
    const vtt = await this.sidecar(a.renderId, 'captions.vtt');
    try {
      const render = await this.deps.store.getRender(a.renderId);
      const bytes = render?.output?.bytes ?? 0;
      // The file itself is hashed again: the approval covers these exact bytes, not a name.
      const sha256 = await this.hashStored(a.renderId);
      if (approvalBinding(sha256, a.destinationId, a.metadata) !== a.binding) return await refuse('The render file changed since it was approved');
      const receipt = await sender.send({ deliveryId: delivery.id, renderId: a.renderId, fileName: `${a.renderId}.mp4`, videoPath: file.path, srtPath: srt?.path ?? null, vttPath: vtt?.path ?? null, sha256, bytes, metadata: a.metadata });
      delivery = { ...delivery, status: 'done', receipt, updatedAt: this.now() };
    } catch (err) {
      delivery = { ...delivery, status: 'failed', error: err instanceof Error ? err.message : String(err), updatedAt: this.now() };
      await this.deps.store.updateDelivery(delivery);
      await this.audit(p, 'delivery.deliver', { deliveryId: delivery.id, approvalId: a.id, destinationId: a.destinationId, error: delivery.error }, 502);
      throw err instanceof AppError ? err : new AppError('delivery.failed', `Delivery to ${a.destinationId} failed`, { deliveryId: delivery.id }, { cause: err });
    } finally {
      await Promise.allSettled([file.release(), srt?.release(), vtt?.release()]);
    }
    await this.deps.store.updateDelivery(delivery);
    await this.audit(p, 'delivery.deliver', { deliveryId: delivery.id, approvalId: a.id, destinationId: a.destinationId, approvedBy: a.approvedBy?.id ?? null, binding: a.binding, receipt: delivery.receipt });
    return delivery;
  }

  /** Bound like its approval: another principal's delivery id is as unknown as a missing one. */
  async getDelivery(id: string, who: DeliveryPrincipalInput): Promise<Delivery> {
    const d = await this.deps.store.getDelivery(id);
    const a = d ? await this.deps.store.getApproval(d.approvalId) : null;
    if (!d || !a || !canSee(principal(who), a.requestedBy.id)) throw new AppError('delivery.not_found', `No delivery ${id}`, { id });
    return d;
  }

  private async plan(request: RenderRequest, selection: Selection): Promise<RenderPlan> {
    const profile = getProfile(request.profileId);
    const watermark = this.watermark(request.watermarkId);
    const assets = await Promise.all(selection.items.map((i) => this.asset(i.assetId)));
    const violations: SpecViolation[] = [];
    const seconds = selection.durationMs / 1000;
    if (seconds < profile.minDurationS) violations.push({ code: 'duration.too_short', message: `${seconds} s is shorter than ${profile.name}'s ${profile.minDurationS} s minimum` });
    if (seconds > profile.maxDurationS) violations.push({ code: 'duration.too_long', message: `${seconds} s is longer than ${profile.name}'s ${profile.maxDurationS} s maximum` });
    const estBytes = Math.round(((profile.maxBitrateKbps + profile.audioBitrateKbps) * 1000 * seconds) / 8);
    if (profile.maxBytes !== null && estBytes > profile.maxBytes) violations.push({ code: 'size.may_exceed', message: `up to ${Math.round(estBytes / 1e6)} MB; ${profile.name} takes ${Math.round(profile.maxBytes / 1e6)} MB` });
    for (const a of assets) {
      const h = this.readableOriginal(a) ? (a.technical?.height ?? 0) : 360;
      if (h > 0 && profile.height / h > 2.5) violations.push({ code: 'source.upscaled', message: `${a.id} is ${h} px high and is scaled ${(profile.height / h).toFixed(1)}× for ${profile.height} px` });
    }
    const vertical = profile.width / profile.height < 16 / 9 - 0.01;
    const fps = outputFps(profile, assets[0]?.technical?.rate);
    const steps = [
      'loudness: measure (loudnorm pass 1)',
      ...(vertical && request.reframe === 'auto' ? ['reframe: subject detection on the proxy at 5 fps, smoothed per shot'] : []),
      `encode: cut ${selection.items.length} item(s)${vertical ? `, reframe (${request.reframe})` : ''}${request.captions === 'burn' ? ', burned-in captions' : ''}${watermark ? `, watermark ${watermark.id}` : ''}, loudnorm pass 2, ${profile.width}×${profile.height} ${fps} fps H.264/AAC`,
      ...(request.captions !== 'none' ? ['captions: SRT and VTT sidecars'] : []),
      'verify: ffprobe, ebur128, sha256',
    ];
    return {
      request,
      outputSpec: {
        width: profile.width, height: profile.height, fps, videoCodec: 'h264', audioCodec: 'aac', audioSampleRate: profile.audioSampleRate, container: 'mp4',
        integratedLufs: request.loudness ?? profile.loudness.integratedLufs, truePeakDbtp: profile.loudness.truePeakDbtp, durationMs: selection.durationMs,
      },
      steps,
      cpuEstimateS: estimateCpuSeconds({ profile, fps, seconds, reframe: vertical ? request.reframe : 'none', captions: request.captions === 'burn', watermark: watermark !== null }),
      violations,
    };
  }

  private watermark(id: string | null): (Watermark & { path: string }) | null {
    if (id === null) return null;
    const w = this.deps.watermarks.find((x) => x.id === id);
    if (!w) throw new AppError('delivery.watermark_not_found', `No watermark ${id}; the operator configures them (CUTAWAY_DELIVERY_WATERMARKS)`, { id });
    return w;
  }

  private destination(id: string): DestinationSender {
    const d = this.deps.destinations.find((x) => x.info.id === id);
    if (!d) throw new AppError('delivery.destination_not_found', `No destination ${id}; the operator configures them (CUTAWAY_DELIVERY_DESTINATIONS)`, { id });
    return d;
  }

  private async checkBinding(a: Approval): Promise<void> {
    const render = await this.deps.store.getRender(a.renderId);
    if (!render?.output || approvalBinding(render.output.sha256, a.destinationId, a.metadata) !== a.binding) {
      throw new AppError('delivery.approval_invalid', `Render ${a.renderId} no longer matches what approval ${a.id} covers`, { approvalId: a.id });
    }
  }

  private async hashStored(renderId: string): Promise<string> {
    const body = await this.deps.storage.read(renderKey(renderId, 'output.mp4'));
    const h = createHash('sha256');
    for await (const chunk of body) h.update(chunk as Buffer);
    return h.digest('hex');
  }

  private async sidecar(renderId: string, file: 'captions.srt' | 'captions.vtt') {
    return (await this.deps.storage.stat(renderKey(renderId, file))) ? this.deps.storage.localPath(renderKey(renderId, file)) : null;
  }

  private readableOriginal(asset: Asset): boolean {
    return asset.renditions.some((r) => r.kind === 'original') && (asset.storageTier !== 'archive' || ['restored', 'not_needed'].includes(asset.restore.state));
  }

  private expired(a: Approval): boolean {
    return this.deps.clock.now().getTime() >= Date.parse(a.expiresAt);
  }

  private async asset(id: string): Promise<Asset> {
    const a = await this.deps.assets.get(id);
    if (!a) throw new AppError('asset.not_found', `No asset ${id}`, { id });
    return a;
  }

  private async audit(p: DeliveryPrincipal, action: string, details: Record<string, unknown>, status = 200): Promise<void> {
    await this.deps.audit.record({ actor: { id: p.id, name: p.name }, channel: p.channel, action, status, details: { ...details, agent: p.agent } });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

const principal = (who: DeliveryPrincipalInput): DeliveryPrincipal => DeliveryPrincipalSchema.parse(who);
/** Handles are bound to their principal (MCP security best practices): others get 404, except people with editor rights who review them. */
const reviewer = (p: DeliveryPrincipal) => !p.agent && p.role !== 'viewer';
const canSee = (p: DeliveryPrincipal, ownerId: string) => p.id === ownerId || reviewer(p);
const invalid = (path: string, message: string) => new AppError('request.invalid', message, [{ path: `body.${path}`, message }]);
