import { expect } from 'vitest';
import { JobSchema, type Job } from '@cutaway/shared/schemas';
import type { JobQueue } from '../../src/ports/job-queue';

/** What each section of the JobQueue contract gets: the queue under test and its injected clock. */
export interface QueueCtx {
  readonly queue: JobQueue;
  readonly now: Date;
  advance(ms: number): void;
}

export const START = Date.parse('2030-01-01T09:00:00.000Z');
export const LEASE = 30_000;

export const ingest = (assetId: string) => ({ assetId });
export const expectValidJob = (job: Job | null | undefined) => expect(JobSchema.safeParse(job).error).toBeUndefined();
