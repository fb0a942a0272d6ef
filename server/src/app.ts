import express, { type Express } from 'express';
import { authenticate } from './auth';
import { notFoundHandler, problemHandler } from './http/problem';
import { httpLogger } from './logging/httpLogger';
import type { AppContext } from './routes/context';
import { deliveryRouter } from './routes/delivery';
import { imagesRouter } from './routes/images';
import { imageTaggingRouter, tagsRouter } from './routes/tagging';
import { keysRouter } from './routes/keys';
import { opsRouter } from './routes/ops';
import { statsRouter } from './routes/stats';

/** Builds the HTTP application from ready-made dependencies (no I/O happens here). */
export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // ETags are computed from content hashes, never from response bodies
  app.set('query parser', 'simple');

  app.use(httpLogger(ctx.logger));

  app.use((req, res, next) => {
    const end = ctx.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.route
        ? `${req.baseUrl}${req.route.path === '/' ? '' : req.route.path}` || '/'
        : 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  });

  app.use(opsRouter(ctx));
  app.use(authenticate(ctx.apiKeys));
  app.use('/v1/images', imagesRouter(ctx));
  app.use('/v1/images', imageTaggingRouter(ctx));
  app.use('/v1/tags', tagsRouter(ctx));
  app.use('/v1/keys', keysRouter(ctx));
  app.use('/v1/stats', statsRouter(ctx));
  app.use('/i', deliveryRouter(ctx));
  app.use(notFoundHandler);
  app.use(problemHandler(ctx.metrics));
  return app;
}
