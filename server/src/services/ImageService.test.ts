import { ADMIN_KEY, startTestServer, type TestServer } from '../../test-support/http/startTestServer';
import { makeJpeg, SAMPLE_EXIF } from '../../test-support/images/makeImages';
import type { PutOptions } from '../storage';
import { overridingStore } from '../storage/__fixtures__/overridingStore';

describe('ImageService storing an upload', () => {
  let server: TestServer;
  const writes: { key: string; options: PutOptions }[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      // Records what each write asked the store for; the real (fs) store still does the work.
      wrapStore: (store) =>
        overridingStore(store, {
          putFile: (key, path, options) => {
            writes.push({ key, options });
            return store.putFile(key, path, options);
          },
          put: (key, body, options) => {
            writes.push({ key, options });
            return store.put(key, body, options);
          },
        }),
    });
  });
  afterAll(() => server.close());

  it('tags the original imageserver:kind=original (the bucket lifecycle selects on it) and nothing else', async () => {
    const jpeg = await makeJpeg({ width: 32, height: 24, exif: SAMPLE_EXIF });
    const res = await server.request
      .post('/v1/images')
      .set({ Authorization: `Bearer ${ADMIN_KEY}` })
      .attach('file', jpeg, 'photo.jpg');
    expect(res.status).toBe(201);
    const sha = res.body.sha256 as string;
    const original = writes.find((w) => w.key === `originals/${sha.slice(0, 2)}/${sha}`);
    expect(original?.options).toEqual({
      contentType: 'image/jpeg',
      tags: { 'imageserver:kind': 'original' },
    });
    // The EXIF-stripped copy for delivery is derived: no tag, so it stays in the default storage class.
    const others = writes.filter((w) => w !== original);
    expect(others.map((w) => w.key)).toEqual([expect.stringMatching(/^delivery\//)]);
    expect(others[0]!.options.tags).toBeUndefined();
  });
});
