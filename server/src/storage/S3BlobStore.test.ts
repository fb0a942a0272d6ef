/**
 * S3BlobStore against a real S3-protocol server (s3rver in a child process, see
 * test-support/s3/startS3Server.ts). What that server cannot check, so neither can these tests:
 * that AbortMultipartUpload really frees parts (s3rver refuses the call; we only check it is sent
 * and that the body's error wins), request/response checksums (the SDK's CRC32 headers are
 * accepted but never verified), multipart ETags and the 5 MiB minimum part size, conditional
 * writes, lifecycle rules, versioning, IAM/bucket policies, region redirects and throttling.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { startS3Server, type S3TestServer } from '../../test-support/s3/startS3Server';
import { S3BlobStore, type S3BlobStoreOptions } from './S3BlobStore';
import { createS3Client } from './createS3Client';
import {
  describeBlobStoreContract,
  listAll,
  readAll,
  sha256,
} from './__fixtures__/describeBlobStoreContract';

const MiB = 1024 * 1024;
const PNG = { contentType: 'image/png' };

let s3: S3TestServer;
const clients: S3Client[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await s3.stop();
});

/** A client built the way the server builds it, with the test server's credentials. */
function client(endpoint = s3.endpoint): S3Client {
  const made = createS3Client({ ...s3.s3Config(), endpoint }, { credentials: s3.credentials });
  clients.push(made);
  return made;
}

/** Records the name of every command the client sends. */
function recordCommands(target: S3Client): string[] {
  const names: string[] = [];
  target.middlewareStack.add(
    (next, context) => async (args) => {
      names.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return names;
}

/** Records each request as sent: command, query parameters and the x-amz-tagging header. */
function recordRequests(
  target: S3Client,
): { command: string; query: Record<string, unknown>; tagging?: string }[] {
  const requests: { command: string; query: Record<string, unknown>; tagging?: string }[] = [];
  target.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { query?: Record<string, unknown>; headers?: Record<string, string> };
      requests.push({
        command: String(context.commandName),
        query: request.query ?? {},
        tagging: request.headers?.['x-amz-tagging'],
      });
      return next(args);
    },
    { step: 'finalizeRequest', name: 'recordRequests' },
  );
  return requests;
}

function store(options: Partial<S3BlobStoreOptions> = {}): S3BlobStore {
  return new S3BlobStore({
    client: client(),
    bucket: s3.bucket,
    partSize: 5 * MiB,
    queueSize: 2,
    ...options,
  });
}

/** A port on which nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A fresh bucket for every contract test; the prefix has no trailing '/' to exercise its normalisation.
describeBlobStoreContract('S3BlobStore', async () => {
  const bucket = await s3.createBucket();
  return { store: store({ bucket, prefix: 'contract' }), partSize: 5 * MiB };
});

describe('S3BlobStore against an S3-protocol server', () => {
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 's3-blob-store-'));
  });

  afterEach(() => rm(scratch, { recursive: true, force: true }));

  it('putFile of a file over one part sends a multipart upload of several parts', async () => {
    const c = client();
    const sent = recordCommands(c);
    const target = store({ client: c, prefix: `mp-${Date.now()}/` });
    const bytes = randomBytes(2 * 5 * MiB + 1);
    const file = path.join(scratch, 'big.bin');
    await writeFile(file, bytes);

    await target.putFile('big', file, PNG);
    expect(sent).toEqual([
      'CreateMultipartUploadCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'UploadPartCommand',
      'CompleteMultipartUploadCommand',
    ]);
    expect(sha256(await readAll(await target.get('big')))).toBe(sha256(bytes));
  });

  it('a body failing after one part aborts the multipart upload and rethrows its own error', async () => {
    const c = client();
    const sent = recordCommands(c);
    const target = store({ client: c, prefix: 'aborted' });
    const cut = new Error('client disconnected');
    const body = Readable.from(
      (async function* () {
        yield randomBytes(5 * MiB + 1);
        throw cut;
      })(),
    );
    // s3rver answers AbortMultipartUpload with MethodNotAllowed: the body's error must still win.
    await expect(target.put('k', body, PNG)).rejects.toBe(cut);
    expect(sent).toContain('CreateMultipartUploadCommand');
    expect(sent).toContain('AbortMultipartUploadCommand');
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect(await target.head('k')).toBeUndefined();
  });

  it('a body within one part is a single PutObject', async () => {
    const c = client();
    const sent = recordCommands(c);
    await store({ client: c, prefix: 'single' }).put('small', randomBytes(5 * MiB), PNG);
    expect(sent).toEqual(['PutObjectCommand']);
  });

  it('isolates stores by S3_PREFIX on one bucket, "tenant-a" apart from "tenant-ab"', async () => {
    const bucket = await s3.createBucket();
    const a = store({ bucket, prefix: 'tenant-a' });
    const ab = store({ bucket, prefix: 'tenant-ab/' });
    const bare = store({ bucket });
    await a.put('img/1', Buffer.from('from a'), PNG);
    await ab.put('img/1', Buffer.from('from ab'), PNG);
    await ab.put('img/2', Buffer.from('only ab'), PNG);

    expect((await readAll(await a.get('img/1'))).toString()).toBe('from a');
    expect(await a.head('img/2')).toBeUndefined();
    expect(await listAll(a, '')).toEqual([{ key: 'img/1', size: 6 }]);
    expect((await listAll(ab, 'img/')).map((e) => e.key)).toEqual(['img/1', 'img/2']);
    expect((await listAll(bare, '')).map((e) => e.key)).toEqual([
      'tenant-a/img/1',
      'tenant-ab/img/1',
      'tenant-ab/img/2',
    ]);

    expect(await a.deletePrefix('img/')).toBe(1);
    expect((await listAll(bare, '')).map((e) => e.key)).toEqual(['tenant-ab/img/1', 'tenant-ab/img/2']);
  });

  it('list and deletePrefix walk every page', async () => {
    const c = client();
    const target = store({ client: c, bucket: await s3.createBucket(), listPageSize: 2 });
    const keys = ['p/1', 'p/2', 'p/3', 'p/4', 'p/5'];
    for (const key of keys) await target.put(key, Buffer.from(key), PNG);
    await target.put('q/keep', Buffer.from('q'), PNG);

    expect((await listAll(target, 'p/')).map((e) => e.key)).toEqual(keys);
    const sent = recordCommands(c);
    expect(await target.deletePrefix('p/')).toBe(5);
    expect(sent.filter((name) => name === 'DeleteObjectsCommand')).toHaveLength(3);
    expect((await listAll(target, '')).map((e) => e.key)).toEqual(['q/keep']);
  });

  it('sends no request at all for an invalid key or prefix', async () => {
    const c = client();
    const sent = recordCommands(c);
    const target = store({ client: c });
    await expect(target.put('../x', Buffer.from('x'), PNG)).rejects.toThrow('Invalid blob key "../x"');
    await expect(target.get('/abs')).rejects.toThrow('Invalid blob key "/abs"');
    await expect(target.deletePrefix('')).rejects.toThrow(
      'Invalid blob key "": invalid prefix: must end with "/"',
    );
    await expect(listAll(target, 'a//')).rejects.toThrow('Invalid blob key "a//"');
    expect(sent).toEqual([]);
  });

  it('ping fails with STORAGE_UNAVAILABLE when the bucket does not exist', async () => {
    await expect(store({ bucket: 'no-such-bucket-here' }).ping()).rejects.toMatchObject({
      code: 'STORAGE_UNAVAILABLE',
      status: 503,
      cause: expect.objectContaining({ name: 'NoSuchBucket' }),
    });
  });

  it('ping lists at most one key under its own prefix (all a prefix-scoped s3:ListBucket allows)', async () => {
    const c = client();
    const sent = recordRequests(c);
    await store({ client: c, prefix: 'servers/shop/catalog' }).ping();
    expect(sent).toEqual([
      {
        command: 'ListObjectsV2Command',
        query: expect.objectContaining({ prefix: 'servers/shop/catalog/', 'max-keys': '1' }),
        tagging: undefined,
      },
    ]);
  });

  it('sends tags with the object in the same request, for one PutObject and for a multipart upload', async () => {
    const c = client();
    const sent = recordRequests(c);
    const tags = { 'imageserver:kind': 'original' };
    const target = store({ client: c, prefix: 'tagged' });
    await target.put('small', Buffer.from('one part'), { ...PNG, tags });
    await target.put('big', randomBytes(5 * MiB + 1), { ...PNG, tags });
    await target.put('untagged', Buffer.from('x'), PNG);
    expect(sent.map((r) => [r.command, r.tagging])).toEqual([
      ['PutObjectCommand', 'imageserver%3Akind=original'],
      ['CreateMultipartUploadCommand', 'imageserver%3Akind=original'],
      ['UploadPartCommand', undefined],
      ['UploadPartCommand', undefined],
      ['CompleteMultipartUploadCommand', undefined],
      ['PutObjectCommand', undefined],
    ]);
    // s3rver ignores x-amz-tagging (it only implements PutObjectTagging), so the stored tags cannot be read back here.
    expect((await readAll(await target.get('small'))).toString()).toBe('one part');
  });

  it('every operation fails with STORAGE_UNAVAILABLE when the endpoint refuses connections', async () => {
    const target = store({ client: client(`http://127.0.0.1:${await closedPort()}`) });
    // The SDK wraps the socket error: "AWS SDK error wrapper for Error: connect ECONNREFUSED …".
    const unavailable = {
      code: 'STORAGE_UNAVAILABLE',
      status: 503,
      cause: expect.objectContaining({ message: expect.stringContaining('ECONNREFUSED') }),
    };
    await expect(target.ping()).rejects.toMatchObject(unavailable);
    await expect(target.get('k')).rejects.toMatchObject(unavailable);
    await expect(target.head('k')).rejects.toMatchObject(unavailable);
    await expect(target.put('k', Buffer.from('x'), PNG)).rejects.toMatchObject(unavailable);
    await expect(target.delete('k')).rejects.toMatchObject(unavailable);
    await expect(target.deletePrefix('k/')).rejects.toMatchObject(unavailable);
    await expect(listAll(target, '')).rejects.toMatchObject(unavailable);
    const body = new PassThrough();
    body.end(Buffer.from('streamed'));
    await expect(target.put('k', body, PNG)).rejects.toMatchObject(unavailable);
  });

  it('writes keys as S3_PREFIX + key in the bucket', async () => {
    const c = client();
    await store({ client: c, prefix: 'servers/demo' }).put('originals/x', Buffer.from('x'), PNG);
    const listed = await c.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'servers/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['servers/demo/originals/x']);
  });
});
