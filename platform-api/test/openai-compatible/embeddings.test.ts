import { afterEach, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalScratchSpace } from '../../src/adapters/local-fs/scratch-space';
import { createOpenAiProviders } from '../../src/adapters/openai-compatible';
import { OpenAiHttp } from '../../src/adapters/openai-compatible/http';
import { OpenAiTextEmbedder } from '../../src/adapters/openai-compatible/embeddings';
import { json, startFakeServer, type FakeServer } from './fake-server';
import { embeddings, fakeVector } from './openai-fake';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const DIMS = 8;

function expectUnitOf(v: Float32Array, raw: number[]) {
  const norm = Math.hypot(...raw);
  expect(v).toHaveLength(raw.length);
  expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  raw.forEach((x, i) => expect(v[i]).toBeCloseTo(x / norm, 5));
}

describe('OpenAiTextEmbedder', () => {
  it('returns unit vectors in input order although the server answers out of order, batching the input', async () => {
    server = await startFakeServer((req, res) => embeddings(req, res, DIMS));
    const embedder = new OpenAiTextEmbedder({ http: new OpenAiHttp({ baseUrl: server.baseUrl }), model: 'text-embedding-3-small', dimensions: DIMS, batchSize: 3 });
    const texts = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
    const progress: number[] = [];
    const vectors = await embedder.embed(texts, { onProgress: (p) => progress.push(p) });

    expect(server.requests.map((r) => (JSON.parse(r.body.toString()) as { input: string[] }).input)).toEqual([texts.slice(0, 3), texts.slice(3, 6), texts.slice(6)]);
    expect(JSON.parse(server.requests[0]!.body.toString())).toEqual({ model: 'text-embedding-3-small', input: texts.slice(0, 3) });
    texts.forEach((t, i) => expectUnitOf(vectors[i]!, fakeVector(t, DIMS)));
    expect(progress).toEqual([0, 43, 86, 100]);
    expect(embedder).toMatchObject({ engine: 'openai-compatible', model: 'text-embedding-3-small', dimensions: DIMS });
  });

  it('sends dimensions only when asked to', async () => {
    server = await startFakeServer((req, res) => embeddings(req, res, DIMS));
    await new OpenAiTextEmbedder({ http: new OpenAiHttp({ baseUrl: server.baseUrl }), model: 'm', dimensions: DIMS, sendDimensions: true }).embed(['x']);
    expect(JSON.parse(server.requests[0]!.body.toString())).toMatchObject({ dimensions: DIMS });
  });

  it.each([
    ['a vector of the wrong length', { data: [{ index: 0, embedding: [1, 2, 3] }] }, /3 dimensions, configured 8/],
    ['a missing index', { data: [{ index: 1, embedding: fakeVector('a', DIMS) }] }, /indexes/],
    ['fewer vectors than texts', { data: [] }, /0 vectors for 1 texts/],
    ['a zero vector', { data: [{ index: 0, embedding: new Array(DIMS).fill(0) }] }, /zero/],
  ])('rejects %s as ai.bad_response', async (_name, body, message) => {
    server = await startFakeServer((_req, res) => json(res, 200, body));
    const embedder = new OpenAiTextEmbedder({ http: new OpenAiHttp({ baseUrl: server.baseUrl }), model: 'm', dimensions: DIMS });
    await expect(embedder.embed(['a'])).rejects.toMatchObject({ code: 'ai.bad_response', message: expect.stringMatching(message) });
  });

  it('refuses empty texts before calling the server', async () => {
    server = await startFakeServer((req, res) => embeddings(req, res, DIMS));
    const embedder = new OpenAiTextEmbedder({ http: new OpenAiHttp({ baseUrl: server.baseUrl }), model: 'm', dimensions: DIMS });
    await expect(embedder.embed(['ok', '  '])).rejects.toMatchObject({ code: 'request.invalid', details: { index: 1 } });
    await expect(embedder.embed([])).resolves.toEqual([]);
    expect(server.requests).toHaveLength(0);
  });
});

describe('createOpenAiProviders', () => {
  // Never used here (nothing is transcribed), so nothing is ever created under it.
  const base = { baseUrl: 'http://127.0.0.1:9/v1', scratch: new LocalScratchSpace(join(tmpdir(), 'cutaway-never-created')) };

  it('offers only the capabilities whose model is configured', () => {
    expect(createOpenAiProviders(base)).toEqual({});
    const all = createOpenAiProviders({ ...base, speechModel: 'whisper-1', chatModel: 'gpt-4o-mini', embeddingModel: 'e', embeddingDimensions: 384 });
    expect(all.speech?.model).toBe('whisper-1');
    expect(all.analyzer?.model).toBe('gpt-4o-mini');
    expect(all.embedder?.dimensions).toBe(384);
    expect(Object.keys(createOpenAiProviders({ ...base, chatModel: 'c' }))).toEqual(['analyzer']);
  });

  it('requires the vector length with an embedding model', () => {
    expect(() => createOpenAiProviders({ ...base, embeddingModel: 'e' })).toThrow(expect.objectContaining({ code: 'config.invalid' }));
  });
});
