import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from '@cutaway/shared';
import { generateNewsClip } from '../media/generate';
import { apiError, json, parseMultipart, startFakeServer, type FakeServer } from '../openai-compatible/fake-server';
import { chat, embeddings } from '../openai-compatible/openai-fake';
import { clientFor, eventually, startServer, tempDir, upload, type ServerProcess } from './harness';

const KEY = 'sk-test-never-log-this-0123456789';

/**
 * The stronger engine path, wired end to end: platform-api configured with CUTAWAY_AI_* talks to
 * a local server speaking the OpenAI HTTP API (documented request/response shapes) for speech,
 * insights and embeddings.
 */
describe('enrichment through an OpenAI-compatible server', () => {
  let ai: FakeServer;
  let server: ServerProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let media: { dir: string; cleanup: () => Promise<void> };
  let asset: Asset;
  const token = 'admin-secret-for-openai-e2e-0123';

  beforeAll(async () => {
    ai = await startFakeServer(async (req, res) => {
      if (req.headers.authorization !== `Bearer ${KEY}`) return apiError(res, 401, 'Incorrect API key provided');
      if (req.path === '/v1/audio/transcriptions') {
        const form = await parseMultipart(req);
        if (form.fields.response_format?.[0] !== 'verbose_json') return apiError(res, 400, 'verbose_json required');
        const words = ['the', 'mayor', 'opens', 'the', 'harbor', 'bridge'].map((word, i) => ({ word, start: 0.3 + i * 0.35, end: 0.6 + i * 0.35 }));
        return json(res, 200, { task: 'transcribe', language: 'english', duration: 3, text: words.map((w) => w.word).join(' '), words, segments: [{ id: 0, start: 0.3, end: 2.4, text: 'the mayor opens the harbor bridge', avg_logprob: -0.05, no_speech_prob: 0.01 }] });
      }
      if (req.path === '/v1/chat/completions') {
        return void chat(req, res, JSON.stringify({ summary: 'The mayor opens the new bridge.', keywords: ['bridge opening'], entities: [{ text: 'Jane Doe', type: 'person' }] }));
      }
      if (req.path === '/v1/embeddings') return embeddings(req, res, 16);
      apiError(res, 404, `unknown path ${req.path}`);
    });
    data = await tempDir('openai-data');
    media = await tempDir('openai-media');
    await generateNewsClip(`${media.dir}/talk.mp4`, { durationS: 6, width: 640, height: 360, fps: 25, cutsAtS: [3], speech: [{ text: 'The mayor opens the harbor bridge.', atS: 0.5 }] });
    server = await startServer(data.dir, {
      CUTAWAY_ADMIN_TOKEN: token,
      CUTAWAY_AI_BASE_URL: ai.baseUrl,
      CUTAWAY_AI_API_KEY: KEY,
      CUTAWAY_AI_SPEECH_MODEL: 'whisper-1',
      CUTAWAY_AI_CHAT_MODEL: 'gpt-test',
      CUTAWAY_AI_EMBEDDING_MODEL: 'embed-test',
      CUTAWAY_AI_EMBEDDING_DIMENSIONS: '16',
      CUTAWAY_ENRICH_OCR: 'off',
    });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await ai?.close();
    await data?.cleanup();
    await media?.cleanup();
  });

  it('uses the configured models for speech, insights and embeddings', async () => {
    const uploaded = await upload(server.url, token, `${media.dir}/talk.mp4`, { title: 'Council' });
    const id = uploaded.id;
    asset = await eventually(async () => {
      const a = await clientFor(server.url, token).getAsset(id);
      // Steps run independently: wait for all three, not only the last one to be queued.
      return (['speech', 'insights', 'embeddings'] as const).every((k) => a.enrichment[k]?.status === 'done') ? a : null;
    }, 120_000, 500);
    expect(asset.enrichment.speech).toMatchObject({ status: 'done', engine: 'openai-compatible', model: 'whisper-1' });
    expect(asset.enrichment.insights).toMatchObject({ status: 'done', model: 'gpt-test', details: { summary: 'The mayor opens the new bridge.' } });
    expect(asset.enrichment.embeddings).toMatchObject({ status: 'done', model: 'embed-test', details: { dimensions: 16 } });
    const paths = new Set(ai.requests.map((r) => r.path));
    expect([...paths].sort()).toEqual(['/v1/audio/transcriptions', '/v1/chat/completions', '/v1/embeddings']);
  }, 150_000);

  it('makes the transcript and the entities searchable moments', async () => {
    const client = clientFor(server.url, token);
    const speech = (await client.search({ q: 'mayor', kind: ['speech'] })).items[0]?.moments[0];
    expect(speech).toMatchObject({ kind: 'speech' });
    // Word timings narrow the hit to "mayor" itself: the fake said it 0.65 s into the speech region.
    expect(speech!.endMs - speech!.startMs).toBeLessThanOrEqual(400);
    const tag = (await client.search({ q: '"jane doe"', kind: ['tag'] })).items[0]?.moments[0];
    expect(tag?.text).toContain('Jane Doe');
  });

  it('never writes the API key to the logs', () => {
    expect(server.logs.join('\n')).not.toContain(KEY);
  });
});
