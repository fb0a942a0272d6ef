import { createServer, type Server } from 'node:http';
import type { Metrics } from './Metrics';

export interface HealthSource {
  /** Process is alive and its event loop turns (liveness). */
  live(): boolean;
  /** Ready to work: caches synced when leading, or standing by as a candidate (readiness). */
  ready(): boolean;
}

/** Serves `/metrics` (Prometheus), `/healthz` and `/readyz` on one port. */
export function startHttpServer(port: number, metrics: Metrics, health: HealthSource): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    } else if (path === '/healthz' || path === '/readyz') {
      const ok = path === '/healthz' ? health.live() : health.ready();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' }).end(ok ? 'ok\n' : 'not ready\n');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}
