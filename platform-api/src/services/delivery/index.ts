/**
 * The delivery domain (issue 16) for every front end: the HTTP API, the MCP server and the assistant
 * call these methods; none of them builds ffmpeg arguments, paths or URLs.
 */
export { DeliveryService, type DeliveryServiceDeps } from './delivery-service';
export type {
  Approval, ApprovalRequestInput, Delivery, DeliveryMetadata, DeliveryPrincipal, DeliveryProfile, DeliveryProfileId,
  Destination, Render, RenderPlan, RenderRequestInput, RenderStarted, Selection, SelectionCreate, Watermark,
} from '@cutaway/shared';
