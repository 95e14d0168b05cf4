import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { z } from 'zod';
import {
  FaceGroupingSettingSchema, PeopleListQuerySchema, PersonMergeRequestSchema, PersonNameRequestSchema, PersonSplitRequestSchema, TrackDecisionRequestSchema,
} from '@cutaway/shared';
import type { PeopleService } from '../../services/people/people-service';
import { parse } from '../validate';

const IdParams = z.object({ id: z.string().min(1).max(64) });

/** People (issue 17): thin routes over PeopleService; the caller's token is the audit actor. */
export function peopleRoutes(deps: { people: PeopleService }): Router {
  const r = Router();
  const { people } = deps;
  const actor = (req: { caller?: { id: string; name: string } }) => (req.caller ? { id: req.caller.id, name: req.caller.name } : null);
  const id = (req: { params: unknown }) => parse(IdParams, req.params, 'params').id;

  r.get('/people', async (req, res) => {
    res.json({ items: await people.list(parse(PeopleListQuerySchema, req.query, 'query')) });
  });
  r.get('/people/faces/:id/thumbnail', async (req, res) => {
    const body = await people.thumbnail(id(req));
    res.setHeader('Content-Type', 'image/jpeg');
    res.setHeader('Cache-Control', 'private, max-age=300');
    await pipeline(body, res);
  });
  r.get('/people/:id', async (req, res) => {
    res.json(await people.get(id(req)));
  });
  r.post('/people/:id/name', async (req, res) => {
    const body = parse(PersonNameRequestSchema, req.body, 'body');
    res.json(await people.name(id(req), body.name, body.trackId, actor(req)));
  });
  r.post('/people/:id/confirm', async (req, res) => {
    res.json(await people.confirm(id(req), parse(TrackDecisionRequestSchema, req.body, 'body').trackIds, actor(req)));
  });
  r.post('/people/:id/reject', async (req, res) => {
    res.json(await people.reject(id(req), parse(TrackDecisionRequestSchema, req.body, 'body').trackIds, actor(req)));
  });
  r.post('/people/:id/merge', async (req, res) => {
    res.json(await people.merge(id(req), parse(PersonMergeRequestSchema, req.body, 'body').from, actor(req)));
  });
  r.post('/people/:id/split', async (req, res) => {
    const body = parse(PersonSplitRequestSchema, req.body, 'body');
    res.status(201).json(await people.split(id(req), body.trackIds, body.name, actor(req)));
  });
  r.delete('/people/:id', async (req, res) => {
    await people.delete(id(req), actor(req));
    res.status(204).end();
  });
  r.get('/assets/:id/faces', async (req, res) => {
    res.json({ items: await people.assetTracks(id(req)), ...(await people.assetGrouping(id(req))) });
  });
  r.put('/assets/:id/face-grouping', async (req, res) => {
    res.json(await people.setAssetGrouping(id(req), parse(FaceGroupingSettingSchema, req.body, 'body').grouping, actor(req)));
  });
  return r;
}
