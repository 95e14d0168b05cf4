import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SavedPrompt } from '@cutaway/shared';
import { principalOf } from '../../src/services/tools/delivery-tools';
import { agentHarness, type AgentHarness } from './harness';

/** Real time plus an offset the test moves forward: renders and leases still see time pass. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
let h: AgentHarness;

beforeAll(async () => {
  h = await agentHarness({ clock, worker: true });
}, 60_000);
afterAll(async () => h?.close());

describe('saved prompts: scheduled, no model, stop at awaiting approval', () => {
  it('runs when due, once, to awaiting approval; a second person approves; delivery to the folder; every step audited', { timeout: 900_000 }, async () => {
    const call = (who: 'producer' | 'agent', tool: string, args: Record<string, unknown>) => h.agent.registry().call(h.ctx(h.people[who]), tool, args);
    const saved = await call('producer', 'save_prompt', {
      title: 'Storm clips nightly', prompt: 'storm clips as a vertical with captions and our logo', query: 'storm',
      profileId: 'reels-9x16', destinationId: 'web-folder', watermarkId: 'station-logo', maxClips: 2, intervalMinutes: 15,
    });
    expect(saved).toMatchObject({ ok: true, structured: { enabled: true, intervalMinutes: 15 } });
    const id = (saved.ok && saved.structured.savedPromptId) as string;
    // What an agent saves stays off until a person switches it on; the agent cannot.
    const byAgent = await call('agent', 'save_prompt', { title: 'Agent storms', prompt: 'x', query: 'storm', profileId: 'reels-9x16', destinationId: 'web-folder' });
    expect(byAgent).toMatchObject({ ok: true, structured: { enabled: false } });
    const agentPromptId = (byAgent.ok && byAgent.structured.savedPromptId) as string;
    await expect(h.agent.prompts.setEnabled(agentPromptId, true, h.people.agent)).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(h.agent.prompts.setEnabled(agentPromptId, true, h.people.editor)).rejects.toMatchObject({ code: 'prompt.not_found' });

    expect(await h.agent.prompts.tick()).toBe(0); // not due yet
    offsetMs += 16 * 60_000;
    expect(await h.agent.prompts.tick()).toBe(1); // the producer's; the agent's is off
    expect(await h.agent.prompts.tick()).toBe(0); // claimed: not run twice

    const after = (await h.agent.prompts.get(id, h.people.producer)) as SavedPrompt;
    expect(after.lastRun, after.lastRun?.message).toMatchObject({ status: 'awaiting_approval' });
    expect(Date.parse(after.nextRunAt)).toBeGreaterThan(clock.now().getTime());
    const approvalId = after.lastRun!.approvalId!;
    expect(await readdir(h.folder).catch(() => [])).toEqual([]);

    // No model was involved: every tool call of the run is audited as the owner, channel assistant, model null.
    const trail = (await h.audit.list({ channel: 'assistant', limit: 100 })).items.reverse().filter((a) => a.details?.runId === after.lastRun!.runId);
    const tools = trail.map((a) => a.action.replace('tool ', '')).filter((t, i, all) => !(t === 'wait_for_job' && all[i + 1] === 'wait_for_job'));
    expect(tools).toEqual(['search_moments', 'create_selection', 'render', 'wait_for_job', 'request_approval']);
    expect(trail.every((a) => a.tokenId === h.people.producer.id && a.details?.model === null && a.status === 200)).toBe(true);

    // Unapproved delivery fails; a second person approves; then it is delivered, once.
    const early = await call('producer', 'deliver', { approvalId });
    expect(early).toMatchObject({ ok: false, error: { code: 'delivery.approval_invalid' } });
    await h.delivery.approve(approvalId, principalOf(h.people.editor, 'http'));
    const delivered = await call('producer', 'deliver', { approvalId });
    expect(delivered).toMatchObject({ ok: true, structured: { status: 'done', destinationId: 'web-folder' } });
    const files = await readdir(h.folder);
    expect(files.filter((f) => f.endsWith('.mp4'))).toHaveLength(1);
    expect(files.some((f) => f.endsWith('.srt'))).toBe(true);

    // Every step is in the audit trail: the run's tools, the approval by the editor, the delivery.
    const all = (await h.audit.list({ limit: 200 })).items;
    expect(all.some((a) => a.action === 'delivery.approve' && a.tokenId === h.people.editor.id && a.status === 200)).toBe(true);
    expect(all.some((a) => a.action === 'tool deliver' && a.status === 200 && a.details?.approvalId === approvalId)).toBe(true);
    expect(all.some((a) => a.action === 'delivery.deliver' && a.tokenId === h.people.producer.id && a.status === 200)).toBe(true);
  });
});
