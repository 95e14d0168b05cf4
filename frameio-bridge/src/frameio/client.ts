import type { components, paths } from './api-types.gen';
import type { FrameioHttp } from './http';

// Types straight from the OpenAPI subset (openapi/frameio-v4-subset.openapi.yaml → api-types.gen.ts).
type Method = 'get' | 'post' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Ok<P extends keyof paths, M extends Method, S extends number> = Op<P, M> extends { responses: { [K in S]: { content: { 'application/json': infer J } } } } ? J : never;
type Body<P extends keyof paths, M extends Method> = Op<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

export type FioFile = components['schemas']['File'];
export type FioFileWithUrls = components['schemas']['FileWithUploadUrls'];
export type FioComment = components['schemas']['CommentWithIncludes'];
export type FioMetadataField = components['schemas']['MetadataField'];
export type FioWebhook = components['schemas']['Webhook'];
export type FioShare = components['schemas']['Share'];
export type FioVersionStack = components['schemas']['VersionStack'];
export type FioUploadStatus = components['schemas']['FileUploadStatus'];
export type FioEventType = components['schemas']['WebhookEventType'];

const seg = encodeURIComponent;

/** The V4 operations the bridge uses, typed from the subset; each method names its operationId. */
export class FrameioClient {
  constructor(private readonly http: FrameioHttp) {}

  async createLocalUpload(account: string, folder: string, data: Body<'/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload', 'post'>['data']): Promise<FioFileWithUrls> {
    const res = await this.http.call<Ok<'/v4/accounts/{account_id}/folders/{folder_id}/files/local_upload', 'post', 201>>(
      'files.create_local_upload', 'POST', `/v4/accounts/${seg(account)}/folders/${seg(folder)}/files/local_upload`, { body: { data } },
    );
    return res.data;
  }

  async showFile(account: string, file: string): Promise<FioFile> {
    return (await this.http.call<Ok<'/v4/accounts/{account_id}/files/{file_id}', 'get', 200>>('files.show', 'GET', `/v4/accounts/${seg(account)}/files/${seg(file)}`)).data;
  }

  async uploadStatus(account: string, file: string): Promise<FioUploadStatus> {
    return (await this.http.call<Ok<'/v4/accounts/{account_id}/files/{file_id}/status', 'get', 200>>('files.show_file_upload_status', 'GET', `/v4/accounts/${seg(account)}/files/${seg(file)}/status`)).data;
  }

  async deleteFile(account: string, file: string): Promise<void> {
    await this.http.call('files.delete', 'DELETE', `/v4/accounts/${seg(account)}/files/${seg(file)}`);
  }

  async moveFile(account: string, file: string, parentId: string): Promise<FioFile> {
    const body: Body<'/v4/accounts/{account_id}/files/{file_id}/move', 'patch'> = { data: { parent_id: parentId } };
    return (await this.http.call<Ok<'/v4/accounts/{account_id}/files/{file_id}/move', 'patch', 200>>('files.move', 'PATCH', `/v4/accounts/${seg(account)}/files/${seg(file)}/move`, { body })).data;
  }

  async createVersionStack(account: string, folder: string, fileIds: string[]): Promise<FioVersionStack> {
    const body: Body<'/v4/accounts/{account_id}/folders/{folder_id}/version_stacks', 'post'> = { data: { file_ids: fileIds } };
    return (
      await this.http.call<Ok<'/v4/accounts/{account_id}/folders/{folder_id}/version_stacks', 'post', 201>>('version_stacks.create', 'POST', `/v4/accounts/${seg(account)}/folders/${seg(folder)}/version_stacks`, { body })
    ).data;
  }

  async showComment(account: string, comment: string, include?: 'owner' | 'replies'): Promise<FioComment> {
    return (
      await this.http.call<Ok<'/v4/accounts/{account_id}/comments/{comment_id}', 'get', 200>>('comments.show', 'GET', `/v4/accounts/${seg(account)}/comments/${seg(comment)}`, { query: { include } })
    ).data;
  }

  listComments(account: string, file: string, pageSize = 100): AsyncGenerator<FioComment> {
    return this.http.paginate<FioComment>('comments.index', `/v4/accounts/${seg(account)}/files/${seg(file)}/comments`, { include: 'owner', page_size: pageSize });
  }

  async showMetadata(account: string, file: string): Promise<FioMetadataField[]> {
    return (await this.http.call<Ok<'/v4/accounts/{account_id}/files/{file_id}/metadata', 'get', 200>>('metadata.show', 'GET', `/v4/accounts/${seg(account)}/files/${seg(file)}/metadata`)).data.metadata;
  }

  async createShare(account: string, project: string, data: components['schemas']['AssetShareParams']): Promise<FioShare> {
    return (await this.http.call<Ok<'/v4/accounts/{account_id}/projects/{project_id}/shares', 'post', 201>>('shares.create', 'POST', `/v4/accounts/${seg(account)}/projects/${seg(project)}/shares`, { body: { data } })).data;
  }

  listWebhooks(account: string, workspace: string): AsyncGenerator<FioWebhook> {
    return this.http.paginate<FioWebhook>('webhooks.index', `/v4/accounts/${seg(account)}/workspaces/${seg(workspace)}/webhooks`, { page_size: 100 });
  }

  async createWebhook(account: string, workspace: string, data: { name: string; url: string; events: FioEventType[] }): Promise<FioWebhook & { secret: string }> {
    return (
      await this.http.call<Ok<'/v4/accounts/{account_id}/workspaces/{workspace_id}/webhooks', 'post', 201>>('webhooks.create', 'POST', `/v4/accounts/${seg(account)}/workspaces/${seg(workspace)}/webhooks`, { body: { data } })
    ).data;
  }

  async deleteWebhook(account: string, webhook: string): Promise<void> {
    await this.http.call('webhooks.delete', 'DELETE', `/v4/accounts/${seg(account)}/webhooks/${seg(webhook)}`);
  }
}
