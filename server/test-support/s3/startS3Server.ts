/**
 * A real S3-protocol server for tests: s3rver 3.7.1 (npm, pure JavaScript) in a child process on
 * 127.0.0.1 and a free port, storing under a fresh temp folder. A child process because s3rver
 * needs `node --openssl-legacy-provider` on Node 24 (see s3rverProcess.mjs, which also fixes
 * one-byte ranges and listing order); it exits with the test process even if stop() is never called.
 *
 * What it answers like S3: buckets (create, head), PutObject, GetObject with `Range` (416 past the
 * end), HeadObject, DeleteObject, DeleteObjects, ListObjectsV2 with prefix, max-keys and
 * continuation tokens, CreateMultipartUpload / UploadPart / CompleteMultipartUpload, SigV4
 * signatures (with the credentials below), NoSuchKey / NoSuchBucket / NotFound errors.
 *
 * What it cannot check, so tests here cannot either: AbortMultipartUpload and ListMultipartUploads
 * (not implemented: aborts fail with MethodNotAllowed and parts of a failed upload stay behind);
 * the 5 MiB minimum part size and the part list on complete (not enforced); multipart ETags
 * (`<md5>-<parts>` on S3); request checksums (`x-amz-checksum-*`, Content-MD5: accepted, never
 * verified, never returned); aws-chunked streaming uploads; conditional writes (`If-None-Match` /
 * `If-Match` on PUT); lifecycle rules, versioning, object lock, SSE/KMS, bucket policies and IAM
 * (any request signed with the key below is allowed); region redirects; throttling (503 SlowDown);
 * S3's latency and its behaviour under load.
 *
 * @example
 * const s3 = await startS3Server();
 * const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials });
 * // or, for the image server: createBlobStore({ ...config, s3: s3.s3Config('my-prefix/') }, { s3Client: client })
 * // or, for a server child process: spawn(cmd, { env: { ...process.env, ...s3.env('my-prefix/') } })
 * await s3.stop();
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface S3TestServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`; use path-style addressing. */
  readonly endpoint: string;
  /** A fresh, empty bucket created at start (random name unless one was asked for). */
  readonly bucket: string;
  readonly region: string;
  /** The only credentials the server accepts (it checks SigV4 signatures). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Same shape as the server's `Config.s3`, for `bucket` (or another) and a prefix. */
  s3Config(
    prefix?: string,
    bucket?: string,
  ): {
    bucket: string;
    prefix: string;
    endpoint: string;
    region: string;
    forcePathStyle: boolean;
  };
  /** Environment for a server process: S3_* settings plus AWS_* credentials. */
  env(prefix?: string, bucket?: string): Record<string, string>;
  /** Creates another empty bucket (a random name when none is given) and returns its name. */
  createBucket(name?: string): Promise<string>;
  /** Stops the server, drops open connections and deletes its data folder. */
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
const REGION = 'us-east-1';

/** Starts the server and creates one fresh bucket (`options.bucket` or a random name). */
export async function startS3Server(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 's3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', childScript(), directory], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });

  async function stopServer(): Promise<void> {
    admin?.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(directory, { recursive: true, force: true });
  }

  let admin: S3Client | undefined;
  let endpoint: string;
  let bucket: string;
  try {
    const port = await readPort(child.stdout, exited, () => stderr);
    endpoint = `http://127.0.0.1:${port}`;
    admin = new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials: CREDENTIALS });
    bucket = await createBucketWith(admin, options.bucket);
  } catch (err) {
    await stopServer();
    throw err;
  }
  const client = admin;

  const s3Config = (prefix = '', name = bucket) => ({
    bucket: name,
    prefix,
    endpoint,
    region: REGION,
    forcePathStyle: true,
  });

  return {
    endpoint,
    bucket,
    region: REGION,
    credentials: CREDENTIALS,
    s3Config,
    env: (prefix = '', name = bucket) => ({
      S3_BUCKET: name,
      S3_PREFIX: prefix,
      S3_ENDPOINT: endpoint,
      S3_REGION: REGION,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    }),
    createBucket: (name) => createBucketWith(client, name),
    stop: stopServer,
  };
}

async function createBucketWith(
  client: S3Client,
  name = `test-${randomBytes(6).toString('hex')}`,
): Promise<string> {
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** The child's first stdout line is `{"port":N}`; anything else (or an exit) is a failed start. */
async function readPort(
  stdout: NodeJS.ReadableStream,
  exited: Promise<void>,
  stderr: () => string,
): Promise<number> {
  const lines = createInterface({ input: stdout });
  try {
    const first = await Promise.race([
      new Promise<string>((resolve) => lines.once('line', resolve)),
      exited.then(() => undefined),
    ]);
    const port = first === undefined ? undefined : (JSON.parse(first) as { port?: unknown }).port;
    if (typeof port !== 'number') throw new Error(`s3rver did not start: ${first ?? 'exited'}\n${stderr()}`);
    return port;
  } finally {
    lines.close();
  }
}

function childScript(): string {
  return path.join(__dirname, 's3rverProcess.mjs');
}
