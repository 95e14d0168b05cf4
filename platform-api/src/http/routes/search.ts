import { Router } from 'express';
import { SearchQuerySchema } from '@cutaway/shared';
import type { SearchService } from '../../services/search-service';
import { parse } from '../validate';

export function searchRoutes(search: SearchService): Router {
  const r = Router();
  r.get('/search', async (req, res) => {
    res.json(await search.search(parse(SearchQuerySchema, req.query, 'query')));
  });
  return r;
}
