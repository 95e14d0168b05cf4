import { z } from 'zod';

/**
 * Response bodies of the OpenAI API subset we use, as loose as the servers that speak it:
 * hosted OpenAI, faster-whisper servers, llama.cpp and whisper.cpp's server all add or omit
 * fields. Unknown keys are ignored; only what we read is required.
 */

const WordSchema = z.object({
  word: z.string(),
  start: z.number(),
  end: z.number(),
  /** Not in OpenAI's reference; whisper.cpp's and faster-whisper's servers send it. */
  probability: z.number().nullish(),
});

const SegmentSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string().nullish(),
  avg_logprob: z.number().nullish(),
  no_speech_prob: z.number().nullish(),
  /** whisper.cpp's server nests words per segment instead of the top-level `words`. */
  words: z.array(WordSchema).nullish(),
});

/** POST /audio/transcriptions with `response_format=verbose_json`. */
export const VerboseTranscriptionSchema = z.object({
  text: z.string().nullish(),
  language: z.string().nullish(),
  duration: z.union([z.number(), z.string()]).nullish(),
  words: z.array(WordSchema).nullish(),
  segments: z.array(SegmentSchema).nullish(),
});
export type VerboseTranscription = z.infer<typeof VerboseTranscriptionSchema>;
export type VerboseWord = z.infer<typeof WordSchema>;
export type VerboseSegment = z.infer<typeof SegmentSchema>;

/** POST /chat/completions (non-streaming). `content` is null when the model refused or called a tool. */
export const ChatCompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().optional(),
        finish_reason: z.string().nullish(),
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
      }),
    )
    .min(1),
});

/** POST /embeddings. `data` order is not promised: each item carries the index of its input. */
export const EmbeddingsSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});
