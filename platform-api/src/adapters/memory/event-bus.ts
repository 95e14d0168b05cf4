import type { CutawayEvent, EventDraft } from '@cutaway/shared';
import type { EventBus } from '../../ports/event-bus';

/** In-process fan-out for the embedded default (one API process). */
export class InProcessEventBus implements EventBus {
  private readonly listeners = new Set<(e: CutawayEvent) => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  publish(draft: EventDraft): void {
    const event = { ...draft, at: this.now().toISOString() } as CutawayEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }

  subscribe(listener: (e: CutawayEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
