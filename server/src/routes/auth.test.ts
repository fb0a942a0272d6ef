import sharp from 'sharp';
import { ADMIN_KEY, startTestServer, type TestServer } from '../../test-support/http/startTestServer';

let server: TestServer;
let png: Buffer;

beforeAll(async () => {
  server = await startTestServer();
  png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0a0' } })
    .png()
    .toBuffer();
});
afterAll(() => server.close());

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

async function createKey(scopes: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const res = await server.request
    .post('/v1/keys')
    .set(admin)
    .send({ name: `key ${scopes.join(' ')}`, scopes, ...extra });
  expect(res.status).toBe(201);
  return res.body.key as string;
}

describe('API keys and scopes', () => {
  it('creates a key whose secret is returned once and never listed', async () => {
    const res = await server.request
      .post('/v1/keys')
      .set(admin)
      .send({ name: 'ci uploader', scopes: ['images:write'] });
    expect(res.status).toBe(201);
    expect(res.body.key).toMatch(/^isk_[A-Za-z0-9]{16}_[A-Za-z0-9_-]{43}$/);
    expect(res.headers.location).toBe(`/v1/keys/${res.body.id}`);
    const list = await server.request.get('/v1/keys').set(admin);
    const listed = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(listed).toMatchObject({ name: 'ci uploader', scopes: ['images:write'], revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(res.body.key);
  });

  it('answers 401 without credentials and 403 with a key that lacks the scope', async () => {
    const reader = await createKey(['images:read']);
    const anonymous = await server.request.post('/v1/images').set('Content-Type', 'image/png').send(png);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(anonymous.body).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');

    const forbidden = await server.request
      .post('/v1/images')
      .set('Authorization', `Bearer ${reader}`)
      .set('Content-Type', 'image/png')
      .send(png);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'images:write' });
  });

  it('lets a key do exactly what its scopes allow', async () => {
    const writer = await createKey(['images:write']);
    const up = await server.request
      .post('/v1/images')
      .set('X-API-Key', writer)
      .set('Content-Type', 'image/png')
      .send(png);
    expect(up.status).toBe(201);
    const del = await server.request.delete(`/v1/images/${up.body.id}`).set('X-API-Key', writer);
    expect(del.status).toBe(403);
    const keys = await server.request.get('/v1/keys').set('X-API-Key', writer);
    expect(keys.status).toBe(403);
    const deleter = await createKey(['images:delete']);
    expect((await server.request.delete(`/v1/images/${up.body.id}`).set('X-API-Key', deleter)).status).toBe(
      204,
    );
  });

  it('refuses unknown, malformed, revoked and expired keys with 401', async () => {
    const key = await createKey(['images:read']);
    const id = key.split('_')[1];
    const wrongSecret = `${key.slice(0, -4)}AAAA`;
    for (const token of ['isk_nope', wrongSecret, 'x'.repeat(30)]) {
      const res = await server.request.get('/v1/stats').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
    }
    expect((await server.request.get('/v1/stats').set('Authorization', 'Basic abc')).status).toBe(401);
    expect((await server.request.get('/v1/stats').set('Authorization', `Bearer ${key}`)).status).toBe(200);
    expect((await server.request.delete(`/v1/keys/${id}`).set(admin)).status).toBe(204);
    expect((await server.request.get('/v1/stats').set('Authorization', `Bearer ${key}`)).status).toBe(401);
    expect((await server.request.delete(`/v1/keys/${id}`).set(admin)).status).toBe(204);
    expect((await server.request.delete('/v1/keys/AAAAAAAAAAAAAAAA').set(admin)).status).toBe(404);

    const soon = await createKey(['images:read'], { expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await server.request.get('/v1/stats').set('Authorization', `Bearer ${soon}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await server.request.get('/v1/stats').set('Authorization', `Bearer ${soon}`)).status).toBe(401);
  });

  it('validates key creation input and names the bad member', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', scopes: ['images:fly'] }, 'scopes'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: '', scopes: ['admin'] }, 'name'],
      [{ name: 'x', scopes: ['admin'], expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', scopes: ['admin'], colour: 'red' }, 'colour'],
    ];
    for (const [body, parameter] of cases) {
      const res = await server.request
        .post('/v1/keys')
        .set(admin)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_PARAMETER', parameter });
    }
    const badJson = await server.request
      .post('/v1/keys')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe('BAD_REQUEST');
  });
});
