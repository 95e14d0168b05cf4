/**
 * The tus 1.0.0 resumable-upload routes (https://tus.io/protocols/resumable-upload: core protocol plus the
 * creation, termination and expiration extensions) as OpenAPI path items. They are served by @tus/server
 * rather than an express route per method, so they are described here by hand, header by header.
 */
const header = (description: string, schema: object = { type: 'string' }) => ({ description, schema });
const tusResumable = { name: 'Tus-Resumable', in: 'header', required: true, schema: { type: 'string', const: '1.0.0' }, description: 'Protocol version; every request but OPTIONS carries it' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The upload id, the last segment of the Location of the creation answer' };
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const auth = { '401': error('No token or an unknown/revoked token'), '403': error('The token is a viewer (uploads need editor), or the upload belongs to another token') };

export const UPLOAD_HEADERS = {
  'X-Cutaway-Asset-Id': header('Set on the answer to the PATCH that delivers the last byte: the id of the asset created from the upload'),
  'X-Cutaway-Duplicate-Of': header('Set with X-Cutaway-Asset-Id when identical bytes were already catalogued: the older asset (both are kept; the user chooses)'),
};

export const TUS_PATHS = {
  '/uploads': {
    options: {
      operationId: 'tusDiscover', summary: 'tus discovery: supported version, extensions and maximum size', 'x-required-role': 'editor',
      responses: {
        '204': {
          description: 'Capabilities',
          headers: {
            'Tus-Version': header('Supported versions (1.0.0)'), 'Tus-Extension': header('creation, creation-defer-length, termination, expiration …'),
            'Tus-Max-Size': header('Largest upload in bytes (CUTAWAY_MAX_UPLOAD_BYTES)', { type: 'integer' }),
          },
        },
        ...auth,
      },
    },
    post: {
      operationId: 'tusCreate', summary: 'Create a resumable upload (tus creation extension)', 'x-required-role': 'editor',
      parameters: [
        tusResumable,
        { name: 'Upload-Length', in: 'header', required: true, schema: { type: 'integer', minimum: 0 }, description: 'Total size in bytes (or Upload-Defer-Length: 1)' },
        { name: 'Upload-Metadata', in: 'header', required: true, schema: { type: 'string' }, description: 'Comma-separated `key base64(value)` pairs: filename (required), title, description, tags (comma-separated)' },
      ],
      responses: {
        '201': { description: 'Created', headers: { Location: header('Absolute URL of the upload, built from CUTAWAY_PUBLIC_URL'), 'Upload-Expires': header('When an unfinished upload is deleted') } },
        '400': error('Upload-Metadata without filename, or invalid title/description/tags'),
        '412': error('Tus-Resumable missing or unsupported'),
        '413': error('Upload-Length above the maximum size'),
        ...auth,
      },
    },
  },
  '/uploads/{id}': {
    head: {
      operationId: 'tusOffset', summary: 'How many bytes the server has: resume from Upload-Offset', 'x-required-role': 'editor',
      parameters: [idParam, tusResumable],
      responses: {
        '200': { description: 'The upload', headers: { 'Upload-Offset': header('Bytes received', { type: 'integer' }), 'Upload-Length': header('Declared size', { type: 'integer' }), 'Cache-Control': header('no-store') } },
        '404': { description: 'No such upload (finished, expired or never created)' },
        '410': { description: 'The upload expired' },
        ...auth,
      },
    },
    patch: {
      operationId: 'tusAppend', summary: 'Append bytes at Upload-Offset; the last byte ingests the file', 'x-required-role': 'editor',
      parameters: [idParam, tusResumable, { name: 'Upload-Offset', in: 'header', required: true, schema: { type: 'integer', minimum: 0 }, description: 'Must equal the current offset' }],
      requestBody: { required: true, content: { 'application/offset+octet-stream': { schema: { type: 'string', format: 'binary' } } } },
      responses: {
        '204': { description: 'Bytes stored', headers: { 'Upload-Offset': header('The new offset', { type: 'integer' }), ...UPLOAD_HEADERS } },
        '404': error('No such upload'),
        '409': error('Upload-Offset differs from the stored offset'),
        '413': error('More bytes than Upload-Length'),
        '415': error('Content-Type is not application/offset+octet-stream'),
        '460': error('Checksum mismatch (upload.checksum_mismatch)'),
        '507': error('Storage is full (storage.full)'),
        ...auth,
      },
    },
    delete: {
      operationId: 'tusTerminate', summary: 'Abandon an upload and delete its bytes (tus termination extension)', 'x-required-role': 'editor',
      parameters: [idParam, tusResumable],
      responses: { '204': { description: 'Deleted' }, '404': error('No such upload'), ...auth },
    },
  },
} as const;

/** Response headers of the sub-range cut (GET /assets/{id}/media?inMs=&outMs=). */
export const CUT_HEADERS = {
  'X-Cutaway-In-Ms': header('Real start of the cut in ms: the requested inMs widened back to the keyframe at or before it', { type: 'integer' }),
  'X-Cutaway-Out-Ms': header('Real end of the cut in ms (stream copy ends on a packet boundary at or after outMs)', { type: 'integer' }),
  'X-Cutaway-Requested-In-Ms': header('inMs as requested', { type: 'integer' }),
  'X-Cutaway-Requested-Out-Ms': header('outMs as requested', { type: 'integer' }),
};
