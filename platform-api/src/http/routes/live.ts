import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import { LiveChannelCreateSchema, LiveClipCreateSchema, LiveCueOutSchema, LiveRecordingCreateSchema } from '@cutaway/shared';
import type { LiveChannelService } from '../../services/live/live-channel-service';
import type { LiveClipService } from '../../services/live/live-clip-service';
import type { LiveCueService } from '../../services/live/live-cue-service';
import type { LiveRecordingService } from '../../services/live/live-recording-service';
import { requireRole } from '../auth';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });
const RecordingParams = z.object({ id: z.string().min(1).max(64), recId: z.string().min(1).max(64) });
const ClipParams = z.object({ id: z.string().min(1).max(64), clipId: z.string().min(1).max(64) });
const SegmentParams = z.object({ id: z.string().min(1).max(64), run: z.coerce.number().int().min(1).max(999_999), seq: z.coerce.number().int().min(0) });

/** Live channels (admin), clips (editors cue, everyone reads) and the HLS preview (issue 11). */
export function liveRoutes(deps: { liveChannels: LiveChannelService; liveClips: LiveClipService; liveCues?: LiveCueService; liveRecordings?: LiveRecordingService }): Router {
  const r = Router();
  const admin = requireRole('admin');
  const { liveChannels: channels, liveClips: clips } = deps;

  r.get('/live/channels', async (_req, res) => {
    res.json({ items: await channels.list() });
  });
  r.post('/live/channels', admin, async (req, res) => {
    res.status(201).json(await channels.create(parse(LiveChannelCreateSchema, req.body, 'body')));
  });
  r.get('/live/channels/:id', async (req, res) => {
    res.json(await channels.get(parse(IdParams, req.params, 'params').id));
  });
  r.post('/live/channels/:id/start', admin, async (req, res) => {
    res.json(await channels.start(parse(IdParams, req.params, 'params').id));
  });
  r.post('/live/channels/:id/stop', admin, async (req, res) => {
    res.json(await channels.stop(parse(IdParams, req.params, 'params').id));
  });
  r.delete('/live/channels/:id', admin, async (req, res) => {
    await channels.delete(parse(IdParams, req.params, 'params').id);
    res.status(204).end();
  });
  r.get('/live/channels/:id/timeline', async (req, res) => {
    res.json(await channels.timeline(parse(IdParams, req.params, 'params').id));
  });

  r.get('/live/channels/:id/preview.m3u8', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    // Players cannot send headers: a token that came in the URL goes on every segment URL too (GET only).
    const token = typeof req.query.token === 'string' ? `?token=${encodeURIComponent(req.query.token)}` : '';
    const text = await channels.previewPlaylist(id, (run, seq) => `preview/${run}/${seq}.ts${token}`);
    res.setHeader('Content-Type', 'application/vnd.apple.mpegurl');
    res.setHeader('Cache-Control', 'no-store');
    res.send(text);
  });
  r.get('/live/channels/:id/preview/:run/:seq.ts', async (req, res) => {
    const { id, run, seq } = parse(SegmentParams, req.params, 'params');
    const stream = await channels.readSegment(id, run, seq);
    res.setHeader('Content-Type', 'video/mp2t');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    await pipeline(stream, res);
  });

  r.get('/live/channels/:id/clips', async (req, res) => {
    res.json({ items: await clips.list(parse(IdParams, req.params, 'params').id) });
  });
  r.post('/live/channels/:id/clips', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const body = parse(LiveClipCreateSchema, req.body, 'body');
    // A cue-in for a rundown item (cue, no out-point) goes through the cue service: a repeat returns the open clip.
    if (body.cue && body.outAt === undefined && deps.liveCues) {
      const { existing: _existing, ...accepted } = await deps.liveCues.markIn(id, { cue: body.cue, title: body.title, inAt: body.inAt, ...(body.tags ? { tags: body.tags } : {}) });
      res.status(202).json(accepted);
      return;
    }
    res.status(202).json(await clips.create(id, body));
  });
  r.get('/live/channels/:id/clips/:clipId', async (req, res) => {
    const { id, clipId } = parse(ClipParams, req.params, 'params');
    res.json(await clips.get(id, clipId));
  });
  r.post('/live/channels/:id/clips/:clipId/stop', async (req, res) => {
    const { id, clipId } = parse(ClipParams, req.params, 'params');
    res.json(await clips.stop(id, clipId));
  });
  r.post('/live/channels/:id/cue-out', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'params');
    const { cue } = parse(LiveCueOutSchema, req.body, 'body');
    if (!deps.liveCues) throw new Error('live cue service not wired');
    res.json(await deps.liveCues.markOut(id, cue));
  });

  // Scheduled recordings (issue 11): each occurrence becomes a clip.
  const recordings = deps.liveRecordings;
  if (recordings) {
    r.get('/live/channels/:id/recordings', async (req, res) => {
      res.json({ items: await recordings.list(parse(IdParams, req.params, 'params').id) });
    });
    r.post('/live/channels/:id/recordings', async (req, res) => {
      const { id } = parse(IdParams, req.params, 'params');
      res.status(201).json(await recordings.create(id, parse(LiveRecordingCreateSchema, req.body, 'body')));
    });
    r.get('/live/channels/:id/recordings/:recId', async (req, res) => {
      const { id, recId } = parse(RecordingParams, req.params, 'params');
      res.json(await recordings.get(id, recId));
    });
    r.delete('/live/channels/:id/recordings/:recId', async (req, res) => {
      const { id, recId } = parse(RecordingParams, req.params, 'params');
      await recordings.delete(id, recId);
      res.status(204).end();
    });
  }
  return r;
}
