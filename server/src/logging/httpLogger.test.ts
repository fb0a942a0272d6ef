import { Writable } from 'node:stream';
import express from 'express';
import supertest from 'supertest';
import { createLogger } from './logger';
import { httpLogger } from './httpLogger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ logLevel: 'info' }, stream) };
}

describe('httpLogger', () => {
  it('logs one line per request with id, method, URL, client, agent and status, never headers', async () => {
    const { lines, logger } = capture();
    const app = express().use(httpLogger(logger));
    app.get('/i/:id', (_req, res) => void res.status(200).set('Content-Length', '2').end('ok'));
    const res = await supertest(app)
      .get('/i/abc?sig=x')
      .set({ 'X-Request-Id': 'req-42', Authorization: 'Bearer isk_secret', 'User-Agent': 'probe/1' });
    expect(res.headers['x-request-id']).toBe('req-42');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      req: { id: 'req-42', method: 'GET', url: '/i/abc?sig=x', userAgent: 'probe/1' },
      res: { statusCode: 200, contentLength: '2' },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines[0])).not.toContain('isk_secret');
  });

  it('makes up a request id when the given one is not sane', async () => {
    const { logger } = capture();
    const app = express().use(httpLogger(logger));
    app.get('/', (_req, res) => void res.end());
    const res = await supertest(app).get('/').set('X-Request-Id', 'bad id with spaces');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
