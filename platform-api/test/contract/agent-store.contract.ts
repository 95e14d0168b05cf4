import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedPrompt } from '@cutaway/shared';
import type { AgentStore } from '../../src/ports/agent-store';

export function prompt(over: Partial<SavedPrompt> = {}): SavedPrompt {
  return {
    id: 'prompt000001', ownerId: 'owner000001', ownerName: 'Pat', title: 'Storms', prompt: 'storm clips', query: 'storm', profileId: 'reels-9x16',
    destinationId: 'web-folder', watermarkId: null, maxClips: 3, intervalMinutes: 60, enabled: true, nextRunAt: '2026-12-06T20:00:00.000Z', lastRun: null,
    createdAt: '2026-12-06T19:00:00.000Z', ...over,
  };
}

/** The agent store (issue 16): handles bound to owners, saved prompts, due listing and the run claim. */
export function runAgentStoreContract(name: string, open: () => Promise<{ store: AgentStore; close: () => Promise<void> }>): void {
  describe(`AgentStore contract: ${name}`, () => {
    let store: AgentStore;
    let close: () => Promise<void>;
    beforeEach(async () => ({ store, close } = await open()));
    afterEach(async () => close());

    it('keeps a handle with its first owner; another owner cannot take it over', async () => {
      await store.putHandle({ handle: 'sel000001', kind: 'selection', ownerId: 'owner000001', target: null, createdAt: '2026-12-06T19:00:00.000Z' });
      await store.putHandle({ handle: 'sel000001', kind: 'selection', ownerId: 'owner000002', target: null, createdAt: '2026-12-06T19:00:01.000Z' });
      await store.putHandle({ handle: 'job000001', kind: 'job', ownerId: 'owner000001', target: 'ren000001', createdAt: '2026-12-06T19:00:00.000Z' });
      expect(await store.getHandle('sel000001')).toEqual({ handle: 'sel000001', kind: 'selection', ownerId: 'owner000001', target: null, createdAt: '2026-12-06T19:00:00.000Z' });
      expect((await store.getHandle('job000001'))?.target).toBe('ren000001');
      expect(await store.getHandle('missing001')).toBeNull();
    });

    it('stores prompts, lists them by owner and due time, and lets exactly one claimer run a due prompt', async () => {
      await store.createPrompt(prompt());
      await store.createPrompt(prompt({ id: 'prompt000002', ownerId: 'owner000002', createdAt: '2026-12-06T19:00:01.000Z', nextRunAt: '2026-12-06T22:00:00.000Z' }));
      await store.createPrompt(prompt({ id: 'prompt000003', enabled: false, createdAt: '2026-12-06T19:00:02.000Z' }));
      expect(await store.getPrompt('prompt000001')).toEqual(prompt());
      expect((await store.listPrompts('owner000001')).map((p) => p.id)).toEqual(['prompt000001', 'prompt000003']);
      expect((await store.listPrompts()).map((p) => p.id)).toEqual(['prompt000001', 'prompt000002', 'prompt000003']);
      expect((await store.listDue('2026-12-06T21:00:00.000Z')).map((p) => p.id)).toEqual(['prompt000001']);
      const claims = await Promise.all([1, 2, 3].map(() => store.claimRun('prompt000001', '2026-12-06T20:00:00.000Z', '2026-12-06T21:00:00.000Z')));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await store.getPrompt('prompt000001'))?.nextRunAt).toBe('2026-12-06T21:00:00.000Z');
      expect(await store.listDue('2026-12-06T20:30:00.000Z')).toEqual([]);
      const run = { at: '2026-12-06T21:00:05.000Z', runId: 'run_x', status: 'awaiting_approval' as const, approvalId: 'apr000001', message: 'ok' };
      expect(await store.updatePrompt({ ...prompt(), nextRunAt: '2026-12-06T21:00:00.000Z', lastRun: run, enabled: false })).toBe(true);
      expect(await store.getPrompt('prompt000001')).toMatchObject({ enabled: false, lastRun: run });
      expect(await store.listDue('2026-12-07T00:00:00.000Z')).toHaveLength(1); // only prompt000002 is still on
      expect(await store.updatePrompt(prompt({ id: 'missing001' }))).toBe(false);
    });
  });
}
