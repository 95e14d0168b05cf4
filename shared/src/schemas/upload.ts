import type { z } from 'zod';
import { AssetSchema } from './asset';
import { IdSchema } from './common';

/**
 * The answer to an upload (multipart `POST /assets`; tus says the same in headers). Identical bytes
 * uploaded again still make a new asset — the user chooses whether to keep it — but `duplicateOf`
 * names the oldest asset that already has the same SHA-256, so a client can offer to delete the copy.
 */
export const UploadedAssetSchema = AssetSchema.extend({
  duplicateOf: IdSchema.nullable().default(null),
});
export type UploadedAsset = z.infer<typeof UploadedAssetSchema>;
