import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AppError, DeliveryProfileIdSchema, RenderRequestSchema,
  type Approval, type ApprovalRequestInput, type Delivery, type DeliveryPrincipal, type DeliveryProfile, type Destination, type Job, type Render,
  type RenderPlan, type RenderRequestInput, type RenderStarted, type Selection, type SelectionCreate, type Watermark,
} from '@cutaway/shared';
import { DeliveryService } from '../../src/services/delivery/index';

/**
 * A stand-in for the delivery domain (owned by the `deliver` branch), following DeliveryService's documented
 * contract: owner-bound selections and renders, hash-bound approvals by a different non-agent person that
 * expire, idempotent deliveries, destinations from an allowlist (a real folder). Renders do not run ffmpeg:
 * the test decides when one finishes (`finishRender`), which is what the agent flows depend on.
 */
export class FakeDelivery extends DeliveryService {
  readonly selections = new Map<string, Selection>();
  readonly renders = new Map<string, Render>();
  readonly approvals = new Map<string, Approval>();
  readonly deliveries = new Map<string, Delivery>();
  /** Every outbound action (file written to a destination): the injection test asserts this stays empty. */
  readonly outbound: Array<{ destinationId: string; file: string }> = [];
  private n = 0;
  now = () => new Date();

  constructor(private readonly folder: string, private readonly opts: { autoFinish?: boolean } = {}) {
    super({});
  }

  private id(prefix: string) {
    return `${prefix}${String(++this.n).padStart(6, '0')}`;
  }

  override listProfiles(): DeliveryProfile[] {
    return DeliveryProfileIdSchema.options.map((id) => {
      const vertical = /9x16/.test(id);
      return {
        id, name: id, platform: id.startsWith('youtube') ? 'youtube' : id.startsWith('broadcast') ? 'broadcast' : id.startsWith('x-') ? 'x' : id.startsWith('tiktok') ? 'tiktok' : 'instagram',
        width: vertical ? 1080 : 1920, height: vertical ? 1920 : 1080, fps: 25, videoCodec: 'h264', videoBitrateKbps: 8000, maxBitrateKbps: 10000, gopFrames: 12,
        audioCodec: 'aac', audioBitrateKbps: 192, audioSampleRate: 48000, loudness: { integratedLufs: id.startsWith('broadcast') ? -23 : -16, truePeakDbtp: -1, lra: 7 },
        safeZone: { top: 0.14, bottom: 0.35, left: 0.06, right: 0.06 }, minDurationS: 3, maxDurationS: 900, maxBytes: null, specDate: '2026-12-06', sources: ['test'], notes: '',
      } satisfies DeliveryProfile;
    });
  }
  override listDestinations(): { items: Destination[]; watermarks: Watermark[] } {
    return { items: [{ id: 'web-folder', kind: 'folder', name: 'Web desk folder' }], watermarks: [{ id: 'station-logo', name: 'Station logo' }] };
  }
  override async createSelection(input: SelectionCreate, p: DeliveryPrincipal): Promise<Selection> {
    const s: Selection = {
      id: this.id('sel'), title: input.title ?? '', items: input.items, durationMs: input.items.reduce((t, i) => t + (i.outMs - i.inMs), 0),
      warnings: [], ownerId: p.id, createdAt: this.now().toISOString(),
    };
    this.selections.set(s.id, s);
    return s;
  }
  override async getSelection(id: string, p: DeliveryPrincipal): Promise<Selection> {
    const s = this.selections.get(id);
    if (!s || s.ownerId !== p.id) throw new AppError('delivery.selection_not_found', `No selection ${id}`);
    return s;
  }
  override async planRender(input: RenderRequestInput, p: DeliveryPrincipal): Promise<RenderPlan> {
    const request = RenderRequestSchema.parse(input);
    const sel = await this.getSelection(request.selectionId, p);
    const profile = this.listProfiles().find((x) => x.id === request.profileId)!;
    if (request.watermarkId && !this.listDestinations().watermarks.some((w) => w.id === request.watermarkId)) throw new AppError('delivery.watermark_not_found', `No watermark ${request.watermarkId}`);
    return {
      request,
      outputSpec: {
        width: profile.width, height: profile.height, fps: profile.fps, videoCodec: 'h264', audioCodec: 'aac', audioSampleRate: 48000, container: 'mp4',
        integratedLufs: request.loudness ?? profile.loudness.integratedLufs, truePeakDbtp: -1, durationMs: sel.durationMs,
      },
      steps: ['cut', 'reframe', 'captions', 'watermark', 'loudness', 'encode', 'verify'],
      cpuEstimateS: (sel.durationMs / 1000) * 0.9,
      violations: sel.durationMs < profile.minDurationS * 1000 ? [{ code: 'duration.too_short', message: 'shorter than the profile allows' }] : [],
    };
  }
  override async render(input: RenderRequestInput, p: DeliveryPrincipal): Promise<RenderStarted> {
    const plan = await this.planRender(input, p);
    const at = this.now().toISOString();
    const r: Render = {
      id: this.id('ren'), jobId: this.id('job'), selectionId: plan.request.selectionId, request: plan.request, outputSpec: plan.outputSpec, status: 'queued', percent: 0, stage: null,
      output: null, error: null, ownerId: p.id, createdAt: at, updatedAt: at,
    };
    this.renders.set(r.id, r);
    if (this.opts.autoFinish) this.finishRender(r.id);
    return { jobId: r.jobId!, renderId: r.id };
  }
  /** The render "worker": progress, then a verified output. */
  finishRender(id: string, percent = 100): void {
    const r = this.renders.get(id)!;
    if (percent < 100) {
      this.renders.set(id, { ...r, status: 'running', percent, stage: 'encode' });
      return;
    }
    const sha256 = createHash('sha256').update(id).digest('hex');
    this.renders.set(id, {
      ...r, status: 'done', percent: 100, stage: 'verified',
      output: {
        bytes: 1234, sha256, width: r.outputSpec.width, height: r.outputSpec.height, fps: r.outputSpec.fps, videoCodec: 'h264', audioCodec: 'aac',
        durationMs: r.outputSpec.durationMs, integratedLufs: r.outputSpec.integratedLufs, truePeakDbtp: -1.2, sidecars: ['srt', 'vtt'], reframe: [],
      },
    });
  }
  override async getRender(id: string, p: DeliveryPrincipal): Promise<Render> {
    const r = this.renders.get(id);
    if (!r || r.ownerId !== p.id) throw new AppError('delivery.render_not_found', `No render ${id}`);
    return r;
  }
  override async getJob(id: string): Promise<Job> {
    throw new AppError('job.not_found', `No job ${id}`);
  }
  override async requestApproval(input: ApprovalRequestInput, p: DeliveryPrincipal): Promise<Approval> {
    const r = await this.getRender(input.renderId, p);
    if (r.status !== 'done' || !r.output) throw new AppError('delivery.render_not_ready', `Render ${r.id} is ${r.status}`);
    if (!this.listDestinations().items.some((d) => d.id === input.destinationId)) throw new AppError('delivery.destination_not_found', `No destination ${input.destinationId}`);
    const metadata = { title: input.metadata.title, description: input.metadata.description ?? '', tags: input.metadata.tags ?? [] };
    const binding = createHash('sha256').update(`${r.output.sha256}\n${input.destinationId}\n${JSON.stringify(metadata)}`).digest('hex');
    const a: Approval = {
      id: this.id('apr'), renderId: r.id, destinationId: input.destinationId, metadata, renderSha256: r.output.sha256, binding, status: 'pending',
      requestedBy: { id: p.id, name: p.name }, approvedBy: null, createdAt: this.now().toISOString(), approvedAt: null,
      expiresAt: new Date(this.now().getTime() + 24 * 3600_000).toISOString(),
    };
    this.approvals.set(a.id, a);
    return a;
  }
  override async getApproval(id: string): Promise<Approval> {
    const a = this.approvals.get(id);
    if (!a) throw new AppError('delivery.approval_not_found', `No approval ${id}`);
    return Date.parse(a.expiresAt) <= this.now().getTime() ? { ...a, status: 'expired' } : a;
  }
  override async approve(id: string, p: DeliveryPrincipal): Promise<Approval> {
    const a = await this.getApproval(id);
    if (p.agent) throw new AppError('auth.forbidden', 'An agent cannot approve');
    if (a.requestedBy.id === p.id) throw new AppError('delivery.approval_invalid', 'The requester cannot approve their own request');
    if (a.status !== 'pending') throw new AppError('delivery.approval_invalid', `Approval is ${a.status}`);
    const approved: Approval = { ...a, status: 'approved', approvedBy: { id: p.id, name: p.name }, approvedAt: this.now().toISOString() };
    this.approvals.set(id, approved);
    return approved;
  }
  override async deliver(input: { approvalId: string }, _p: DeliveryPrincipal): Promise<Delivery> {
    const existing = [...this.deliveries.values()].find((d) => d.approvalId === input.approvalId);
    if (existing) return existing;
    const a = await this.getApproval(input.approvalId);
    if (a.status !== 'approved') throw new AppError('delivery.approval_invalid', `Approval ${a.id} is ${a.status}: a different person must approve it first`);
    const file = `${a.renderId}.mp4`;
    await mkdir(this.folder, { recursive: true });
    await writeFile(join(this.folder, file), `render ${a.renderSha256}\n`);
    this.outbound.push({ destinationId: a.destinationId, file });
    const at = this.now().toISOString();
    const d: Delivery = { id: this.id('dlv'), approvalId: a.id, renderId: a.renderId, destinationId: a.destinationId, status: 'done', receipt: file, error: null, attempts: 1, createdAt: at, updatedAt: at };
    this.deliveries.set(d.id, d);
    return d;
  }
}
