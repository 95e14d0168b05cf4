import { z } from 'zod';
import { IsoDateSchema } from './common';

/**
 * Signed, expiring URLs to an asset's files that need no bearer header: for playout servers and
 * NRCS (MOS objPaths/objProxyPath) and players that cannot send headers. Each ends in a file name
 * with its extension (MOS 2.8.5 §6). `null` = that rendition does not exist (yet).
 */
export const MediaLinksSchema = z.object({
  assetId: z.string(),
  expiresAt: IsoDateSchema,
  original: z.string().nullable(),
  proxy: z.string().nullable(),
  thumbnail: z.string().nullable(),
  /** False while the original sits in the archive tier and is not restored: the link would answer 409. */
  originalReadable: z.boolean(),
});
export type MediaLinks = z.infer<typeof MediaLinksSchema>;

export const MediaLinksQuerySchema = z.object({
  ttlSeconds: z.coerce.number().int().min(60).max(30 * 24 * 3600).optional(),
});
export type MediaLinksQuery = z.infer<typeof MediaLinksQuerySchema>;
