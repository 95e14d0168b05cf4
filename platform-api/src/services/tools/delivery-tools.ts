import { z } from 'zod';
import {
  ApprovalStatusSchema, CaptionModeSchema, DeliveryProfileIdSchema, DeliveryStatusSchema, IdSchema, LoudnessTargetSchema, OutputSpecSchema,
  ReframeModeSchema, RenderOutputSchema, SlugIdSchema, SpecViolationSchema, type DeliveryPrincipal, type Render, type TokenInfo,
} from '@cutaway/shared';
import type { DeliveryService } from '../delivery/index';
import type { Clock } from '../../ports/clock';
import { defineTool, type ToolContext, type ToolDef } from './registry';

/** The delivery domain's principal for a token: agents request, never approve (DeliveryService enforces it too). */
export const principalOf = (t: TokenInfo, channel: DeliveryPrincipal['channel']): DeliveryPrincipal => ({ id: t.id, name: t.name, role: t.role, agent: t.kind === 'agent', channel });

const READ = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
const WRITE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;

/** Everything a render needs, as ids and enums only: never a path, URL, filter or ffmpeg argument. */
const RenderArgs = z.object({
  selectionId: IdSchema,
  profileId: DeliveryProfileIdSchema,
  reframe: ReframeModeSchema.default('auto'),
  captions: CaptionModeSchema.default('burn'),
  watermarkId: SlugIdSchema.nullable().default(null),
  loudness: LoudnessTargetSchema.nullable().default(null),
}).strict();

export const JobStateSchema = z.object({
  jobId: IdSchema,
  renderId: IdSchema,
  /** `done` only after the file was verified (ffprobe spec and sha256); a wait that ran out says `running`. */
  status: z.enum(['queued', 'running', 'done', 'failed']),
  percent: z.number().min(0).max(100),
  stage: z.string().nullable(),
  output: RenderOutputSchema.omit({ reframe: true }).nullable(),
  error: z.string().max(500).nullable(),
});
type JobState = z.infer<typeof JobStateSchema>;

function jobState(jobId: string, r: Render): JobState {
  const output = r.output ? (({ reframe: _r, ...o }) => o)(r.output) : null;
  return { jobId, renderId: r.id, status: r.status, percent: r.percent, stage: r.stage, output: r.status === 'done' ? output : null, error: r.error ? r.error.slice(0, 500) : null };
}

export function deliveryTools(deps: { delivery: DeliveryService; clock: Clock; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> }): ToolDef[] {
  const sleep = deps.sleep ?? ((ms: number, signal?: AbortSignal) => new Promise<void>((ok) => {
    const t = setTimeout(ok, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); ok(); }, { once: true });
  }));
  const renderOfJob = async (ctx: ToolContext, jobId: string) => deps.delivery.getRender(await ctx.handles.check('job', jobId), principalOf(ctx.caller, ctx.channel));

  return [
    defineTool({
      name: 'list_profiles',
      title: 'List delivery profiles',
      description: 'Delivery profiles (YouTube, Reels, TikTok, X, broadcast): size, frame rate, loudness target, duration limits, caption safe zone.',
      scope: 'search:read',
      annotations: READ,
      input: z.object({}).strict(),
      output: z.object({
        items: z.array(z.object({
          id: DeliveryProfileIdSchema, name: z.string(), platform: z.string(), width: z.number().int(), height: z.number().int(), fps: z.number().int(),
          integratedLufs: z.number(), minDurationS: z.number(), maxDurationS: z.number(), specDate: z.string(),
        })),
      }),
      async handler() {
        return {
          structured: {
            items: deps.delivery.listProfiles().map((p) => ({
              id: p.id, name: p.name, platform: p.platform, width: p.width, height: p.height, fps: p.fps,
              integratedLufs: p.loudness.integratedLufs, minDurationS: p.minDurationS, maxDurationS: p.maxDurationS, specDate: p.specDate,
            })),
          },
        };
      },
    }),
    defineTool({
      name: 'list_destinations',
      title: 'List destinations',
      description: 'Where renders can be delivered (ids from the operator\'s allowlist; no paths or secrets) and the watermarks available.',
      scope: 'search:read',
      annotations: READ,
      input: z.object({}).strict(),
      output: z.object({ items: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string() })), watermarks: z.array(z.object({ id: z.string(), name: z.string() })) }),
      async handler() {
        const d = deps.delivery.listDestinations();
        return { structured: { items: d.items.map(({ id, kind, name }) => ({ id, kind, name })), watermarks: d.watermarks.map(({ id, name }) => ({ id, name })) } };
      },
    }),
    defineTool({
      name: 'create_selection',
      title: 'Create selection',
      description: 'An ordered list of moments (asset id, in and out in ms) to render as one clip. Returns a selection id.',
      scope: 'render:write',
      annotations: WRITE,
      input: z.object({
        title: z.string().trim().max(200).default(''),
        items: z.array(z.object({ assetId: IdSchema, inMs: z.number().int().min(0), outMs: z.number().int().min(1) }).strict()).min(1).max(20),
      }).strict(),
      output: z.object({ selectionId: IdSchema, durationMs: z.number().int(), items: z.number().int(), warnings: z.array(z.string().max(300)).max(20) }),
      async handler(args, ctx) {
        const s = await deps.delivery.createSelection(args, principalOf(ctx.caller, ctx.channel));
        await ctx.handles.mint('selection', s.id);
        return { structured: { selectionId: s.id, durationMs: s.durationMs, items: s.items.length, warnings: s.warnings.slice(0, 20).map((w) => w.slice(0, 300)) } };
      },
    }),
    defineTool({
      name: 'plan_render',
      title: 'Plan render (dry run)',
      description: 'What a render would produce and cost, and which profile rules it breaks. Queues nothing.',
      scope: 'render:write',
      annotations: READ,
      input: RenderArgs,
      output: z.object({ outputSpec: OutputSpecSchema, steps: z.array(z.string()).max(30), cpuEstimateS: z.number(), violations: z.array(SpecViolationSchema).max(30) }),
      async handler(args, ctx) {
        await ctx.handles.check('selection', args.selectionId);
        const plan = await deps.delivery.planRender(args, principalOf(ctx.caller, ctx.channel));
        return { structured: { outputSpec: plan.outputSpec, steps: plan.steps.slice(0, 30), cpuEstimateS: plan.cpuEstimateS, violations: plan.violations.slice(0, 30) } };
      },
    }),
    defineTool({
      name: 'render',
      title: 'Render',
      description: 'Queues the render and returns its job id at once. Follow it with wait_for_job; "running" after a wait is not a failure.',
      scope: 'render:write',
      annotations: WRITE,
      input: RenderArgs,
      output: z.object({ jobId: IdSchema, renderId: IdSchema, status: z.literal('queued') }),
      async handler(args, ctx) {
        await ctx.handles.check('selection', args.selectionId);
        const started = await deps.delivery.render(args, principalOf(ctx.caller, ctx.channel));
        await ctx.handles.mint('render', started.renderId);
        await ctx.handles.mint('job', started.jobId, started.renderId);
        return { structured: { jobId: started.jobId, renderId: started.renderId, status: 'queued' as const } };
      },
    }),
    defineTool({
      name: 'get_job',
      title: 'Get job',
      description: 'State of a render job: status, percent, and once done the verified output (size, codecs, loudness, sha256).',
      scope: 'render:write',
      annotations: READ,
      input: z.object({ jobId: IdSchema }).strict(),
      output: JobStateSchema,
      async handler(args, ctx) {
        return { structured: jobState(args.jobId, await renderOfJob(ctx, args.jobId)) };
      },
    }),
    defineTool({
      name: 'wait_for_job',
      title: 'Wait for job',
      description: 'Waits up to maxWaitMs (≤ 45000, under the 60 s client timeout) for a render job to finish. Returns status "running" when it is still going: call again, do not start another render.',
      scope: 'render:write',
      annotations: READ,
      input: z.object({ jobId: IdSchema, maxWaitMs: z.number().int().min(0).max(45_000).default(30_000) }).strict(),
      output: JobStateSchema,
      async handler(args, ctx) {
        const deadline = deps.clock.now().getTime() + args.maxWaitMs;
        let lastPercent = -1;
        for (;;) {
          const state = jobState(args.jobId, await renderOfJob(ctx, args.jobId));
          if (state.status === 'done' || state.status === 'failed') return { structured: state };
          if (state.percent > lastPercent) {
            lastPercent = state.percent;
            ctx.onProgress?.(state.percent, 100, state.stage ?? state.status);
          }
          const left = deadline - deps.clock.now().getTime();
          if (left <= 0 || ctx.signal?.aborted) return { structured: state };
          await sleep(Math.min(500, left), ctx.signal);
        }
      },
    }),
    defineTool({
      name: 'request_approval',
      title: 'Request approval',
      description: 'Asks a person to approve delivering a finished render to a destination with this metadata. Nothing is delivered until a different person approves; the approval is bound to this exact file, destination and metadata.',
      scope: 'deliver:request',
      annotations: WRITE,
      input: z.object({
        renderId: IdSchema,
        destinationId: SlugIdSchema,
        title: z.string().trim().min(1).max(200),
        description: z.string().max(2000).default(''),
        tags: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
      }).strict(),
      output: z.object({ approvalId: IdSchema, status: ApprovalStatusSchema, expiresAt: z.string(), binding: z.string(), consolePath: z.string() }),
      async handler(args, ctx) {
        await ctx.handles.check('render', args.renderId);
        const a = await deps.delivery.requestApproval(
          { renderId: args.renderId, destinationId: args.destinationId, metadata: { title: args.title, description: args.description, tags: args.tags } },
          principalOf(ctx.caller, ctx.channel),
        );
        await ctx.handles.mint('approval', a.id);
        return { structured: { approvalId: a.id, status: a.status, expiresAt: a.expiresAt, binding: a.binding, consolePath: `/#approvals/${a.id}` }, approvalId: a.id };
      },
    }),
    defineTool({
      name: 'deliver',
      title: 'Deliver',
      description: 'Delivers an approved render to its destination. Fails unless a different person approved it and the approval has not expired. Idempotent: calling again returns the same delivery.',
      scope: 'deliver:request',
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      input: z.object({ approvalId: IdSchema }).strict(),
      output: z.object({ deliveryId: IdSchema, status: DeliveryStatusSchema, destinationId: z.string(), receipt: z.string().max(500).nullable(), error: z.string().max(500).nullable() }),
      async handler(args, ctx) {
        await ctx.handles.check('approval', args.approvalId);
        const d = await deps.delivery.deliver({ approvalId: args.approvalId }, principalOf(ctx.caller, ctx.channel));
        await ctx.handles.mint('delivery', d.id);
        return {
          structured: { deliveryId: d.id, status: d.status, destinationId: d.destinationId, receipt: d.receipt?.slice(0, 500) ?? null, error: d.error?.slice(0, 500) ?? null },
          approvalId: args.approvalId,
        };
      },
    }),
  ];
}
