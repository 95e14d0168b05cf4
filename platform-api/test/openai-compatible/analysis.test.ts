import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiTextAnalyzer } from '../../src/adapters/openai-compatible/analysis';
import { OpenAiHttp } from '../../src/adapters/openai-compatible/http';
import { LIMITS, coerceInsights, extractJson } from '../../src/adapters/openai-compatible/insights';
import { startFakeServer, type FakeServer } from './fake-server';
import { chat, type ChatBody } from './openai-fake';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A chat server answering with `answers[i]` for the i-th call (last repeating), recording request bodies. */
async function chatServer(...answers: Array<string | null>) {
  const bodies: ChatBody[] = [];
  server = await startFakeServer((req, res) => {
    const body = chat(req, res, answers[Math.min(bodies.length, answers.length - 1)]!);
    if (body) bodies.push(body);
  });
  const analyzer = new OpenAiTextAnalyzer({ http: new OpenAiHttp({ baseUrl: server.baseUrl }), model: 'gpt-4o-mini' });
  return { analyzer, bodies };
}

const GOOD = JSON.stringify({
  summary: 'The council approved the new bridge over the Tyne.',
  keywords: ['bridge', 'council vote', 'Bridge'],
  entities: [{ text: 'Newcastle City Council', type: 'organization' }, { text: 'River Tyne', type: 'LOCATION' }, { text: 'Jane Doe', type: 'spokesperson' }],
});

describe('OpenAiTextAnalyzer', () => {
  it('asks for a JSON object with a system prompt and returns coerced insights', async () => {
    const { analyzer, bodies } = await chatServer(GOOD);
    const progress: number[] = [];
    const out = await analyzer.analyze('Councillors voted 40 to 12 for the bridge.', { context: 'Evening news, 12 May', onProgress: (p) => progress.push(p) });

    expect(out).toEqual({
      engine: 'openai-compatible', model: 'gpt-4o-mini',
      summary: 'The council approved the new bridge over the Tyne.',
      keywords: ['bridge', 'council vote'],
      entities: [{ text: 'Newcastle City Council', type: 'organization' }, { text: 'River Tyne', type: 'place' }, { text: 'Jane Doe', type: 'other' }],
    });
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.response_format).toEqual({ type: 'json_object' });
    expect(bodies[0]!.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(bodies[0]!.messages[0]!.content).toMatch(/JSON/);
    expect(bodies[0]!.messages[1]!.content).toContain('Evening news, 12 May');
    expect(bodies[0]!.messages[1]!.content).toContain('Councillors voted 40 to 12');
    expect(progress).toEqual([0, 100]);
  });

  it('retries once after invalid JSON, showing the model its answer, and then succeeds', async () => {
    const { analyzer, bodies } = await chatServer('Sure! Here is the summary: the council approved a bridge', GOOD);
    await expect(analyzer.analyze('text')).resolves.toMatchObject({ keywords: ['bridge', 'council vote'] });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]!.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(bodies[1]!.messages[2]!.content).toContain('Sure! Here is');
  });

  it('gives up with ai.bad_response after the second invalid answer', async () => {
    const { analyzer, bodies } = await chatServer('{"summary": "cut off', null);
    await expect(analyzer.analyze('text')).rejects.toMatchObject({ code: 'ai.bad_response', details: { attempts: 2, endpoint: '/chat/completions' } });
    expect(bodies).toHaveLength(2);
  });
});

describe('insight coercion', () => {
  it('finds the JSON inside code fences and chatter', () => {
    expect(extractJson('```json\n{"summary":"s"}\n```')).toEqual({ summary: 's' });
    expect(extractJson('Here you go: {"summary":"s"} Hope it helps!')).toEqual({ summary: 's' });
    expect(extractJson('no json here')).toBeNull();
  });

  it('trims, de-duplicates and caps what the model returned', () => {
    const out = coerceInsights({
      summary: `  ${'word '.repeat(400)} `,
      keywords: 'a, b ,  , a, ' + Array.from({ length: 30 }, (_, i) => `k${i}`).join(','),
      entities: ['Paris', { name: '  ACME  Corp ', label: 'ORG' }, { text: '' }, 7, { text: 'acme corp', type: 'organisation' }, { text: 'x'.repeat(500), type: 'event' }],
    })!;
    expect(out.summary.length).toBeLessThanOrEqual(LIMITS.summary);
    expect(out.summary.startsWith('word word')).toBe(true);
    expect(out.keywords.slice(0, 3)).toEqual(['a', 'b', 'k0']);
    expect(out.keywords).toHaveLength(LIMITS.keywords);
    expect(out.entities.slice(0, 2)).toEqual([{ text: 'Paris', type: 'other' }, { text: 'ACME Corp', type: 'organization' }]);
    expect(out.entities).toHaveLength(3);
    expect(out.entities[2]).toMatchObject({ type: 'event' });
    expect(out.entities[2]!.text.length).toBeLessThanOrEqual(LIMITS.entityLength);
  });

  it('treats an answer without a summary string as invalid', () => {
    expect(coerceInsights({ keywords: [] })).toBeNull();
    expect(coerceInsights([{ summary: 's' }])).toBeNull();
    expect(coerceInsights('summary')).toBeNull();
  });
});
