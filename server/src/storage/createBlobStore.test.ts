import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startS3Server, type S3TestServer } from '../../test-support/s3/startS3Server';
import { loadConfig } from '../config';
import { FsBlobStore } from './FsBlobStore';
import { S3BlobStore } from './S3BlobStore';
import { createBlobStore } from './createBlobStore';
import { createS3Client } from './createS3Client';
import { readAll } from './__fixtures__/describeBlobStoreContract';

describe('createBlobStore', () => {
  let dataDir: string;
  let s3: S3TestServer;

  beforeAll(async () => {
    s3 = await startS3Server();
  });

  afterAll(() => s3.stop());

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'create-blob-store-'));
  });

  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('without S3 settings, stores files under DATA_DIR/blobs', async () => {
    const store = createBlobStore(loadConfig({ DATA_DIR: dataDir }));
    expect(store).toBeInstanceOf(FsBlobStore);
    expect(store.kind).toBe('fs');
    await store.put('originals/a', Buffer.from('bytes'), { contentType: 'image/png' });
    expect(await readFile(path.join(dataDir, 'blobs/objects/originals/a'), 'utf8')).toBe('bytes');
  });

  it('with S3 settings and an injected client, stores under S3_PREFIX in S3_BUCKET', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, ...s3.env('servers/demo') });
    const client = createS3Client(config.s3!, { credentials: s3.credentials });
    const store = createBlobStore(config, { s3Client: client });
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(store.kind).toBe('s3');
    await store.put('originals/a', Buffer.from('bytes'), { contentType: 'image/png' });

    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['servers/demo/originals/a']);
    client.destroy();
  });

  it('with S3 settings alone, builds a client from config and the default credential chain', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    const env = s3.env('from-env/');
    process.env.AWS_ACCESS_KEY_ID = env.AWS_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = env.AWS_SECRET_ACCESS_KEY;
    try {
      const store = createBlobStore(loadConfig({ DATA_DIR: dataDir, ...env }));
      await store.ping();
      await store.put('k', Buffer.from('through the default chain'), { contentType: 'image/png' });
      expect((await readAll(await store.get('k'))).toString()).toBe('through the default chain');
    } finally {
      restore('AWS_ACCESS_KEY_ID', saved.id);
      restore('AWS_SECRET_ACCESS_KEY', saved.secret);
    }
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
