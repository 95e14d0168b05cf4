import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { evenSplit } from '../../src/upload/part-plan';
import { loadSpec, type SpecOperation } from './openapi';

/**
 * A local Frame.io V4 + Adobe IMS + S3 fake for the operations the bridge uses. Every request and
 * every JSON response is validated against openapi/frameio-v4-subset.openapi.yaml (mismatches are
 * recorded in `violations`, which tests assert empty); rate limits per operation and token come
 * from each operation's x-rate-limit with the documented headers and 429s; lists paginate with
 * opaque `after` cursors in links.next; part PUTs behave like presigned S3 URLs (exact size,
 * Content-Type = media_type, x-amz-acl private, no Bearer, 403 once expired).
 */

export interface FakeOptions {
  dir: string;
  clientId?: string;
  clientSecret?: string;
  /** Frame.io picks part sizes; this is the target part size of the even split. */
  partSize?: number;
  /** Cap on page_size so tests see several pages. */
  maxPageSize?: number;
  /** Access-token lifetime (IMS expires_in). */
  tokenLifetimeS?: number;
  /** Called for every event Frame.io would send a webhook for. */
  onEvent?: (type: string, resource: { id: string; type: string }, userId: string) => void;
  /** Delay before a "transcode" finishes after the upload. */
  transcodeMs?: number;
}

export interface FakeUser { id: string; name: string; email: string }
interface FileRec {
  id: string; name: string; parent_id: string; project_id: string; file_size: number; media_type: string;
  status: 'created' | 'uploaded' | 'transcoded'; created_at: string; updated_at: string; upload_completed_at: string | null;
  sizes: number[]; received: Set<number>; generation: string; expired: boolean; path: string; deleted: boolean;
}
interface StackRec { id: string; name: string; parent_id: string; project_id: string; created_at: string; updated_at: string; files: string[] }
interface CommentRec {
  id: string; file_id: string; text: string; timestamp: number | null; duration: number | null; owner_id: string; parent_id: string | null;
  completed_at: string | null; completer_id: string | null; created_at: string; updated_at: string; text_edited_at: string | null;
}

const MEDIA_TYPES: Record<string, string> = { mov: 'video/quicktime', mp4: 'video/mp4', mxf: 'application/mxf', wav: 'audio/wav', jpg: 'image/jpeg', png: 'image/png' };
const STATUS_OPTIONS = ['Needs Review', 'In Progress', 'Approved', 'Changes Requested'];

class HttpError extends Error {
  constructor(readonly status: number, detail: string) {
    super(detail);
  }
}

export class FrameioFake {
  readonly account = randomUUID();
  readonly workspace = randomUUID();
  readonly project = randomUUID();
  readonly rootFolder = randomUUID();
  readonly serviceUser: FakeUser = { id: randomUUID(), name: 'Service Account User', email: 'svc@example.test' };
  readonly users = new Map<string, FakeUser>();
  readonly files = new Map<string, FileRec>();
  readonly stacks = new Map<string, StackRec>();
  readonly comments = new Map<string, CommentRec>();
  readonly statusField = { id: randomUUID(), options: STATUS_OPTIONS.map((display_name) => ({ id: randomUUID(), display_name })) };
  readonly statuses = new Map<string, string>();
  readonly shares: Array<{ id: string; asset_ids: string[]; short_url: string }> = [];
  readonly webhooks = new Map<string, { id: string; name: string; url: string; events: string[]; secret: string; created_at: string }>();
  /** Requests or responses that broke the OpenAPI subset. */
  readonly violations: string[] = [];
  /** Operation id → calls (including ones answered 429). */
  readonly calls = new Map<string, number>();
  /** Part PUTs accepted: `${fileId}:${index}`. */
  readonly partPuts: string[] = [];
  /** Force the next n responses of an operation to be 429. */
  readonly force429 = new Map<string, number>();
  /** Expire a file's part URLs once this many of its parts were accepted (tests: the 403 path). */
  expireAfterParts: number | null = null;
  /** Hold every part PUT this long (tests: kill the bridge mid-upload). */
  partDelayMs = 0;
  readonly tokens = new Map<string, number>();
  private readonly refreshTokens = new Set<string>();
  private readonly codes = new Set<string>();
  private readonly windows = new Map<string, number[]>();
  private readonly spec = loadSpec();
  private server: Server | null = null;
  url = '';

  constructor(readonly o: FakeOptions) {
    this.users.set(this.serviceUser.id, this.serviceUser);
  }

  async start(): Promise<string> {
    await mkdir(this.o.dir, { recursive: true });
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.json(res, 500, { errors: [{ detail: String(err) }] }, null);
      });
    });
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', () => ok()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server!.close(() => ok()));
    this.server = null;
  }

  addUser(name: string): FakeUser {
    const u = { id: randomUUID(), name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.test` };
    this.users.set(u.id, u);
    return u;
  }

  // ---- reviewer actions (what a person does in the Frame.io web app) ----
  addComment(fileId: string, c: { text: string; timestamp: number | null; by: FakeUser; duration?: number; parentId?: string }): CommentRec {
    const now = new Date().toISOString();
    const rec: CommentRec = {
      id: randomUUID(), file_id: fileId, text: c.text, timestamp: c.timestamp, duration: c.duration ?? null, owner_id: c.by.id, parent_id: c.parentId ?? null,
      completed_at: null, completer_id: null, created_at: now, updated_at: now, text_edited_at: null,
    };
    this.comments.set(rec.id, rec);
    return rec;
  }
  editComment(id: string, text: string): void {
    const c = this.comments.get(id)!;
    const now = new Date().toISOString();
    Object.assign(c, { text, updated_at: now, text_edited_at: now });
  }
  completeComment(id: string, by: FakeUser, completed = true): void {
    const c = this.comments.get(id)!;
    Object.assign(c, { completed_at: completed ? new Date().toISOString() : null, completer_id: completed ? by.id : null, updated_at: new Date().toISOString() });
  }
  deleteComment(id: string): void {
    this.comments.delete(id);
  }
  setStatus(fileId: string, label: string): void {
    const option = this.statusField.options.find((o) => o.display_name === label);
    if (!option) throw new Error(`no status option ${label}`);
    this.statuses.set(fileId, option.id);
  }
  expireUploadUrls(fileId: string): void {
    this.files.get(fileId)!.expired = true;
  }
  /** Live (not deleted) files in a folder or stack. */
  liveFiles(): FileRec[] {
    return [...this.files.values()].filter((f) => !f.deleted);
  }
  /** The bytes Frame.io holds for a file, hashed. */
  async sha256(fileId: string): Promise<string> {
    const h = createHash('sha256');
    await pipeline(createReadStream(this.files.get(fileId)!.path), h);
    return h.digest('hex');
  }

  // ---- HTTP ----
  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith('/ims/')) return this.ims(req, res, url);
    if (url.pathname.startsWith('/s3/')) return this.s3Part(req, res, url);
    if (url.pathname.startsWith('/s3-single/')) return this.s3Single(req, res, url);
    const op = this.spec.operations.find((o) => o.method === req.method && o.pattern.test(url.pathname));
    if (!op) return this.json(res, 404, { errors: [{ detail: `No route ${req.method} ${url.pathname}` }] }, null);
    this.calls.set(op.operationId, (this.calls.get(op.operationId) ?? 0) + 1);
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = auth ? this.tokens.get(auth) : undefined;
    if (!auth || expires === undefined || expires < Date.now()) return this.json(res, 401, { errors: [{ detail: 'Invalid or expired access token' }] }, op);
    const limit = this.limit(op, auth);
    if (limit.exceeded) return this.json(res, 429, { errors: [{ detail: 'Rate limit exceeded', title: 'Too Many Requests' }] }, op, limit.headers);
    const params = Object.fromEntries(op.pathParams.map((name, i) => [name, decodeURIComponent(op.pattern.exec(url.pathname)![i + 1]!)]));
    const query: Record<string, unknown> = {};
    for (const q of op.query) {
      const raw = url.searchParams.get(q.name);
      if (raw === null) continue;
      const value = q.type === 'integer' ? Number(raw) : q.type === 'boolean' ? raw === 'true' ? true : raw === 'false' ? false : raw : raw;
      if (!q.validate(value)) {
        this.violations.push(`${op.operationId} query ${q.name}=${raw}: ${JSON.stringify(q.validate.errors)}`);
        return this.json(res, 400, { errors: [{ detail: `Invalid query parameter ${q.name}`, source: { pointer: q.name } }] }, op, limit.headers);
      }
      query[q.name] = value;
    }
    let body: unknown;
    if (op.validateBody) {
      const text = (await readAll(req)).toString('utf8');
      try {
        body = JSON.parse(text);
      } catch {
        this.violations.push(`${op.operationId}: body is not JSON`);
        return this.json(res, 400, { errors: [{ detail: 'Malformed JSON' }] }, op, limit.headers);
      }
      if (!op.validateBody(body)) {
        this.violations.push(`${op.operationId} body: ${JSON.stringify(op.validateBody.errors)}`);
        return this.json(res, 422, { errors: (op.validateBody.errors ?? []).map((e) => ({ detail: e.message ?? 'invalid', source: { pointer: `/data${e.instancePath}` } })) }, op, limit.headers);
      }
    }
    try {
      const [status, out] = await this.handle(op.operationId, params, query, body as { data: Record<string, unknown> });
      this.json(res, status, out, op, limit.headers);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      this.json(res, err.status, { errors: [{ detail: err.message }] }, op, limit.headers);
    }
  }

  private limit(op: SpecOperation, token: string): { exceeded: boolean; headers: Record<string, string> } {
    const { limit, windowMs } = op.rateLimit ?? { limit: 60, windowMs: 60_000 };
    const key = `${op.operationId}:${token}`;
    const now = Date.now();
    const hits = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    const forced = this.force429.get(op.operationId) ?? 0;
    if (forced > 0) this.force429.set(op.operationId, forced - 1);
    const exceeded = forced > 0 || hits.length >= limit;
    if (!exceeded) hits.push(now);
    this.windows.set(key, hits);
    const remaining = exceeded ? 0 : Math.max(0, limit - hits.length);
    return { exceeded, headers: { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-window': String(windowMs) } };
  }

  private json(res: ServerResponse, status: number, body: unknown, op: SpecOperation | null, headers: Record<string, string> = {}): void {
    if (op && body !== undefined) {
      const validate = status >= 400 ? this.spec.errors : op.validateResponse(status);
      if (!validate) this.violations.push(`${op.operationId}: status ${status} is not documented`);
      else if (!validate(body)) this.violations.push(`${op.operationId} response ${status}: ${JSON.stringify(validate.errors)}`);
    }
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private fileJson(f: FileRec) {
    return {
      id: f.id, name: f.name, type: 'file', parent_id: f.parent_id, project_id: f.project_id, file_size: f.file_size, media_type: f.media_type,
      status: f.status, created_at: f.created_at, updated_at: f.updated_at, view_url: `https://next.frame.io/project/${f.project_id}/view/${f.id}`,
    };
  }
  private stackJson(s: StackRec) {
    const head = this.files.get(s.files.at(-1)!)!;
    return { id: s.id, name: s.name, type: 'version_stack', parent_id: s.parent_id, project_id: s.project_id, created_at: s.created_at, updated_at: s.updated_at, view_url: `https://next.frame.io/project/${s.project_id}/view/${s.id}`, head_version: this.fileJson(head) };
  }
  private commentJson(c: CommentRec, include?: unknown): Record<string, unknown> {
    const base = {
      id: c.id, file_id: c.file_id, text: c.text, timestamp: c.timestamp, annotation: null, page: null, completed_at: c.completed_at, completer_id: c.completer_id,
      created_at: c.created_at, updated_at: c.updated_at, text_edited_at: c.text_edited_at, duration: c.duration,
      ...(c.parent_id ? { parent_id: c.parent_id } : {}),
    };
    if (include === 'owner') {
      const u = this.users.get(c.owner_id)!;
      return { ...base, owner: { id: u.id, name: u.name, email: u.email, active: true, avatar_url: null, adobe_user_id: null } };
    }
    if (include === 'replies') return { ...base, replies: [...this.comments.values()].filter((r) => r.parent_id === c.id).map((r) => this.commentJson(r)) };
    return base;
  }
  private file(id: string): FileRec {
    const f = this.files.get(id);
    if (!f || f.deleted) throw new HttpError(404, `File ${id} not found`);
    return f;
  }
  private page<T>(items: T[], path: string, query: Record<string, unknown>): { data: T[]; links: { next: string | null }; total_count: number | null } {
    const size = Math.min(Number(query.page_size ?? 50), this.o.maxPageSize ?? 100);
    const start = query.after ? Number(Buffer.from(String(query.after), 'base64url').toString('utf8').replace(/^o:/, '')) : 0;
    if (!Number.isInteger(start) || start < 0) throw new HttpError(400, 'Invalid cursor');
    const end = start + size;
    const nextQuery = new URLSearchParams(Object.entries(query).filter(([k, v]) => k !== 'after' && v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
    nextQuery.set('after', Buffer.from(`o:${end}`).toString('base64url'));
    return { data: items.slice(start, end), links: { next: end < items.length ? `${path}?${nextQuery.toString()}` : null }, total_count: query.include_total_count === true ? items.length : null };
  }

  private async handle(op: string, p: Record<string, string>, q: Record<string, unknown>, body: { data: Record<string, unknown> }): Promise<[number, unknown]> {
    if (p.account_id !== undefined && p.account_id !== this.account) throw new HttpError(404, 'Account not found');
    const now = new Date().toISOString();
    switch (op) {
      case 'files.create_local_upload': {
        if (p.folder_id !== this.rootFolder) throw new HttpError(404, 'Folder not found');
        const { name, file_size } = body.data as { name: string; file_size: number };
        const ext = name.split('.').pop()?.toLowerCase() ?? '';
        const sizes = evenSplit(file_size, this.o.partSize ?? 8 * 1024 * 1024);
        const f: FileRec = {
          id: randomUUID(), name, parent_id: this.rootFolder, project_id: this.project, file_size, media_type: MEDIA_TYPES[ext] ?? 'application/octet-stream',
          status: 'created', created_at: now, updated_at: now, upload_completed_at: null, sizes, received: new Set(), generation: randomBytes(8).toString('hex'),
          expired: false, path: join(this.o.dir, `${randomUUID()}.bin`), deleted: false,
        };
        const fh = await open(f.path, 'w');
        await fh.truncate(file_size);
        await fh.close();
        this.files.set(f.id, f);
        const upload_urls = sizes.map((size, i) => ({ size, url: `${this.url}/s3/${f.id}/${i}?X-Amz-Expires=3600&X-Amz-Signature=${this.partSig(f, i)}` }));
        return [201, { data: { ...this.fileJson(f), upload_urls } }];
      }
      case 'files.show':
        return [200, { data: this.fileJson(this.file(p.file_id!)) }];
      case 'files.delete': {
        const f = this.file(p.file_id!);
        f.deleted = true;
        await rm(f.path, { force: true });
        return [204, undefined];
      }
      case 'files.show_file_upload_status': {
        const f = this.file(p.file_id!);
        const complete = f.received.size === f.sizes.length;
        return [200, { data: { id: f.id, filetype: f.media_type, upload_complete: complete, upload_completed_at: f.upload_completed_at, upload_failed: false, uploaded_at: f.upload_completed_at } }];
      }
      case 'files.move': {
        const f = this.file(p.file_id!);
        const target = String(body.data.parent_id);
        const stack = this.stacks.get(target);
        if (stack) {
          if (stack.parent_id !== f.parent_id && !this.stacks.has(f.parent_id)) throw new HttpError(422, 'File and version stack must share a folder');
          stack.files.push(f.id);
          stack.updated_at = now;
          this.o.onEvent?.('file.versioned', { id: f.id, type: 'file' }, this.serviceUser.id);
        } else if (target !== this.rootFolder) throw new HttpError(404, 'Parent not found');
        f.parent_id = target;
        f.updated_at = now;
        return [200, { data: this.fileJson(f) }];
      }
      case 'version_stacks.create': {
        const ids = body.data.file_ids as string[];
        const files = ids.map((id) => this.file(id));
        if (files.some((f) => f.parent_id !== p.folder_id)) throw new HttpError(422, 'All files must be in the folder');
        const s: StackRec = { id: randomUUID(), name: files.at(-1)!.name, parent_id: p.folder_id!, project_id: this.project, created_at: now, updated_at: now, files: ids };
        this.stacks.set(s.id, s);
        for (const f of files) f.parent_id = s.id;
        this.o.onEvent?.('file.versioned', { id: ids.at(-1)!, type: 'file' }, this.serviceUser.id);
        return [201, { data: this.stackJson(s) }];
      }
      case 'version_stacks.show': {
        const s = this.stacks.get(p.version_stack_id!);
        if (!s) throw new HttpError(404, 'Version stack not found');
        return [200, { data: this.stackJson(s) }];
      }
      case 'comments.index': {
        this.file(p.file_id!);
        const list = [...this.comments.values()].filter((c) => c.file_id === p.file_id && !c.parent_id).map((c) => this.commentJson(c, q.include));
        return [200, this.page(list, `/v4/accounts/${p.account_id}/files/${p.file_id}/comments`, q)];
      }
      case 'comments.show': {
        const c = this.comments.get(p.comment_id!);
        if (!c) throw new HttpError(404, 'Comment not found');
        return [200, { data: this.commentJson(c, q.include) }];
      }
      case 'metadata.show': {
        const f = this.file(p.file_id!);
        const optionId = this.statuses.get(f.id);
        const value = optionId ? [this.statusField.options.find((o) => o.id === optionId)!] : null;
        return [200, { data: { file_id: f.id, metadata: [{ field_type: 'select', field_definition_id: this.statusField.id, field_definition_name: 'Status', mutable: true, field_options: this.statusField.options, value }] } }];
      }
      case 'shares.create': {
        const d = body.data as { name: string; access: 'public' | 'secure'; asset_ids?: string[] };
        const s = { id: randomUUID(), asset_ids: d.asset_ids ?? [], short_url: `https://f.io/${randomBytes(4).toString('hex')}` };
        this.shares.push(s);
        return [201, { data: { id: s.id, access: d.access, collection_id: randomUUID(), commenting_enabled: true, created_at: now, description: null, downloading_enabled: false, enabled: true, expiration: null, last_viewed_at: null, name: d.name, passphrase: null, short_url: s.short_url, updated_at: now } }];
      }
      case 'webhooks.index': {
        if (p.workspace_id !== this.workspace) throw new HttpError(404, 'Workspace not found');
        const list = [...this.webhooks.values()].map(({ secret: _s, ...w }) => ({ ...w, active: true, workspace_id: this.workspace, updated_at: w.created_at }));
        return [200, this.page(list, `/v4/accounts/${p.account_id}/workspaces/${p.workspace_id}/webhooks`, q)];
      }
      case 'webhooks.create': {
        if (p.workspace_id !== this.workspace) throw new HttpError(404, 'Workspace not found');
        const d = body.data as { name: string; url: string; events: string[] };
        const w = { id: randomUUID(), name: d.name, url: d.url, events: d.events, secret: randomBytes(24).toString('base64url'), created_at: now };
        this.webhooks.set(w.id, w);
        return [201, { data: { ...w, active: true, workspace_id: this.workspace, updated_at: now } }];
      }
      case 'webhooks.delete':
        if (!this.webhooks.delete(p.webhook_id!)) throw new HttpError(404, 'Webhook not found');
        return [204, undefined];
      default:
        throw new HttpError(404, `${op} is not implemented by the fake`);
    }
  }

  private partSig(f: FileRec, i: number): string {
    return createHmac('sha256', 'fake-s3').update(`${f.id}:${i}:${f.generation}`).digest('hex');
  }

  /** Presigned-URL part PUT. Errors are S3-style XML, as a real bucket answers. */
  private async s3Part(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, , fileId, idx] = url.pathname.split('/');
    const f = this.files.get(fileId ?? '');
    const i = Number(idx);
    const s3Error = (status: number, code: string) => {
      req.resume();
      res.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
    };
    if (req.method !== 'PUT') return s3Error(405, 'MethodNotAllowed');
    if (!f || f.deleted || !Number.isInteger(i) || !f.sizes[i]) return s3Error(404, 'NoSuchUpload');
    if (url.searchParams.get('X-Amz-Signature') !== this.partSig(f, i) || f.expired) return s3Error(403, 'AccessDenied');
    if (req.headers.authorization) return s3Error(400, 'InvalidArgument');
    if (req.headers['content-type'] !== f.media_type) return s3Error(400, 'ContentTypeMismatch');
    if (req.headers['x-amz-acl'] !== 'private') return s3Error(400, 'InvalidAcl');
    if (Number(req.headers['content-length']) !== f.sizes[i]) return s3Error(400, 'IncompleteBody');
    if (this.partDelayMs) await new Promise((r) => setTimeout(r, this.partDelayMs));
    const offset = f.sizes.slice(0, i).reduce((a, b) => a + b, 0);
    let received = 0;
    req.on('data', (c: Buffer) => (received += c.length));
    await pipeline(req, createWriteStream(f.path, { flags: 'r+', start: offset }));
    if (received !== f.sizes[i]) return s3Error(400, 'IncompleteBody');
    f.received.add(i);
    this.partPuts.push(`${f.id}:${i}`);
    res.writeHead(200, { etag: `"${createHash('md5').update(`${f.id}${i}`).digest('hex')}"` });
    res.end();
    if (this.expireAfterParts !== null && f.received.size >= this.expireAfterParts && f.received.size < f.sizes.length) {
      this.expireAfterParts = null;
      f.expired = true;
    }
    if (f.received.size === f.sizes.length && f.status === 'created') {
      f.status = 'uploaded';
      f.upload_completed_at = new Date().toISOString();
      this.o.onEvent?.('file.upload.completed', { id: f.id, type: 'file' }, this.serviceUser.id);
      setTimeout(() => {
        f.status = 'transcoded';
        this.o.onEvent?.('file.ready', { id: f.id, type: 'file' }, this.serviceUser.id);
      }, this.o.transcodeMs ?? 50).unref();
    }
  }

  /** The benchmark's baseline: the same bytes as one PUT stream into one file. */
  private async s3Single(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = join(this.o.dir, `single-${url.pathname.split('/').pop()!.replace(/\W/g, '')}.bin`);
    await pipeline(req, createWriteStream(path));
    res.writeHead(200);
    res.end();
  }

  /** Adobe IMS: client_credentials, authorization_code (auto-consent authorize) and refresh_token. */
  private async ims(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method === 'GET' && url.pathname === '/ims/authorize/v2') {
      const code = randomBytes(12).toString('hex');
      this.codes.add(code);
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return void res.end();
    }
    const form = new URLSearchParams((await readAll(req)).toString('utf8'));
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (form.get('client_id') !== (this.o.clientId ?? 'cid') || form.get('client_secret') !== (this.o.clientSecret ?? 'csecret')) return send(401, { error: 'invalid_client' });
    const grant = form.get('grant_type');
    let refresh: string | undefined;
    if (grant === 'authorization_code') {
      if (!this.codes.delete(form.get('code') ?? '')) return send(400, { error: 'invalid_grant' });
      refresh = randomBytes(16).toString('hex');
    } else if (grant === 'refresh_token') {
      const old = form.get('refresh_token') ?? '';
      if (!this.refreshTokens.delete(old)) return send(400, { error: 'invalid_grant' });
      refresh = randomBytes(16).toString('hex'); // rotated, as IMS may do
    } else if (grant !== 'client_credentials') return send(400, { error: 'unsupported_grant_type' });
    if (refresh) this.refreshTokens.add(refresh);
    const token = randomBytes(16).toString('hex');
    const life = this.o.tokenLifetimeS ?? 3600;
    this.tokens.set(token, Date.now() + life * 1000);
    send(200, { access_token: token, token_type: 'bearer', expires_in: life, ...(refresh ? { refresh_token: refresh } : {}) });
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.once('end', () => ok(Buffer.concat(chunks)));
    req.once('error', fail);
  });
}
