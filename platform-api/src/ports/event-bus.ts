import type { CutawayEvent, EventDraft } from '@cutaway/shared';

/**
 * Fan-out of domain events to ws clients. In-process on the embedded default;
 * across API processes (PostgreSQL LISTEN/NOTIFY) when scaled out.
 */
export interface EventBus {
  publish(event: EventDraft): void;
  subscribe(listener: (event: CutawayEvent) => void): () => void;
}
