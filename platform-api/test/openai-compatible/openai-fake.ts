import type { ServerResponse } from 'node:http';
import { apiError, json, parseMultipart, type SeenRequest } from './fake-server';
import { decodeToPcm, detectBursts } from './tones';

/**
 * Fake endpoints following OpenAI's API reference: request shapes are checked (a wrong request
 * gets the 400 a real server would give), responses have the documented shapes.
 */

/** What the upload looked like, recorded for assertions. */
export interface SeenUpload {
  format: 'flac' | 'wav' | 'mp3';
  sampleRate: number;
  channels: number;
  bytes: number;
  fields: Record<string, string[]>;
}

/** FLAC STREAMINFO (RFC 9639 §8.2) or WAV fmt chunk: independent of ffmpeg's view of the file. */
function sniffAudio(b: Buffer): Omit<SeenUpload, 'fields' | 'bytes'> | null {
  if (b.toString('latin1', 0, 4) === 'fLaC') {
    const rate = (b[18]! << 12) | (b[19]! << 4) | (b[20]! >> 4);
    return { format: 'flac', sampleRate: rate, channels: ((b[20]! >> 1) & 7) + 1 };
  }
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WAVE') {
    return { format: 'wav', channels: b.readUInt16LE(22), sampleRate: b.readUInt32LE(24) };
  }
  if (b.toString('latin1', 0, 3) === 'ID3' || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0)) return { format: 'mp3', sampleRate: 0, channels: 0 };
  return null;
}

/**
 * POST /v1/audio/transcriptions: every tone burst in the upload is one word "tone", with
 * segment avg_logprob −0.1 (confidence ≈ 0.905), as verbose_json with word timestamps.
 */
export async function transcribe(req: SeenRequest, res: ServerResponse, uploads: SeenUpload[]): Promise<void> {
  const form = await parseMultipart(req);
  const file = form.files.find((f) => f.field === 'file');
  const audio = file ? sniffAudio(file.data) : null;
  if (!file || !audio) return apiError(res, 400, 'Invalid file format. Supported formats: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm');
  if (!form.fields.model?.[0]) return apiError(res, 400, "you must provide a model parameter");
  if (form.fields.response_format?.[0] !== 'verbose_json') return apiError(res, 400, 'timestamp_granularities requires response_format=verbose_json');
  if (!form.fields['timestamp_granularities[]']?.includes('word')) return apiError(res, 400, 'fake: word timestamps were not requested');
  uploads.push({ ...audio, bytes: file.data.length, fields: form.fields });
  const pcm = await decodeToPcm(file.data);
  const bursts = detectBursts(pcm);
  json(res, 200, {
    task: 'transcribe',
    language: 'english',
    duration: pcm.length / 16000,
    text: bursts.map(() => 'tone').join(' '),
    words: bursts.map((b) => ({ word: 'tone', start: b.start, end: b.end })),
    segments: bursts.map((b, id) => ({
      id, seek: 0, start: b.start, end: b.end, text: ' tone', tokens: [50364, 8027], temperature: 0,
      avg_logprob: -0.1, compression_ratio: 1.2, no_speech_prob: 0.01,
    })),
  });
}

/** A deterministic, deliberately non-unit vector per text, so the client's normalisation shows. */
export function fakeVector(text: string, dims: number): number[] {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.codePointAt(0)!, 16777619) >>> 0;
  return Array.from({ length: dims }, (_, i) => ((((h >>> (i % 24)) & 0xff) + 1) / 32) * (i % 2 ? -1 : 1));
}

/** POST /v1/embeddings: `data` deliberately in reverse order, as the reference allows. */
export function embeddings(req: SeenRequest, res: ServerResponse, dims: number): void {
  const body = JSON.parse(req.body.toString('utf8')) as { input?: unknown; model?: unknown };
  if (typeof body.model !== 'string') return apiError(res, 400, 'you must provide a model parameter');
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || input.some((t) => typeof t !== 'string' || t === '')) return apiError(res, 400, "'$.input' is invalid");
  const data = (input as string[]).map((t, index) => ({ object: 'embedding', index, embedding: fakeVector(t, dims) })).reverse();
  json(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
}

export interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string };
}

/** POST /v1/chat/completions answering with `content` (a string the test scripts). */
export function chat(req: SeenRequest, res: ServerResponse, content: string | null): ChatBody | undefined {
  const body = JSON.parse(req.body.toString('utf8')) as ChatBody;
  if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
    apiError(res, 400, "'messages' is a required property");
    return undefined;
  }
  json(res, 200, {
    id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
  return body;
}

/** One scripted assistant turn: text, tool calls (arguments as the model would write them), and usage to report. */
export interface ScriptedTurn {
  content?: string | null;
  toolCalls?: Array<{ name: string; arguments: unknown }>;
  totalTokens?: number;
}

export interface ToolChatBody {
  model: string;
  messages: Array<{ role: string; content: string | null; tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
  tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
  tool_choice?: unknown;
  response_format?: { type: string };
}

/** The script sees the whole request (so it can read earlier tool results, as a model does) and the turn number. */
export type ChatScript = (body: ToolChatBody, turn: number) => ScriptedTurn;

/**
 * POST /v1/chat/completions with function calling (OpenAI API reference, "Function calling"): checks what a
 * real server checks — tools are `{type:"function", function:{name, parameters}}`, every `tool` message answers
 * a preceding assistant `tool_calls` id — and answers from the script. `rejectTools` plays a server started
 * without tool support (vLLM without --enable-auto-tool-choice answers 400).
 */
export function scriptedChat(req: SeenRequest, res: ServerResponse, script: ChatScript, state: { turn: number; bodies: ToolChatBody[] }, opts: { rejectTools?: boolean } = {}): void {
  const body = JSON.parse(req.body.toString('utf8')) as ToolChatBody;
  if (typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) return apiError(res, 400, "'messages' is a required property");
  if (body.tools) {
    if (opts.rejectTools) return apiError(res, 400, '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set');
    for (const t of body.tools) {
      if (t.type !== 'function' || !/^[a-zA-Z0-9_-]{1,64}$/.test(t.function?.name ?? '')) return apiError(res, 400, `Invalid 'tools': ${JSON.stringify(t).slice(0, 80)}`);
    }
  }
  const open = new Set<string>();
  for (const m of body.messages) {
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) open.add(c.id);
    if (m.role === 'tool') {
      if (!m.tool_call_id || !open.has(m.tool_call_id)) return apiError(res, 400, "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
      open.delete(m.tool_call_id);
    }
  }
  state.bodies.push(body);
  const turn = script(body, state.turn++);
  const calls = (turn.toolCalls ?? []).map((c, i) => ({
    id: `call_${state.turn}_${i}`, type: 'function', function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
  }));
  json(res, 200, {
    id: `chatcmpl-fake-${state.turn}`, object: 'chat.completion', created: 0, model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: turn.content ?? null, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) }, logprobs: null, finish_reason: calls.length ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: Math.floor((turn.totalTokens ?? 200) * 0.8), completion_tokens: Math.ceil((turn.totalTokens ?? 200) * 0.2), total_tokens: turn.totalTokens ?? 200 },
  });
}

/** The JSON result of the most recent `tool` message (or JSON-plan "Result of …" message) for `tool`. */
export function lastToolResult<T = Record<string, unknown>>(body: ToolChatBody, tool?: string): T {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i]!;
    if (m.role === 'tool' && m.content) {
      if (!tool) return JSON.parse(m.content) as T;
      const call = body.messages.flatMap((x) => x.tool_calls ?? []).find((c) => c.id === m.tool_call_id);
      if (call?.function.name === tool) return JSON.parse(m.content) as T;
    }
    const plan = m.role === 'user' && m.content ? /^Result of ([a-z_]+): (.*)$/s.exec(m.content) : null;
    if (plan && (!tool || plan[1] === tool)) return JSON.parse(plan[2]!) as T;
  }
  throw new Error(`no result of ${tool ?? 'any tool'} in the conversation`);
}
