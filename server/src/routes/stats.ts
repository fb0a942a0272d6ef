import { Router } from 'express';
import { requireScope } from '../auth';
import type { AppContext } from './context';

/** GET /v1/stats: the figures the portal's dashboards show. */
export function statsRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/', requireScope('images:read'), async (_req, res) => {
    const stats = await ctx.images.stats();
    res.json({
      images: stats.images,
      storedBytes: stats.bytes,
      uploadsLast24h: stats.uploadsLast24h,
      cacheHitRatio: await ctx.metrics.cacheHitRatio(),
    });
  });
  return router;
}
