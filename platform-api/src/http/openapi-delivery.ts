import { z } from 'zod';
import {
  ApprovalListQuerySchema, ApprovalPageSchema, ApprovalRequestSchema, ApprovalSchema, DeclineRequestSchema, DeliverRequestSchema, DeliverySchema, DestinationListSchema, ProfileListSchema, RenderPlanSchema,
  RenderRequestSchema, RenderSchema, RenderStartedSchema, SelectionCreateSchema, SelectionSchema,
} from '@cutaway/shared';

/** The delivery routes (routes/delivery.ts) for the OpenAPI document; same schemas as the handlers. */
export const DELIVERY_OPERATIONS = [
  { id: 'listDeliveryProfiles', method: 'get', path: '/profiles', summary: 'Delivery profiles as dated data (size, fps, codec, bitrate, loudness, safe zone, source)', role: 'viewer', response: ProfileListSchema },
  { id: 'listDeliveryDestinations', method: 'get', path: '/destinations', summary: 'The operator\'s destination and watermark allowlists (ids and names only)', role: 'viewer', response: DestinationListSchema },
  { id: 'createSelection', method: 'post', path: '/selections', summary: 'A selection of moments (asset, in, out) to render', role: 'editor', body: SelectionCreateSchema, response: SelectionSchema, status: 201 },
  { id: 'getSelection', method: 'get', path: '/selections/{id}', summary: 'One selection', role: 'viewer', response: SelectionSchema },
  { id: 'planRender', method: 'post', path: '/render-plans', summary: 'Dry run: output spec, CPU estimate, spec violations; queues nothing', role: 'editor', body: RenderRequestSchema, response: RenderPlanSchema },
  { id: 'startRender', method: 'post', path: '/renders', summary: 'Queue a render (durable job; events job.progress); answers at once', role: 'editor', body: RenderRequestSchema, response: RenderStartedSchema, status: 202 },
  { id: 'getRender', method: 'get', path: '/renders/{id}', summary: 'A render with progress; done only after ffprobe, ebur128 and sha256 checks', role: 'viewer', response: RenderSchema },
  { id: 'getRenderFile', method: 'get', path: '/renders/{id}/file', summary: 'The verified render (Range supported)', role: 'viewer', binary: 'video/mp4' },
  { id: 'requestApproval', method: 'post', path: '/approvals', summary: 'Ask a second person to approve sending a render to a destination with this metadata', role: 'editor', body: ApprovalRequestSchema, response: ApprovalSchema, status: 201 },
  { id: 'listApprovals', method: 'get', path: '/approvals', summary: 'The approvals queue, newest first, filtered by status (pending = undecided and not expired); reviewers see all, others their own', role: 'viewer', query: ApprovalListQuerySchema, response: ApprovalPageSchema },
  { id: 'getApproval', method: 'get', path: '/approvals/{id}', summary: 'One approval', role: 'viewer', response: ApprovalSchema },
  { id: 'approve', method: 'post', path: '/approvals/{id}/approve', summary: 'Approve (a person other than the requester; never an agent token)', role: 'editor', body: z.object({}).optional(), response: ApprovalSchema },
  { id: 'decline', method: 'post', path: '/approvals/{id}/decline', summary: 'Decline with an optional reason (a person other than the requester; never an agent token); a declined approval is never delivered', role: 'editor', body: DeclineRequestSchema.optional(), response: ApprovalSchema },
  { id: 'deliver', method: 'post', path: '/deliveries', summary: 'Send an approved render; idempotent per approval', role: 'editor', body: DeliverRequestSchema, response: DeliverySchema },
  { id: 'getDelivery', method: 'get', path: '/deliveries/{id}', summary: 'One delivery', role: 'viewer', response: DeliverySchema },
] as const;
