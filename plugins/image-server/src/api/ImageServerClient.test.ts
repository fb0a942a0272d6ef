import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageServerApiError } from './ImageServerApiError';
import { ImageServerClient } from './ImageServerClient';

// A real HTTP server stands in for the portal backend, so the client's fetch calls run for real.
let server: Server;
let base: string;
const seen: { method?: string; url?: string; auth?: string }[] = [];

function handler(req: IncomingMessage, res: ServerResponse) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE');
  if (req.method === 'OPTIONS') return void res.writeHead(204).end();
  req.resume();
  req.on('end', () => {
    seen.push({ method: req.method, url: req.url, auth: req.headers.authorization });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.url === '/api/image-server/servers')
      return json(200, { items: [], errors: [], clustersConfigured: false });
    if (req.url?.startsWith('/api/image-server/servers/static/default/local/images?'))
      return json(200, { items: [], nextCursor: null });
    if (req.url === '/api/image-server/servers/x/y/gone')
      return json(404, { error: { name: 'NotFoundError', message: 'no such server' } });
    return json(500, 'unexpected');
  });
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/image-server`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => (seen.length = 0));

function client(token?: string) {
  return new ImageServerClient({
    discoveryApi: { getBaseUrl: async (id) => base.replace('image-server', id) },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
    identityApi: { getCredentials: async () => ({ token }) },
  });
}

const local = { cluster: 'static', namespace: 'default', name: 'local' };

describe('ImageServerClient', () => {
  it('escapes every part of a server path', async () => {
    await client()
      .getServer({ cluster: 'a/b', namespace: 'n s', name: 'x?' })
      .catch(() => undefined);
    expect(seen[0]!.url).toBe('/api/image-server/servers/a%2Fb/n%20s/x%3F');
  });

  it('reads JSON answers and sends only the query parameters that are set', async () => {
    await expect(client().listServers()).resolves.toEqual({
      items: [],
      errors: [],
      clustersConfigured: false,
    });
    await client().listImages(local, { limit: 10, tag: 'cat', q: '', cursor: undefined });
    expect(seen[1]!.url).toBe('/api/image-server/servers/static/default/local/images?limit=10&tag=cat');
  });

  it('turns refusals into ImageServerApiError with the backend message and code', async () => {
    const err = await client()
      .getServer({ cluster: 'x', namespace: 'y', name: 'gone' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageServerApiError);
    expect(err).toMatchObject({ status: 404, code: 'HTTP_404', message: 'NotFoundError: no such server' });
  });
});

/**
 * jsdom's XMLHttpRequest cannot send a FormData here (the test environment's FormData and File
 * come from different realms), so uploads run against this stand-in: it records what was sent and
 * plays back progress and an answer. Real multipart bodies and CORS are covered by the e2e test
 * in Chromium.
 */
class FakeXhr {
  static last?: FakeXhr;
  static answer: { status: number; body: string } = { status: 201, body: '{}' };
  method?: string;
  url?: string;
  headers: Record<string, string> = {};
  body?: FormData;
  withCredentials = false;
  status = 0;
  responseText = '';
  upload: { onprogress?: (e: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  onload?: () => void;
  onerror?: () => void;
  onabort?: () => void;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  abort() {
    this.onabort?.();
  }
  send(body: FormData) {
    this.body = body;
    FakeXhr.last = this;
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 512, total: 1024 });
      this.status = FakeXhr.answer.status;
      this.responseText = FakeXhr.answer.body;
      this.onload?.();
    }, 0);
  }
}

describe('ImageServerClient.uploadImage', () => {
  const realXhr = globalThis.XMLHttpRequest;
  const realFormData = globalThis.FormData;
  beforeAll(() => {
    globalThis.XMLHttpRequest = FakeXhr as unknown as typeof XMLHttpRequest;
    // A FormData that keeps its entries in order, so the test can read them back.
    globalThis.FormData = class {
      entries: [string, unknown, string | undefined][] = [];
      append(name: string, value: unknown, filename?: string) {
        this.entries.push([name, value, filename]);
      }
    } as unknown as typeof FormData;
  });
  afterAll(() => {
    globalThis.XMLHttpRequest = realXhr;
    globalThis.FormData = realFormData;
  });

  it('posts the options then the file, with the Backstage token, and reports progress up to 1', async () => {
    FakeXhr.answer = { status: 201, body: '{"id":"abc","tags":[]}' };
    const progress: number[] = [];
    const file = new File(['x'], 'a.png', { type: 'image/png' });
    const image = await client('tok').uploadImage(local, {
      file,
      tags: ['cat', 'garden'],
      visibility: 'private',
      onProgress: (f) => progress.push(f),
    });
    expect(image).toEqual({ id: 'abc', tags: [] });
    expect(progress).toEqual([0.5, 1]);
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url, xhr.headers.Authorization]).toEqual([
      'POST',
      `${base}/servers/static/default/local/images`,
      'Bearer tok',
    ]);
    expect((xhr.body as unknown as { entries: unknown[] }).entries).toEqual([
      ['tags', 'cat,garden', undefined],
      ['visibility', 'private', undefined],
      ['file', file, 'a.png'],
    ]);
  });

  it('sends no Authorization header without a token', async () => {
    FakeXhr.answer = { status: 200, body: '{"id":"abc"}' };
    await client().uploadImage(local, { file: new File(['x'], 'a.png') });
    expect(FakeXhr.last!.headers).toEqual({});
  });

  it('rejects a refused upload with the problem the server sent', async () => {
    FakeXhr.answer = {
      status: 415,
      body: JSON.stringify({
        title: 'Unsupported media type',
        status: 415,
        detail: 'not an image',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      }),
    };
    const err = await client()
      .uploadImage(local, { file: new File(['hello'], 'notes.txt') })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageServerApiError);
    expect(err).toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      title: 'Unsupported media type',
      detail: 'not an image',
    });
  });

  it('keeps a non-JSON refusal readable', async () => {
    FakeXhr.answer = { status: 413, body: '<html>Request Entity Too Large</html>' };
    const err = await client()
      .uploadImage(local, { file: new File(['x'], 'big.png') })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 413,
      code: 'HTTP_413',
      detail: '<html>Request Entity Too Large</html>',
    });
  });
});
