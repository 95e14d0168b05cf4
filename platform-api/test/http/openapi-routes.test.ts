import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { Router, type Express } from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { buildOpenApi } from '../../src/http/openapi';
import { startPlatform, type RunningPlatform } from '../../src/platform';
import { compareWithDocument, servedRoutes } from './express-routes';

interface Doc {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { headers?: Record<string, unknown> }>; 'x-required-role'?: string }>>;
}

/** Issue 7: "a test fails when an express router and the OpenAPI document disagree". */
describe('express routers and the OpenAPI document agree', () => {
  let platform: RunningPlatform;
  let dataDir: string;
  let app: Express;
  const doc = buildOpenApi('test') as Doc;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cutaway-openapi-'));
    const config = loadConfig({ CUTAWAY_DATA_DIR: dataDir, CUTAWAY_API_PORT: '0', CUTAWAY_ADMIN_TOKEN: 'openapi-admin-token-0123456789', CUTAWAY_ENRICH: 'off', CUTAWAY_WORKER_CONCURRENCY: '0', CUTAWAY_WATCH_FOLDERS: 'off' });
    platform = await startPlatform(config, pino({ level: 'silent' }));
    // The express app is the server's request listener: the real, fully composed one.
    app = platform.server.listeners('request')[0] as Express;
  });
  afterAll(async () => {
    await platform?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('documents every served route and serves every documented one', () => {
    const served = servedRoutes(app);
    expect(served.length).toBeGreaterThan(25);
    expect(served).toContainEqual({ method: '*', path: '/api/v1/uploads/{id}' });
    expect(served).toContainEqual({ method: 'get', path: '/api/v1/assets/{id}/media' });
    expect(compareWithDocument(served, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  it('the comparison catches a route added without the document, and a document entry without a route', () => {
    const extra = express();
    const api = Router();
    api.get('/assets/:id', (_req, res) => res.end());
    api.post('/assets/:id/secret', (_req, res) => res.end());
    extra.use('/api/v1', api);
    const result = compareWithDocument(servedRoutes(extra), doc);
    expect(result.undocumented).toEqual(['POST /api/v1/assets/{id}/secret']);
    expect(result.unserved).toContain('GET /api/v1/search');
    expect(result.unserved).not.toContain('GET /api/v1/assets/{id}');
  });

  it('gives every operation a unique operationId and its error answers', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    const ids = ops.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      const statuses = Object.keys(op.responses);
      if (op['x-required-role'] !== 'none') expect(statuses, `${method} ${path}`).toContain('401');
      if (path.includes('{id}')) expect(statuses, `${method} ${path}`).toContain('404');
    }
    expect(doc.paths['/assets']!.post!.responses['400']).toBeDefined();
    expect(doc.paths['/tokens']!.post!.responses['403']).toBeDefined();
  });

  it('documents the tus routes and the X-Cutaway headers', () => {
    expect(Object.keys(doc.paths['/uploads']!).sort()).toEqual(['options', 'post']);
    expect(Object.keys(doc.paths['/uploads/{id}']!).sort()).toEqual(['delete', 'head', 'patch']);
    expect(Object.keys(doc.paths['/uploads/{id}']!.patch!.responses['204']!.headers!)).toEqual(expect.arrayContaining(['Upload-Offset', 'X-Cutaway-Asset-Id', 'X-Cutaway-Duplicate-Of']));
    expect(Object.keys(doc.paths['/assets/{id}/media']!.get!.responses['200']!.headers!)).toEqual(expect.arrayContaining(['X-Cutaway-In-Ms', 'X-Cutaway-Out-Ms']));
    expect(doc.paths['/jobs']!.get!.operationId).toBe('listJobs');
  });
});
