import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, inProcessPlatform } from './in-process';

/**
 * The draft dry run the console's policy form calls (POST /archive/policies/dry-run) on the real platform:
 * who may call it, that it stores nothing, and that a refused body carries the per-field details the form
 * places beside its fields (the shape shared/src/ui/policy-form.test.ts feeds `serverErrors`).
 */
describe('POST /api/v1/archive/policies/dry-run', () => {
  let p: Awaited<ReturnType<typeof inProcessPlatform>>;
  let viewer: string;
  let editor: string;
  const post = (token: string, body: unknown) => p.call(token, '/api/v1/archive/policies/dry-run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const draft = { name: 'draft', targetTier: 'archive', rules: { minAgeDays: 30, tagsNone: ['keep'] } };

  beforeAll(async () => {
    p = await inProcessPlatform();
    viewer = (await p.token('viewer', 'viewer')).token;
    editor = (await p.token('editor', 'editor')).token;
  });
  afterAll(async () => p?.close());

  it('editors and admins dry-run a draft; a viewer is refused; nothing is stored', async () => {
    expect((await post(viewer, draft)).status).toBe(403);
    for (const token of [editor, ADMIN]) {
      const res = await post(token, draft);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ policyId: null, dryRun: true, assets: 0, bytes: 0, items: [], jobIds: [] });
    }
    expect((await p.call(ADMIN, '/api/v1/archive/policies')).body).toEqual({ items: [] });
  });

  it('a bad draft is a 400 with one { path, message } per field, paths under body.', async () => {
    const res = await post(editor, { ...draft, rules: { minAgeDays: 99_999 }, everyMinutes: 0 });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'request.invalid',
      message: 'Invalid body: body.rules.minAgeDays, body.everyMinutes',
      details: [
        { path: 'body.rules.minAgeDays', message: expect.stringContaining('36500') },
        { path: 'body.everyMinutes', message: expect.stringContaining('1') },
      ],
    });
  });
});
